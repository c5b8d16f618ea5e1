"""Attendance through the API: the office's sheets (filters, a constant cost a page, the reads logged), one
sheet with its tallies and ETag, its confirmation or return with If-Match through the same services, the
attestation as JSON and as a PDF, and the sheets' steps in the change feed, in order after a cursor."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portail.api.models import ExternalReference
from portail.attendance import services
from portail.attendance.models import Day, SheetEvent, Status
from portail.attendance.periods import period_of, reference_year_of
from portail.families.models import ChildFileRead
from tests.api.conftest import Api
from tests.api.world import build, token_for
from tests.attendance.factories import SheetFactory
from tests.attendance.factories_reports import days, recorded_agreement

P, A = Day.PRESENT, Day.ABSENT


@pytest.fixture
def world(demo_accounts):
    return build(demo_accounts)


@pytest.fixture
def bc(client, world):
    return Api(client, token_for(world.client))


def _last_period():
    return period_of(timezone.localdate()).previous()


@pytest.fixture
def attended(world, demo_accounts):
    """parent@'s child at the world's provider since the last period, Monday to Friday: 3 days present and
    one absent in it, submitted and signed."""
    period = _last_period()
    parent = demo_accounts["parent"]
    agreement = recorded_agreement(provider=world.provider, parent=parent, start=period.start)
    return SheetFactory(
        agreement=agreement,
        period_start=period.start,
        days=days((0, P), (1, P), (2, P), (3, A)),
        status=Status.SIGNED,
        contribution_paid=0,
        submitted_on=timezone.localdate(),
        signed_on=timezone.localdate(),
        signed_by=demo_accounts["parent"],
    )


# The list.


def test_the_list_filters_by_period_provider_status_and_agreement(bc, world, attended):
    draft = SheetFactory(agreement=world.recorded, period_start=_last_period().previous().start)
    start = _last_period().start.isoformat()

    def ids(query):
        response = bc.get(f"/api/v1/attendance/?{query}")
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids("") == {world.signed_sheet.pk, attended.pk, draft.pk}
    assert ids(f"period={start}") == {world.signed_sheet.pk, attended.pk}
    assert ids(f"agreement={world.recorded.pk}") == {world.signed_sheet.pk, draft.pk}
    assert ids("status=draft") == {draft.pk}
    assert ids(f"provider={world.provider.pk}&status=signed") == {world.signed_sheet.pk, attended.pk}
    assert ids(f"provider={world.provider.pk + 1000}") == set()
    # By the vendor's own id of the agreement, as agreements are found.
    ExternalReference.objects.create(
        office=world.provider.office,
        source_system="mon-logiciel",
        external_id="ENT-7",
        agreement=attended.agreement,
    )
    assert ids("source_system=mon-logiciel&external_id=ENT-7") == {attended.pk}
    assert ids("source_system=mon-logiciel&external_id=ENT-8") == set()
    assert bc.get("/api/v1/attendance/?external_id=ENT-7").json()["code"] == "invalid_filter"


@pytest.mark.parametrize(
    "query", ["period=2026-13-01", "period=hier", "status=perdu", "provider=x", "period=PERIOD+1"]
)
def test_a_bad_filter_is_refused_with_its_code(bc, query):
    query = query.replace("PERIOD+1", (_last_period().start + timedelta(days=1)).isoformat())

    response = bc.get(f"/api/v1/attendance/?{query}")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_filter"


def test_another_offices_software_sees_none_of_the_sheets(client, world, attended):
    other = Api(client, token_for(world.other_client))

    assert other.get("/api/v1/attendance/").json()["results"] == []
    response = other.get(f"/api/v1/attendance/{attended.pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_page_of_sheets_costs_the_same_queries_whatever_its_length(
    bc, world, django_assert_num_queries, django_assert_max_num_queries
):
    period = _last_period()
    for weeks in range(1, 13):
        agreement = recorded_agreement(provider=world.provider, start=period.start - timedelta(weeks=weeks))
        SheetFactory(agreement=agreement, period_start=period.start, days=days((0, P)))
    bc.get("/api/v1/events/")  # the client's last use, written once a minute
    # Authentication (token, client), the page, the agreements' versions, the access log, the call log.
    with django_assert_max_num_queries(8) as few:
        assert len(bc.get("/api/v1/attendance/?page_size=2").json()["results"]) == 2
    with django_assert_num_queries(len(few)):
        assert len(bc.get("/api/v1/attendance/?page_size=13").json()["results"]) == 13


def test_a_page_of_sheets_is_logged_as_reads_of_the_childrens_files(bc, world, attended):
    bc.get("/api/v1/attendance/")

    reads = ChildFileRead.objects.filter(page="api:attendance_sheets")
    assert {read.child_id for read in reads} == {
        attended.agreement.admission.child_id,
        world.recorded.admission.child_id,
    }
    assert {read.reader_id for read in reads} == {world.client.user_id}


# One sheet.


def test_a_sheet_shows_its_days_tallies_signature_and_etag(bc, world, attended):
    response = bc.get(f"/api/v1/attendance/{attended.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert body["days"] == attended.days
    assert body["tally"] == {"days": 3, "half_days": 0, "subsidized_days": 3}
    assert (body["status"], body["version"]) == ("signed", 1)
    assert body["signed_on"] == timezone.localdate().isoformat()
    assert body["period_end"] == _last_period().end.isoformat()
    assert body["child"]["first_name"] == attended.agreement.admission.child.first_name
    assert response["ETag"].startswith('"')
    read = ChildFileRead.objects.get(page="api:attendance_sheet")
    assert (read.child_id, read.reader_id, read.office_id) == (
        attended.agreement.admission.child_id,
        world.client.user_id,
        world.client.office_id,
    )
    assert "logiciel" in read.page_label.lower() or "software" in read.page_label.lower()


# Confirm and return.


def test_confirming_needs_the_etag_of_what_was_read(bc, attended):
    url = f"/api/v1/attendance/{attended.pk}/"
    etag = bc.get(url)["ETag"]

    missing = bc.post(f"{url}confirm/")
    stale = bc.post(f"{url}confirm/", HTTP_IF_MATCH='"autre"')

    assert (missing.status_code, missing.json()["code"]) == (428, "precondition_required")
    assert (stale.status_code, stale.json()["code"]) == (412, "precondition_failed")
    attended.refresh_from_db()
    assert attended.status == Status.SIGNED
    confirmed = bc.post(f"{url}confirm/", HTTP_IF_MATCH=etag)
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["status"] == "confirmed"
    assert confirmed["ETag"] != etag
    attended.refresh_from_db()
    assert (attended.status, attended.confirmed_on) == (Status.CONFIRMED, timezone.localdate())
    step = SheetEvent.objects.filter(sheet=attended).latest("pk")
    assert (step.to_status, step.by_id) == (Status.CONFIRMED, bc_user(bc))


def bc_user(api):
    from oauth2_provider.models import AccessToken

    return AccessToken.objects.get(token=api.token).application.api_client.user_id


def test_a_sheet_not_signed_is_not_confirmed(bc, world):
    sheet = SheetFactory(agreement=world.recorded, period_start=_last_period().previous().start)
    url = f"/api/v1/attendance/{sheet.pk}/"

    response = bc.post(f"{url}confirm/", HTTP_IF_MATCH=bc.get(url)["ETag"])

    assert response.status_code == 422
    assert response.json()["code"] == "rule_broken"
    sheet.refresh_from_db()
    assert sheet.status == Status.DRAFT


def test_returning_says_what_to_correct(bc, attended):
    url = f"/api/v1/attendance/{attended.pk}/"
    etag = bc.get(url)["ETag"]

    blank = bc.post(f"{url}return/", {"reason": "  "}, HTTP_IF_MATCH=etag)
    returned = bc.post(f"{url}return/", {"reason": "Le montant payé ne concorde pas"}, HTTP_IF_MATCH=etag)

    assert blank.status_code in (400, 422)
    assert returned.status_code == 200, returned.content
    assert returned.json()["status"] == "returned"
    step = SheetEvent.objects.filter(sheet=attended).latest("pk")
    assert (step.to_status, step.reason) == (Status.RETURNED, "Le montant payé ne concorde pas")


def test_the_same_confirmation_sent_twice_with_its_key_is_replayed(bc, attended):
    url = f"/api/v1/attendance/{attended.pk}/"
    etag = bc.get(url)["ETag"]

    first = bc.post(f"{url}confirm/", HTTP_IF_MATCH=etag, HTTP_IDEMPOTENCY_KEY="confirm-1")
    again = bc.post(f"{url}confirm/", HTTP_IF_MATCH=etag, HTTP_IDEMPOTENCY_KEY="confirm-1")

    assert first.status_code == again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert SheetEvent.objects.filter(sheet=attended, to_status=Status.CONFIRMED).count() == 1


# Attestations.


@pytest.fixture
def attested(world, demo_accounts):
    """A recorded agreement that started in the previous reference year, 2 days attended in each year."""
    this_year = reference_year_of(timezone.localdate())
    last_start = this_year.start.replace(year=this_year.first_year - 1)
    agreement = recorded_agreement(provider=world.provider, parent=demo_accounts["parent"], start=last_start)
    first = period_of(last_start)
    SheetFactory(agreement=agreement, period_start=first.start, days=days((0, P), (1, P)))
    now = period_of(this_year.start)
    index = (this_year.start - now.start).days
    SheetFactory(agreement=agreement, period_start=now.start, days=days((index, P), (index + 1, P)))
    return agreement


def test_the_attestation_gives_the_dates_and_the_days_of_each_reference_year(bc, attested):
    response = bc.get(f"/api/v1/agreements/{attested.pk}/attestation/")

    assert response.status_code == 200, response.content
    body = response.json()
    this_year = reference_year_of(timezone.localdate()).first_year
    assert body["start_date"] == attested.versions.get().effective_from.isoformat()
    assert body["end_date"] is None
    assert [(year["first_year"], year["days"]) for year in body["years"]] == [
        (this_year, 2),
        (this_year - 1, 2),
    ]
    assert body["years"][0]["all_confirmed"] is False
    read = ChildFileRead.objects.get(page="api:attestation")
    assert read.child_id == attested.admission.child_id


def test_the_attestation_of_a_year_as_a_pdf(bc, attested):
    this_year = reference_year_of(timezone.localdate()).first_year
    url = f"/api/v1/agreements/{attested.pk}/attestation.pdf"

    response = bc.get(f"{url}?year={this_year - 1}", HTTP_ACCEPT="application/pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"attestation-{this_year - 1}-{attested.pk}.pdf" in response["Content-Disposition"]
    assert ChildFileRead.objects.filter(page="api:attestation_pdf").count() == 1
    refused = bc.get(f"{url}?year=1999", HTTP_ACCEPT="application/pdf")
    assert (refused.status_code, refused.json()["code"]) == (400, "invalid_filter")
    assert refused["Content-Type"] == "application/problem+json"


def test_a_draft_agreement_has_no_attestation(bc, world):
    for path in ("attestation/", "attestation.pdf"):
        response = bc.get(f"/api/v1/agreements/{world.draft.pk}/{path}")
        assert response.status_code == 404


# The change feed.


def test_each_step_of_a_sheet_is_in_the_feed_in_order(bc, client, world, demo_accounts, attended):
    period = _last_period().previous()
    agreement = recorded_agreement(provider=world.provider, start=period.start)
    parent = agreement.admission.child.family.parent
    sheet = SheetFactory(agreement=agreement, period_start=period.start, contribution_paid=0)
    provider = demo_accounts["provider"]
    start = bc.get("/api/v1/events/").json()["next"]

    services.submit_sheet(sheet=sheet, by=provider)
    services.contest_sheet(sheet=sheet, by=parent, comment="Absent le lundi")
    services.submit_sheet(sheet=sheet, by=provider)
    services.sign_sheet(sheet=sheet, by=parent)
    url = f"/api/v1/attendance/{sheet.pk}/"
    bc.post(f"{url}return/", {"reason": "Montant"}, HTTP_IF_MATCH=bc.get(url)["ETag"])
    url = f"/api/v1/attendance/{attended.pk}/"
    bc.post(f"{url}confirm/", HTTP_IF_MATCH=bc.get(url)["ETag"])

    first = bc.get(f"/api/v1/events/?after={start}&limit=4").json()
    rest = bc.get(f"/api/v1/events/?after={first['next']}").json()
    events = first["events"] + rest["events"]
    assert first["more"] is True and rest["more"] is False
    assert [(event["kind"], event["object_id"], event["status"]) for event in events] == [
        ("attendance.submitted", sheet.pk, "submitted"),
        ("attendance.contested", sheet.pk, "contested"),
        ("attendance.submitted", sheet.pk, "submitted"),
        ("attendance.signed", sheet.pk, "signed"),
        ("attendance.returned", sheet.pk, "returned"),
        ("attendance.confirmed", attended.pk, "confirmed"),
    ]
    assert [event["id"] for event in events] == sorted(event["id"] for event in events)
    assert bc.get(f"/api/v1/events/?after={rest['next']}").json()["events"] == []
    # Another office's software, and one without attendance:read, see none of them.
    other = Api(client, token_for(world.other_client))
    assert other.get(f"/api/v1/events/?after={start}").json()["events"] == []
    no_attendance = Api(client, token_for(world.client, ["admissions:read", "agreements:read"]))
    assert no_attendance.get(f"/api/v1/events/?after={start}").json()["events"] == []
