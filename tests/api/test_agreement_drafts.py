"""A draft agreement entered through the API (`submit: false`), or one the office returned: its terms
corrected with If-Match, then sent to the office, through the agreements' own services and rules."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portail.agreements.models import AgreementEvent, Status
from tests.api.conftest import Api
from tests.api.world import build, token_for


@pytest.fixture
def world(demo_accounts):
    return build(demo_accounts)


@pytest.fixture
def bc(client, world):
    return Api(client, token_for(world.client))


def _terms(admission, **changes):
    return {
        "effective_from": admission.planned_start_date.isoformat(),
        "basis": "full_day",
        "days": ["monday", "tuesday"],
        "arrival": "08:30",
        "departure": "16:00",
        "subsidized": False,
        "signed_on": timezone.localdate().isoformat(),
        **changes,
    }


def _put(bc, agreement, body, etag=None):
    url = f"/api/v1/agreements/{agreement.pk}/"
    etag = etag if etag is not None else bc.get(url)["ETag"]
    return bc.client.put(
        url, body, content_type="application/json", **bc.headers({"HTTP_IF_MATCH": etag} if etag else {})
    )


def test_a_draft_entered_through_the_api_is_corrected_then_submitted(bc, world):
    created = bc.post(
        "/api/v1/agreements/",
        {"admission": world.to_conclude.pk, "submit": False, **_terms(world.to_conclude)},
    )
    assert created.json()["status"] == "draft"
    pk = created.json()["id"]
    agreement = world.to_conclude.agreement

    corrected = _put(bc, agreement, {**_terms(world.to_conclude, days=["friday"]), "submit": False})
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["status"] == "draft"
    assert corrected.json()["versions"][0]["days"] == ["friday"]
    assert corrected["ETag"] != created["ETag"]

    submitted = bc.post(f"/api/v1/agreements/{pk}/submit/")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted"
    assert submitted.json()["submitted_on"] == timezone.localdate().isoformat()
    step = AgreementEvent.objects.filter(agreement_id=pk).latest("pk")
    assert (step.to_status, step.by_id) == (Status.SUBMITTED, world.client.user_id)


def test_a_returned_agreement_is_corrected_and_sent_again_in_one_call(bc, world):
    bc.post(f"/api/v1/agreements/{world.submitted.pk}/return/", {"reason": "Heures à corriger"})

    response = _put(bc, world.submitted, _terms(world.submitted.admission, departure="17:00"))

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    assert response.json()["versions"][0]["departure"] == "17:00"


def test_a_correction_needs_the_etag_of_what_was_read(bc, world):
    missing = _put(bc, world.draft, _terms(world.draft.admission), etag="")
    stale = _put(bc, world.draft, _terms(world.draft.admission), etag='"autre"')

    assert (missing.status_code, missing.json()["code"]) == (428, "precondition_required")
    assert (stale.status_code, stale.json()["code"]) == (412, "precondition_failed")
    world.draft.refresh_from_db()
    assert world.draft.status == Status.DRAFT


def test_the_services_rules_hold(bc, world):
    # A submitted agreement is not corrected (the office returns it first), nor submitted again.
    corrected = _put(bc, world.submitted, _terms(world.submitted.admission))
    again = bc.post(f"/api/v1/agreements/{world.submitted.pk}/submit/")
    # The terms' own rules: a start before the admission's.
    early = (world.draft.admission.planned_start_date - timedelta(days=400)).isoformat()
    too_early = _put(bc, world.draft, _terms(world.draft.admission, effective_from=early))

    assert (corrected.status_code, corrected.json()["code"]) == (422, "rule_broken")
    assert (again.status_code, again.json()["code"]) == (422, "rule_broken")
    assert too_early.status_code == 422, too_early.content
    assert world.draft.versions.get().effective_from == world.draft.admission.planned_start_date


def test_another_offices_draft_is_not_found(client, world):
    other = Api(client, token_for(world.other_client))

    assert other.post(f"/api/v1/agreements/{world.draft.pk}/submit/").status_code == 404
    response = _put(other, world.draft, _terms(world.draft.admission), etag='"x"')
    assert (response.status_code, response.json()["code"]) == (404, "not_found")
