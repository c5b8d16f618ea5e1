"""`POST /api/v1/attendance/periods/{start}/`: a period for many children in one call, by our ids or the
vendor's, all or nothing with the wrong entry named, safe to retry, refused for another office's agreement
or a provider that does not delegate, and every bad input a problem detail."""

import json
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from portail.admissions.models import Delegation
from portail.agreements.models import Status as AgreementStatus
from portail.api.models import ChangeEvent, ExternalReference
from portail.attendance.models import AttendanceSheet, Day, SheetVersion
from portail.attendance.periods import period_of
from portail.attendance.services import sign_sheet, submit_sheet
from tests.agreements.factories import ConfirmedAdmissionFactory
from tests.api.conftest import Api
from tests.api.world import build, token_for
from tests.attendance.factories import RecordedAgreementFactory, SheetFactory
from tests.matrix import snapshot

# The period before today's: its days have all come.
PERIOD = period_of(timezone.localdate()).previous()
URL = f"/api/v1/attendance/periods/{PERIOD.start.isoformat()}/"
MONDAY = PERIOD.start.isoformat()
WEEKDAYS = "".join(Day.PRESENT if day.weekday() < 5 else Day.NONE for day in PERIOD.days)


@pytest.fixture
def world(demo_accounts):
    return build(demo_accounts)


@pytest.fixture
def bc(client, world):
    return Api(client, token_for(world.client))


@pytest.fixture
def kept(world, demo_accounts):
    """Three children's recorded agreements at the world's provider, from before the period."""
    return [
        RecordedAgreementFactory(
            admission=ConfirmedAdmissionFactory(
                provider=world.provider,
                admitted_by=demo_accounts["provider"],
                planned_start_date=PERIOD.start - timedelta(days=60),
            ),
            created_by=demo_accounts["provider"],
        )
        for _ in range(3)
    ]


def _unchanged(call):
    before = snapshot()
    response = call()
    after = snapshot()
    for tables in (before, after):
        tables.pop("api.ApiCall", None)
        tables.pop("api.ApiClient", None)
    assert after == before, "a refused upload wrote something"
    return response


