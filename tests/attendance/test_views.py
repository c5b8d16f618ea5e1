"""The attendance pages: one tap by htmx or a plain form, the parent's signature, the office's queue and
its confirmation, isolation, and the access log of staff reads."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portail.attendance.models import AttendanceSheet, Day, Status
from portail.attendance.periods import period_of
from portail.families.models import ChildFileRead
from tests.attendance.factories import RecordedAgreementFactory, SheetFactory
from tests.registry.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def _today():
    return timezone.localdate()


def _planned_day():
    """The latest weekday up to today (the fixture's agreement plans Monday to Friday)."""
    day = _today()
    while day.weekday() > 4:
        day -= timedelta(days=1)
    return day


def test_the_day_page_lists_the_children_and_logs_the_read(client, agreement, demo_accounts):
    response = _login(client, demo_accounts["provider"]).get(reverse("attendance:today"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Émile" in page and "Présent" in page
    read = ChildFileRead.objects.get()
    assert (read.child, read.page) == (agreement.admission.child, "attendance:today")


def test_one_tap_by_htmx_answers_the_child_s_row(client, agreement, demo_accounts):
    day = _planned_day()
    response = _login(client, demo_accounts["provider"]).post(
        reverse("attendance:mark"),
        {"agreement": agreement.pk, "day": day.isoformat(), "state": "P"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert (
        response.content.decode()
        .lstrip()
        .startswith(f'<li class="attendance-row" id="presence-{agreement.pk}"')
    )
    assert 'aria-pressed="true"' in response.content.decode()
    sheet = AttendanceSheet.objects.get()
    assert sheet.days[period_of(day).index_of(day)] == Day.PRESENT


def test_one_tap_without_javascript_goes_back_to_the_day(client, agreement, demo_accounts):
    day = _planned_day()
    response = _login(client, demo_accounts["provider"]).post(
        reverse("attendance:mark"), {"agreement": agreement.pk, "day": day.isoformat(), "state": "A"}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"?jour={day.isoformat()}")
    assert AttendanceSheet.objects.get().days[period_of(day).index_of(day)] == Day.ABSENT


def test_a_day_to_come_is_refused_in_french_and_changes_nothing(client, agreement, demo_accounts):
    tomorrow = _today() + timedelta(days=1)
    response = _login(client, demo_accounts["provider"]).post(
        reverse("attendance:mark"),
        {"agreement": agreement.pk, "day": tomorrow.isoformat(), "state": "P"},
        follow=True,
    )
    assert "pas encore arrivé" in response.content.decode()
    assert not AttendanceSheet.objects.filter(days__contains="P").exists()


def test_another_provider_s_child_is_not_found(client, demo_accounts):
    other = RecordedAgreementFactory(admission__provider=ProviderFactory())
    response = _login(client, demo_accounts["provider"]).post(
        reverse("attendance:mark"), {"agreement": other.pk, "day": _today().isoformat(), "state": "P"}
    )
    assert response.status_code == 404
    assert not AttendanceSheet.objects.exists()


def _last_period_sheet(agreement, **fields):
    fields.setdefault("days", "PPPPP--" * 4)
    fields.setdefault("contribution_paid", Decimal("174.00"))
    return SheetFactory(agreement=agreement, period_start=period_of(_today()).previous().start, **fields)


def test_the_parent_signs_only_with_the_box_ticked(client, agreement, demo_accounts):
    sheet = _last_period_sheet(agreement, status=Status.SUBMITTED)
    _login(client, demo_accounts["parent"])
    page = client.get(reverse("attendance:sheet", args=[sheet.pk])).content.decode()
    assert "J’ai vérifié les présences et le montant payé" in page
    client.post(reverse("attendance:sign", args=[sheet.pk]))
    sheet.refresh_from_db()
    assert sheet.status == Status.SUBMITTED
    client.post(reverse("attendance:sign", args=[sheet.pk]), {"checked": "1"})
    sheet.refresh_from_db()
    assert (sheet.status, sheet.signed_by) == (Status.SIGNED, demo_accounts["parent"])
    assert not ChildFileRead.objects.exists()  # a parent's own reads are not logged


def test_the_child_page_links_to_its_attendance_sheets(client, agreement, demo_accounts):
    _last_period_sheet(agreement, status=Status.SUBMITTED)
    _login(client, demo_accounts["parent"])
    child = agreement.admission.child
    page = client.get(reverse("families:child", kwargs={"file_id": child.file_id})).content.decode()
    assert reverse("attendance:agreement_sheets", args=[agreement.pk]) in page
    listing = client.get(reverse("attendance:agreement_sheets", args=[agreement.pk])).content.decode()
    assert "Soumise, à signer par le parent" in listing


def test_a_draft_is_the_provider_s_work_the_parent_does_not_see_it(client, agreement, demo_accounts):
    sheet = _last_period_sheet(agreement)
    response = _login(client, demo_accounts["parent"]).get(reverse("attendance:sheet", args=[sheet.pk]))
    assert response.status_code == 404


def test_the_office_queue_shows_what_needs_a_look_first_in_constant_queries(client, agreement, demo_accounts):
    parent = demo_accounts["parent"]
    provider = agreement.admission.provider
    _login(client, demo_accounts["office_agent"])

    def signed(days):
        other = RecordedAgreementFactory(admission__provider=provider)
        return _last_period_sheet(
            other, status=Status.SIGNED, days=days, signed_on=_today(), signed_by=parent
        )

    signed("PPPPP--" * 4)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("attendance:queue"))
    flagged = signed("PPPPPE-" + "PPPPP--" * 3)
    for _ in range(5):
        signed("PPPPP--" * 4)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("attendance:queue"))
    assert len(many) == len(few)
    page = response.content.decode()
    first = page.index('name="sheets" value="') + len('name="sheets" value="')
    assert page[first : page.index('"', first)] == str(flagged.pk)  # flagged first, though signed later
    assert "jour non prévu" in page
    assert ChildFileRead.objects.filter(page="attendance:queue").count() >= 7


def test_the_office_confirms_many_at_once_and_another_office_s_sheet_is_not_found(
    client, agreement, demo_accounts
):
    parent = demo_accounts["parent"]
    sheet = _last_period_sheet(agreement, status=Status.SIGNED, signed_on=_today(), signed_by=parent)
    elsewhere = _last_period_sheet(
        RecordedAgreementFactory(admission__provider=ProviderFactory()),
        status=Status.SIGNED,
        signed_on=_today(),
        signed_by=parent,
    )
    _login(client, demo_accounts["office_agent"])
    response = client.post(reverse("attendance:confirm"), {"sheets": [sheet.pk, elsewhere.pk]})
    assert response.status_code == 404
    sheet.refresh_from_db()
    assert sheet.status == Status.SIGNED
    client.post(reverse("attendance:confirm"), {"sheets": [sheet.pk]})
    sheet.refresh_from_db()
    assert sheet.status == Status.CONFIRMED


def test_the_grid_shows_the_period_and_its_closures(client, agreement, demo_accounts):
    _login(client, demo_accounts["provider"])
    period = period_of(_today()).previous()
    client.post(reverse("attendance:closure"), {"day": period.start.isoformat(), "back": "grid"})
    _last_period_sheet(agreement)
    page = client.get(reverse("attendance:grid"), {"debut": period.start.isoformat()}).content.decode()
    assert "Émile" in page and "attendance-cell--closed" in page and "Soumettre au parent" in page


def test_the_period_form_saves_a_child_s_four_weeks(client, agreement, demo_accounts):
    period = period_of(_today()).previous()
    planned = next(index for index, day in enumerate(period.days) if day.weekday() < 5)
    _login(client, demo_accounts["provider"])
    url = reverse("attendance:edit", args=[agreement.pk]) + f"?debut={period.start.isoformat()}"
    assert client.get(url).status_code == 200
    response = client.post(url, {f"day_{planned}": "P", "contribution_paid": "-5"})
    assert "0 $ ou plus" in response.content.decode()
    assert not AttendanceSheet.objects.exists()
    response = client.post(url, {f"day_{planned}": "P", "contribution_paid": "8.70"})
    sheet = AttendanceSheet.objects.get()
    assert response["Location"] == reverse("attendance:sheet", args=[sheet.pk])
    assert (sheet.days[planned], sheet.contribution_paid) == (Day.PRESENT, Decimal("8.70"))
