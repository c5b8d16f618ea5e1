"""The API's upkeep: the answers kept for Idempotency-Key retries purged by the daily jobs after their
retention, and a refusal of the database (a race on a unique constraint) answered as a 409 `conflict`."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from portail.agreements.models import Agreement
from portail.api.models import ExternalReference, IdempotentAnswer
from portail.api.services import purge_idempotent_answers
from portail.api.tasks import purge_idempotent_answers_daily
from portail.core import daily
from tests.api.conftest import Api
from tests.api.world import build, token_for


@pytest.fixture
def world(demo_accounts):
    return build(demo_accounts)


@pytest.fixture
def bc(client, world):
    return Api(client, token_for(world.client))


def _conclude(bc, admission, **extra):
    return bc.post(
        "/api/v1/agreements/",
        {
            "admission": admission.pk,
            "effective_from": admission.planned_start_date.isoformat(),
            "basis": "full_day",
            "days": ["monday"],
            "arrival": "08:00",
            "departure": "16:30",
            "subsidized": False,
            "signed_on": timezone.localdate().isoformat(),
            **extra,
        },
    )


# Idempotency keys purged.


def test_the_answers_older_than_the_retention_are_purged_the_recent_kept(bc, world, settings):
    settings.API_IDEMPOTENCY_HOURS = 24
    bc.post(f"/api/v1/agreements/{world.submitted.pk}/record/", HTTP_IDEMPOTENCY_KEY="vieille")
    bc.post(f"/api/v1/admissions/{world.admitted.pk}/confirm/", {}, HTTP_IDEMPOTENCY_KEY="récente")
    IdempotentAnswer.objects.filter(key="vieille").update(at=timezone.now() - timedelta(hours=25))
    IdempotentAnswer.objects.filter(key="récente").update(at=timezone.now() - timedelta(hours=23))

    assert purge_idempotent_answers() == 1

    assert list(IdempotentAnswer.objects.values_list("key", flat=True)) == ["récente"]


def test_a_key_purged_is_a_new_request(bc, world):
    first = bc.post(f"/api/v1/agreements/{world.submitted.pk}/record/", HTTP_IDEMPOTENCY_KEY="k")
    IdempotentAnswer.objects.update(at=timezone.now() - timedelta(days=3))
    purge_idempotent_answers()

    again = bc.post(f"/api/v1/agreements/{world.submitted.pk}/record/", HTTP_IDEMPOTENCY_KEY="k")

    assert first.status_code == 200
    assert "Idempotent-Replayed" not in again  # done again: the service refuses a second record
    assert again.status_code == 422


def test_the_purge_is_a_daily_job_and_a_command(db):
    assert daily.JOBS[purge_idempotent_answers_daily.module_path] is purge_idempotent_answers_daily
    assert purge_idempotent_answers_daily.call() == 0
    out = io.StringIO()
    call_command("purge_idempotency_keys", stdout=out)
    assert out.getvalue().startswith("0 idempotency answers older than 24 hours")


# Database refusals.


def test_a_race_on_a_unique_constraint_answers_a_409_conflict_and_writes_nothing(bc, world, monkeypatch):
    """Another call records the same vendor id between this call's check and its insert: the database
    refuses the insert, the call answers `conflict` and leaves nothing behind."""
    other = Agreement.objects.get(pk=world.recorded.pk)
    create = ExternalReference.objects.create

    def racing_create(**fields):
        ExternalReference.objects.bulk_create([ExternalReference(**{**fields, "agreement": other})])
        return create(**fields)

    monkeypatch.setattr(ExternalReference.objects, "create", racing_create)

    response = _conclude(bc, world.to_conclude, source_system="gestion-bc", external_id="E-1")

    assert response.status_code == 409, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "conflict"
    assert not Agreement.objects.filter(admission=world.to_conclude).exists()
    assert not ExternalReference.objects.exists()
    # The connection is still usable (PostgreSQL aborts a transaction on an error).
    monkeypatch.undo()
    assert _conclude(bc, world.to_conclude).status_code == 201