def test_a_period_for_many_children_in_one_call(bc, kept):
    ExternalReference.objects.create(
        office_id=kept[2].admission.provider.office_id,
        source_system="logi",
        external_id="E-3",
        agreement=kept[2],
    )
    response = bc.post(
        URL,
        {
            "entries": [
                {"agreement": kept[0].pk, "days": WEEKDAYS, "contribution_paid": "12.50"},
                {"agreement": kept[1].pk, "days": {MONDAY: "present", PERIOD.days[1].isoformat(): "absent"}},
                {
                    "agreement_ref": {"source_system": "logi", "external_id": "E-3"},
                    "days": {PERIOD.days[5].isoformat(): "extra"},
                    "justification": "",
                },
            ]
        },
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["period_start"] == PERIOD.start.isoformat()
    assert [sheet["agreement"] for sheet in body["sheets"]] == [agreement.pk for agreement in kept]
    assert body["sheets"][0]["days"] == WEEKDAYS and body["sheets"][0]["status"] == "draft"
    assert body["sheets"][1]["days"] == "PA" + Day.EMPTY[2:]
    assert body["sheets"][2]["days"] == "-----E" + Day.EMPTY[6:]
    assert AttendanceSheet.objects.get(agreement=kept[0]).contribution_paid == 12.5


def test_all_or_nothing_the_wrong_entry_is_named(bc, kept):
    saturday = PERIOD.days[5].isoformat()
    response = _unchanged(
        lambda: bc.post(
            URL,
            {
                "entries": [
                    {"agreement": kept[0].pk, "days": WEEKDAYS},
                    {"agreement": kept[1].pk, "days": {saturday: "present"}},
                ]
            },
        )
    )

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    fields = response.json()["invalid_fields"]
    assert [(field["name"], field["code"]) for field in fields] == [
        (f"entries.1.days.{saturday}", "extra_day_unconfirmed")
    ]
    assert "journée supplémentaire" in fields[0]["reason"]


@pytest.mark.parametrize(
    ("days", "name", "code"),
    [
        ({"2001-01-01": "present"}, "entries.0.days.2001-01-01", "outside_period"),
        ({"lundi": "present"}, "entries.0.days.lundi", "invalid_date"),
        ({MONDAY: "here"}, f"entries.0.days.{MONDAY}", "invalid_choice"),
        ("PPP", "entries.0.days", "invalid_days"),
        (12, "entries.0.days", "invalid"),
    ],
)
def test_bad_days_are_named(bc, kept, days, name, code):
    response = _unchanged(lambda: bc.post(URL, {"entries": [{"agreement": kept[0].pk, "days": days}]}))

    assert response.status_code == 400
    assert [(field["name"], field["code"]) for field in response.json()["invalid_fields"]] == [(name, code)]


def test_unknown_fields_and_wrong_types_are_refused(bc, kept):
    response = _unchanged(
        lambda: bc.post(
            URL,
            {"entries": [{"agreement": str(kept[0].pk) + "x", "days": {}, "colour": "blue"}], "more": 1},
        )
    )

    assert response.status_code == 400
    names = {field["name"] for field in response.json()["invalid_fields"]}
    assert names == {"more"} or names >= {"entries.0.colour"}


def test_an_entry_names_one_agreement(bc, kept):
    response = bc.post(URL, {"entries": [{"days": {}}]})

    assert response.status_code == 400
    assert response.json()["invalid_fields"][0]["name"] == "entries.0.agreement"


@pytest.mark.parametrize(
    "start", [(PERIOD.start + timedelta(days=1)).isoformat(), "2026-13-01", "0001-01-01"]
)
def test_the_address_names_a_period_by_its_first_day(bc, kept, start):
    response = bc.post(
        f"/api/v1/attendance/periods/{start}/", {"entries": [{"agreement": kept[0].pk, "days": {}}]}
    )

    assert response.status_code == 400
    assert response.json()["code"] == "not_a_period_start"


def test_another_office_s_agreement_is_not_found_and_nothing_is_written(client, world, kept):
    other = Api(client, token_for(world.other_client))
    response = _unchanged(lambda: other.post(URL, {"entries": [{"agreement": kept[0].pk, "days": WEEKDAYS}]}))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert response.json()["invalid_fields"][0]["name"] == "entries.0.agreement"
    # The same answer for an id that does not exist, and for a vendor's id of another office.
    ExternalReference.objects.create(
        office_id=kept[0].admission.provider.office_id,
        source_system="logi",
        external_id="E-1",
        agreement=kept[0],
    )
    missing = other.post(
        URL,
        {"entries": [{"agreement_ref": {"source_system": "logi", "external_id": "E-1"}, "days": {}}]},
    )
    assert missing.status_code == 404
    assert missing.json()["invalid_fields"][0]["name"] == "entries.0.agreement_ref"
    assert missing.json()["detail"] == response.json()["detail"]


def test_a_provider_that_does_not_delegate_is_refused(bc, world, kept):
    Delegation.objects.filter(provider=world.provider).update(is_active=False)

    response = _unchanged(lambda: bc.post(URL, {"entries": [{"agreement": kept[0].pk, "days": WEEKDAYS}]}))

    assert response.status_code == 403
    assert response.json()["code"] == "not_delegated"
    assert response.json()["detail"] == "La RSGE n’a pas autorisé son bureau coordonnateur à agir pour elle."


def test_an_agreement_not_recorded_is_named(bc, world, kept):
    response = _unchanged(
        lambda: bc.post(
            URL,
            {
                "entries": [
                    {"agreement": kept[0].pk, "days": {}},
                    {"agreement": world.submitted.pk, "days": {}},
                ]
            },
        )
    )

    assert response.status_code == 422
    assert [(field["name"], field["code"]) for field in response.json()["invalid_fields"]] == [
        ("entries.1.agreement", "agreement_not_recorded")
    ]
    assert world.submitted.status == AgreementStatus.SUBMITTED


def test_replayed_with_the_same_idempotency_key_it_is_written_once(bc, kept):
    body = {"entries": [{"agreement": kept[0].pk, "days": {MONDAY: "present"}}]}
    first = bc.post(URL, body, HTTP_IDEMPOTENCY_KEY="period-1")
    AttendanceSheet.objects.filter(agreement=kept[0]).update(days=Day.EMPTY)  # changed by someone since
    again = bc.post(URL, body, HTTP_IDEMPOTENCY_KEY="period-1")

    assert first.status_code == again.status_code == 200
    assert json.loads(again.content) == json.loads(first.content)
    assert again["Idempotent-Replayed"] == "true"
    assert AttendanceSheet.objects.get(agreement=kept[0]).days == Day.EMPTY  # not written a second time
    other = bc.post(
        URL, {"entries": [{"agreement": kept[1].pk, "days": {}}]}, HTTP_IDEMPOTENCY_KEY="period-1"
    )
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"


def test_a_signed_sheet_corrected_is_a_new_version(bc, kept, demo_accounts):
    sheet = SheetFactory(agreement=kept[0], period_start=PERIOD.start, days=WEEKDAYS, contribution_paid=0)
    today = timezone.localdate()
    submit_sheet(sheet=sheet, by=demo_accounts["provider"], today=today)
    sign_sheet(sheet=sheet, by=kept[0].admission.child.family.parent, today=today)

    response = bc.post(URL, {"entries": [{"agreement": kept[0].pk, "days": {MONDAY: "absent"}}]})

    assert response.status_code == 200, response.content
    answer = response.json()["sheets"][0]
    assert (answer["version"], answer["status"], answer["days"][0]) == (2, "submitted", "A")
    assert SheetVersion.objects.get(sheet=sheet).days == WEEKDAYS
    # The new version goes back to the parent: the change feed says so, as for a correction on screen.
    steps = ChangeEvent.objects.filter(object_id=sheet.pk, kind__startswith="attendance.").order_by("pk")
    assert [(step.kind, step.status) for step in steps] == [
        ("attendance.submitted", "submitted"),
        ("attendance.signed", "signed"),
        ("attendance.submitted", "submitted"),
    ]


def test_too_many_entries_is_refused_before_reading_them(bc, kept):
    entries = [{"agreement": kept[0].pk, "days": "-" * 28}] * 10_000
    with override_settings(API_MAX_BODY_BYTES=2_000_000):
        response = _unchanged(lambda: bc.post(URL, {"entries": entries}))

    assert response.status_code == 413
    assert response.json()["code"] == "too_many_entries"


def test_a_body_over_the_limit_is_refused(bc, kept):
    entries = [{"agreement": kept[0].pk, "days": "-" * 28, "justification": "x" * 900}] * 1500

    response = _unchanged(lambda: bc.post(URL, {"entries": entries}))

    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


def test_a_repeated_agreement_is_named(bc, kept):
    response = _unchanged(
        lambda: bc.post(
            URL, {"entries": [{"agreement": kept[0].pk, "days": {}}, {"agreement": kept[0].pk, "days": {}}]}
        )
    )

    assert response.status_code == 422
    assert response.json()["invalid_fields"][0] == {
        "name": "entries.1.agreement",
        "reason": response.json()["invalid_fields"][0]["reason"],
        "code": "duplicate_entry",
    }
