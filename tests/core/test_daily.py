"""The retention purges run by the task worker once a day, with no cron (#16 item 6, #11): a run queues the
next at 03:00, `schedule_daily_jobs` queues the first and never a second, and the worker does the purge."""

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from portail.api.tasks import purge_idempotent_answers_daily
from portail.core import daily
from portail.families.tasks import purge_access_log_daily
from portail.messaging import services
from portail.messaging.models import Message, Thread
from portail.messaging.tasks import purge_messages_daily

pytestmark = pytest.mark.django_db

MONTREAL = ZoneInfo("America/Toronto")
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE


def _waiting() -> list[tuple[str, datetime]]:
    return sorted(
        DBTaskResult.objects.filter(status=TaskResultStatus.READY).values_list("task_path", "run_after")
    )


def test_the_next_run_is_the_next_3_am_montreal_time():
    assert daily.next_run(datetime(2026, 12, 1, 23, 40, tzinfo=MONTREAL)) == datetime(
        2026, 12, 2, 3, 0, tzinfo=MONTREAL
    )
    assert daily.next_run(datetime(2026, 12, 2, 2, 59, tzinfo=MONTREAL)).day == 2
    assert daily.next_run(datetime(2026, 12, 2, 3, 0, tzinfo=MONTREAL)).day == 3
    # Across the change to summer time, still 03:00 on the wall.
    spring = daily.next_run(datetime(2026, 3, 8, 12, 0, tzinfo=MONTREAL))
    assert (spring.day, spring.hour) == (9, 3)


def test_the_purges_are_daily_jobs():
    assert set(daily.JOBS) == {
        purge_messages_daily.module_path,
        purge_access_log_daily.module_path,
        purge_idempotent_answers_daily.module_path,
    }


def test_scheduling_queues_each_job_once_however_often_it_runs(database_queue):
    out = io.StringIO()
    call_command("schedule_daily_jobs", stdout=out)
    call_command("schedule_daily_jobs", stdout=out)

    waiting = _waiting()
    assert [path for path, _ in waiting] == sorted(daily.JOBS)
    assert all(run_after == daily.next_run() for _, run_after in waiting)
    assert out.getvalue().count("already queued") == len(daily.JOBS)


def test_with_the_immediate_queue_nothing_is_deferred(settings):
    """The tests' and a one-off command's backend runs a task at once: a run must not call itself forever."""
    assert not daily.queue_next(purge_messages_daily)
    assert purge_access_log_daily.call() == 0


# Committed for real: the worker closes a connection found inside a transaction, as a test's would be.
@pytest.mark.django_db(transaction=True)
def test_the_worker_purges_and_queues_tomorrow_s_run(database_queue, settings, demo_accounts):
    agent, provider = demo_accounts["office_agent"], demo_accounts["provider"].provider
    old = services.start_thread(provider=provider, subject="Ancien", body="Vieux", by=agent)
    recent = services.start_thread(provider=provider, subject="Récent", body="Neuf", by=agent)
    Message.objects.filter(thread=old).update(
        created_at=timezone.now() - timedelta(days=settings.MESSAGING_RETENTION_DAYS + 1)
    )
    DBTaskResult.objects.all().delete()  # the new messages' notices: not this test's matter
    # Today's runs, due since 03:00 (as if queued yesterday).
    yesterday = timezone.now() - timedelta(days=1)
    for task in daily.JOBS.values():
        daily.queue_next(task, now=yesterday)

    call_command("db_worker", batch=True, no_startup_delay=True, stdout=io.StringIO(), stderr=io.StringIO())

    assert not Thread.objects.filter(pk=old.pk).exists()
    assert Thread.objects.filter(pk=recent.pk).exists()
    done = DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).values_list("task_path", flat=True)
    assert sorted(done) == sorted(daily.JOBS)
    assert _waiting() == [(path, daily.next_run()) for path in sorted(daily.JOBS)]


def test_a_failing_purge_still_leaves_tomorrow_s_run_queued(database_queue, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disque plein")

    monkeypatch.setattr("portail.families.access_log.purge", broken)

    with pytest.raises(RuntimeError):
        purge_access_log_daily.call()

    assert _waiting() == [(purge_access_log_daily.module_path, daily.next_run())]
