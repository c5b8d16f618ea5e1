"""The API's background job: the daily purge of the answers kept for idempotent retries."""

from django_tasks import task


@task()
def purge_idempotent_answers_daily() -> int:
    """The worker's daily purge of the Idempotency-Key answers past API_IDEMPOTENCY_HOURS (docs/api.md):
    tomorrow's run is queued first, so that a failing purge does not stop the next ones."""
    from portail.api.services import purge_idempotent_answers
    from portail.core import daily

    daily.queue_next(purge_idempotent_answers_daily)
    return purge_idempotent_answers()
