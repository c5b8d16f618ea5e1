"""Marking days, closures, submitting, signing, contesting, confirming, returning: each rule at its edge,
and bad input changing nothing."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from portail.agreements.models import AgreementVersion
from portail.agreements.models import Status as AgreementStatus
from portail.attendance.counting import agreement_year, sheet_tallies
from portail.attendance.models import AbsenceAlert, AttendanceSheet, Day, SheetVersion, Status
from portail.attendance.periods import Period, ReferenceYear, period_of
from portail.attendance.services import (
    add_closure,
    confirm_sheets,
    contest_sheet,
    correct_period,
    mark_day,
    return_sheet,
    sign_sheet,
    submit_sheet,
)
from tests.accounts.factories import UserFactory
from tests.attendance.conftest import START
from tests.attendance.factories import RecordedAgreementFactory, SheetFactory
from tests.families.factories import FamilyFileFactory
from tests.registry.factories import OfficeAgentFactory

pytestmark = pytest.mark.django_db
# Period 1: Monday 1 September – Sunday 28 September 2025, 20 weekdays.
PERIOD = Period(START)
AFTER = date(2025, 9, 29)
WEEKDAYS = "".join(Day.PRESENT if (START + timedelta(days=i)).weekday() < 5 else Day.NONE for i in range(28))


def _rows():
    return list(AttendanceSheet.objects.values()), list(SheetVersion.objects.values())


def _mark(agreement, demo_accounts, day, state=Day.PRESENT, **kwargs):
    kwargs.setdefault("today", AFTER)
    return mark_day(agreement=agreement, day=day, state=state, by=demo_accounts["provider"], **kwargs)


def _refused(call, *args, message="", **kwargs):
    before = _rows()
    with pytest.raises(ValidationError) as refusal:
        call(*args, **kwargs)
    assert _rows() == before
    assert message in " ".join(refusal.value.messages)


def test_marks_present_and_absent_one_character_a_day(agreement, demo_accounts):
    _mark(agreement, demo_accounts, date(2025, 9, 2))
    sheet = _mark(agreement, demo_accounts, date(2025, 9, 3), Day.ABSENT)
    assert sheet.days[:4] == "-PA-"
    assert sheet.period_start == START and sheet.provider == demo_accounts["provider"].provider
    assert AttendanceSheet.objects.count() == 1


def test_a_day_still_to_come_is_refused(agreement, demo_accounts):
    _mark(agreement, demo_accounts, date(2025, 9, 10), today=date(2025, 9, 10))
    _refused(
        _mark,
        agreement,
        demo_accounts,
        date(2025, 9, 11),
        today=date(2025, 9, 10),
        message="pas encore arrivé",
    )
    _refused(
        _mark,
        agreement,
        demo_accounts,
        date(2025, 9, 11),
        Day.ABSENT,
        today=date(2025, 9, 10),
        message="pas encore arrivé",
    )


def test_before_the_start_or_after_the_end_is_refused(agreement, demo_accounts):
    _refused(_mark, agreement, demo_accounts, date(2025, 8, 1), message="hors des dates de l’entente")
    agreement.status, agreement.end_date, agreement.end_reason = (
        AgreementStatus.ENDED,
        date(2025, 9, 5),
        "parent",
    )
    agreement.save()
    _mark(agreement, demo_accounts, date(2025, 9, 5))
    _refused(_mark, agreement, demo_accounts, date(2025, 9, 8), message="hors des dates de l’entente")


def test_a_closure_day_takes_no_presence_and_may_be_planned_ahead(agreement, demo_accounts):
    provider = demo_accounts["provider"].provider
    _mark(agreement, demo_accounts, date(2025, 9, 3), Day.ABSENT)
    add_closure(provider=provider, day=date(2025, 9, 3), by=demo_accounts["provider"])
    assert AttendanceSheet.objects.get().days[2] == Day.NONE  # the absence gave way to the closure
    add_closure(provider=provider, day=date(2026, 12, 24), by=demo_accounts["provider"])  # far ahead
    _refused(_mark, agreement, demo_accounts, date(2025, 9, 3), message="jour de fermeture")
    _mark(agreement, demo_accounts, date(2025, 9, 4))
    with pytest.raises(ValidationError, match="marqué présent"):
        add_closure(provider=provider, day=date(2025, 9, 4), by=demo_accounts["provider"])


def test_a_day_not_planned_needs_an_extra_day(agreement, demo_accounts):
    saturday = date(2025, 9, 6)
    _refused(_mark, agreement, demo_accounts, saturday, message="journée supplémentaire")
    _refused(_mark, agreement, demo_accounts, saturday, Day.ABSENT, message="ne peut pas y être absent")
    assert _mark(agreement, demo_accounts, saturday, extra=True).days[5] == Day.EXTRA
    # An "extra" on a planned day is a plain presence.
    assert _mark(agreement, demo_accounts, date(2025, 9, 8), extra=True).days[7] == Day.PRESENT


def test_twenty_days_in_four_weeks_pass_the_twenty_first_needs_a_justification(agreement, demo_accounts):
    SheetFactory(agreement=agreement, period_start=START, days=WEEKDAYS[:-1] + Day.NONE)
    sheet = AttendanceSheet.objects.get()
    assert sheet.attended == 20
    _refused(_mark, agreement, demo_accounts, date(2025, 9, 27), extra=True, message="au-delà de 20")
    correct_period(
        agreement=agreement,
        period=PERIOD,
        by=demo_accounts["provider"],
        days=WEEKDAYS[:26] + Day.EXTRA + Day.NONE,
        contribution_paid=Decimal("174.00"),
        justification="Remplacement demandé par le parent pendant son quart de travail.",
        today=AFTER,
    )
    assert AttendanceSheet.objects.get().attended == 21


def _in_year(agreement, year):
    """Days and half-days attended under `agreement` in a reference year, each day in its own year."""
    total = agreement_year(agreement, year).total
    return total.days, total.half_days


def _in_period(agreement, period):
    """Days and half-days of the agreement's sheet of `period`, the whole period."""
    sheet = AttendanceSheet.objects.get(agreement=agreement, period_start=period.start)
    tally = sheet_tallies([sheet])[sheet.pk]
    return tally.days, tally.half_days


def test_261_days_in_a_reference_year_pass_the_262nd_is_refused_counted_by_the_day_s_year(
    agreement, demo_accounts
):
    year = ReferenceYear(2025)
    periods = year.periods()
    assert len(periods) == 14 and periods[-1].start == date(2026, 8, 31)  # it holds 31 August and 1 September
    for period in periods[:13]:
        SheetFactory(agreement=agreement, period_start=period.start, days=WEEKDAYS, justification="")
    assert _in_year(agreement, year) == (260, 0)
    today = date(2026, 10, 1)
    _mark(agreement, demo_accounts, date(2026, 8, 31), today=today)  # the 261st, in the straddling period
    _mark(agreement, demo_accounts, date(2026, 9, 1), today=today)  # counted in 2026–2027
    assert _in_year(agreement, year) == (261, 0)
    assert _in_year(agreement, ReferenceYear(2026)) == (1, 0)
    assert _in_period(agreement, periods[-1]) == (2, 0)
    correct = {"agreement": agreement, "period": periods[12], "by": demo_accounts["provider"], "today": today}
    saturday = (periods[12].start + timedelta(days=5)).isoformat()
    assert date.fromisoformat(saturday).weekday() == 5
    _refused(
        correct_period,
        **correct,
        days=WEEKDAYS[:5] + Day.EXTRA + WEEKDAYS[6:],
        contribution_paid=None,
        justification="Journée ajoutée",
        message="262 jours de fréquentation dans l’année de référence 2025–2026",
    )


def test_a_half_day_basis_counts_half_days(agreement, demo_accounts):
    AgreementVersion.objects.filter(agreement=agreement).update(basis="half_day")
    _mark(agreement, demo_accounts, date(2025, 9, 2))
    assert _in_period(agreement, PERIOD) == (0, 1)


def _absent(agreement, days):
    """Sheets with every day from START absent for `days` days (all seven days planned)."""
    codes = Day.ABSENT * days
    for number, start in enumerate(range(0, days, 28)):
        chunk = codes[start : start + 28]
        SheetFactory(
            agreement=agreement, period_start=START + timedelta(days=28 * number), days=chunk.ljust(28, "-")
        )


def test_the_90th_consecutive_day_of_absence_tells_the_provider_and_the_office(
    agreement, demo_accounts, django_capture_on_commit_callbacks
):
    AgreementVersion.objects.filter(agreement=agreement).update(days=127)
    _absent(agreement, 88)
    today = date(2026, 1, 15)
    _mark(agreement, demo_accounts, START + timedelta(days=88), Day.ABSENT, today=today)  # the 89th
    assert not AbsenceAlert.objects.exists() and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        _mark(agreement, demo_accounts, START + timedelta(days=89), Day.ABSENT, today=today)  # the 90th
    alert = AbsenceAlert.objects.get()
    assert (alert.absent_since, alert.reached_on) == (START, START + timedelta(days=89))
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {
        demo_accounts["provider"].provider.email or "rsge@demo.test",
        demo_accounts["provider"].provider.office.email,
    }
    assert "Émile" not in mail.outbox[0].subject
    # A correction showing the child there during those days removes the alert.
    _mark(agreement, demo_accounts, START + timedelta(days=40), Day.PRESENT, today=today)
    assert not AbsenceAlert.objects.exists()


def test_days_not_planned_and_closures_do_not_break_a_run_of_absence(agreement, demo_accounts):
    # Monday to Friday planned: weekends neither count nor break; the calendar days do count.
    codes = "".join(Day.ABSENT if (START + timedelta(days=i)).weekday() < 5 else Day.NONE for i in range(112))
    for number in range(4):
        SheetFactory(
            agreement=agreement,
            period_start=START + timedelta(days=28 * number),
            days=codes[28 * number : 28 * number + 28],
        )
    _mark(agreement, demo_accounts, date(2025, 12, 22), Day.ABSENT, today=date(2026, 1, 15))
    assert AbsenceAlert.objects.get().absent_since == START


def _submitted(agreement, demo_accounts, days=WEEKDAYS):
    sheet = SheetFactory(
        agreement=agreement, period_start=START, days=days, contribution_paid=Decimal("174.00")
    )
    return submit_sheet(sheet=sheet, by=demo_accounts["provider"], today=AFTER)


def test_the_provider_submits_once_the_period_is_over_with_the_amount_paid(agreement, demo_accounts):
    sheet = SheetFactory(agreement=agreement, period_start=START, days=WEEKDAYS)
    _refused(
        submit_sheet, sheet=sheet, by=demo_accounts["provider"], today=AFTER, message="contribution payée"
    )
    sheet.contribution_paid = Decimal("0")
    sheet.save()
    _refused(
        submit_sheet,
        sheet=sheet,
        by=demo_accounts["provider"],
        today=date(2025, 9, 28),
        message="se termine le",
    )
    submit_sheet(sheet=sheet, by=demo_accounts["provider"], today=AFTER)
    sheet.refresh_from_db()
    assert (sheet.status, sheet.submitted_on) == (Status.SUBMITTED, AFTER)


def test_a_negative_contribution_is_refused(agreement, demo_accounts):
    _refused(
        correct_period,
        agreement=agreement,
        period=PERIOD,
        by=demo_accounts["provider"],
        days=Day.EMPTY,
        contribution_paid=Decimal("-1"),
        today=AFTER,
        message="0 $ ou plus",
    )


def test_the_parent_signs_once_its_own_family_only_never_before_the_end(agreement, demo_accounts):
    sheet = _submitted(agreement, demo_accounts)
    other = UserFactory(role="parent")
    FamilyFileFactory(parent=other)
    with pytest.raises(PermissionDenied):
        sign_sheet(sheet=sheet, by=other, today=AFTER)
    with pytest.raises(PermissionDenied):
        sign_sheet(sheet=sheet, by=demo_accounts["provider"], today=AFTER)
    _refused(
        sign_sheet, sheet=sheet, by=demo_accounts["parent"], today=date(2025, 9, 28), message="se termine le"
    )
    sign_sheet(sheet=sheet, by=demo_accounts["parent"], today=AFTER)
    _refused(sign_sheet, sheet=sheet, by=demo_accounts["parent"], today=AFTER, message="déjà signé")
    sheet.refresh_from_db()
    assert (sheet.status, sheet.signed_on, sheet.signed_by) == (Status.SIGNED, AFTER, demo_accounts["parent"])
    steps = [(e.from_status, e.to_status, e.by.email) for e in sheet.events.all()]
    assert steps == [("draft", "submitted", "rsge@demo.test"), ("submitted", "signed", "parent@demo.test")]


def test_a_contest_goes_back_to_the_provider_who_corrects_and_resubmits(agreement, demo_accounts):
    sheet = _submitted(agreement, demo_accounts)
    _refused(contest_sheet, sheet=sheet, by=demo_accounts["parent"], comment="  ", message="Indiquez ce qui")
    contest_sheet(sheet=sheet, by=demo_accounts["parent"], comment="Absente le 2 septembre")
    sheet.refresh_from_db()
    assert sheet.status == Status.CONTESTED
    _mark(agreement, demo_accounts, date(2025, 9, 2), Day.ABSENT)
    submit_sheet(sheet=sheet, by=demo_accounts["provider"], today=AFTER)
    sign_sheet(sheet=sheet, by=demo_accounts["parent"], today=AFTER)
    sheet.refresh_from_db()
    assert (sheet.status, sheet.version, sheet.days[1]) == (Status.SIGNED, 1, Day.ABSENT)
    assert sheet.events.get(to_status=Status.CONTESTED).reason == "Absente le 2 septembre"


def test_a_correction_after_the_signature_is_a_new_version_the_parent_signs_again(agreement, demo_accounts):
    sheet = _submitted(agreement, demo_accounts)
    sign_sheet(sheet=sheet, by=demo_accounts["parent"], today=AFTER)
    _mark(agreement, demo_accounts, date(2025, 9, 2), Day.ABSENT, today=date(2025, 9, 30))
    sheet.refresh_from_db()
    assert (sheet.status, sheet.version, sheet.signed_on) == (Status.SUBMITTED, 2, None)
    kept = SheetVersion.objects.get()
    assert (kept.number, kept.days, kept.signed_on, kept.signed_by) == (
        1,
        WEEKDAYS,
        AFTER,
        demo_accounts["parent"],
    )
    with pytest.raises(ValidationError):
        confirm_sheets(sheets=[sheet], by=demo_accounts["office_agent"], today=AFTER)
    sign_sheet(sheet=sheet, by=demo_accounts["parent"], today=date(2025, 9, 30))
    sheet.refresh_from_db()
    assert (sheet.status, sheet.version, sheet.signed_on) == (Status.SIGNED, 2, date(2025, 9, 30))


def test_the_office_confirms_signed_sheets_of_its_territory_many_at_once_all_or_none(
    agreement, demo_accounts
):
    first = _submitted(agreement, demo_accounts)
    sign_sheet(sheet=first, by=demo_accounts["parent"], today=AFTER)
    second_agreement = RecordedAgreementFactory(
        admission__provider=agreement.admission.provider, admission__planned_start_date=date(2025, 8, 4)
    )
    second = SheetFactory(
        agreement=second_agreement, period_start=START, days=WEEKDAYS, status=Status.SUBMITTED
    )
    _refused(
        confirm_sheets,
        sheets=[first, second],
        by=demo_accounts["office_agent"],
        today=AFTER,
        message="est « Soumise",
    )
    with pytest.raises(PermissionDenied):
        confirm_sheets(sheets=[first], by=OfficeAgentFactory().user, today=AFTER)
    with pytest.raises(PermissionDenied):
        confirm_sheets(sheets=[first], by=demo_accounts["provider"], today=AFTER)
    confirm_sheets(sheets=[first], by=demo_accounts["office_agent"], today=AFTER)
    first.refresh_from_db()
    assert (first.status, first.confirmed_on) == (Status.CONFIRMED, AFTER)
    _refused(_mark, agreement, demo_accounts, date(2025, 9, 2), Day.ABSENT, message="a confirmé")


def test_the_office_returns_with_a_reason_and_the_provider_corrects_as_a_new_version(
    agreement, demo_accounts
):
    sheet = _submitted(agreement, demo_accounts)
    sign_sheet(sheet=sheet, by=demo_accounts["parent"], today=AFTER)
    _refused(
        return_sheet, sheet=sheet, by=demo_accounts["office_agent"], reason="", message="Indiquez ce que"
    )
    return_sheet(sheet=sheet, by=demo_accounts["office_agent"], reason="Montant à vérifier")
    correct_period(
        agreement=agreement,
        period=PERIOD,
        by=demo_accounts["provider"],
        days=WEEKDAYS,
        contribution_paid=Decimal("180.00"),
        today=AFTER,
    )
    sheet.refresh_from_db()
    assert (sheet.status, sheet.version, sheet.signed_on) == (Status.RETURNED, 2, None)
    submit_sheet(sheet=sheet, by=demo_accounts["provider"], today=AFTER)
    sign_sheet(sheet=sheet, by=demo_accounts["parent"], today=AFTER)
    confirm_sheets(sheets=[sheet], by=demo_accounts["office_agent"], today=AFTER)


def test_a_returned_sheet_sent_again_unchanged_is_a_new_version_the_parent_signs_again(
    agreement, demo_accounts
):
    sheet = _submitted(agreement, demo_accounts)
    sign_sheet(sheet=sheet, by=demo_accounts["parent"], today=AFTER)
    return_sheet(sheet=sheet, by=demo_accounts["office_agent"], reason="Le montant est le bon, renvoyez")

    submit_sheet(sheet=sheet, by=demo_accounts["provider"], today=AFTER)

    sheet.refresh_from_db()
    assert (sheet.status, sheet.version) == (Status.SUBMITTED, 2)
    assert (sheet.signed_on, sheet.signed_by) == (None, None)
    kept = sheet.versions.get()
    assert (kept.number, kept.signed_by) == (1, demo_accounts["parent"])
    sign_sheet(sheet=sheet, by=demo_accounts["parent"], today=AFTER)
    confirm_sheets(sheets=[sheet], by=demo_accounts["office_agent"], today=AFTER)


def test_another_provider_cannot_mark(agreement, demo_accounts):
    other = RecordedAgreementFactory()
    with pytest.raises(PermissionDenied):
        _mark(other, demo_accounts, date(2025, 9, 2))
    with pytest.raises(PermissionDenied):
        mark_day(
            agreement=agreement,
            day=date(2025, 9, 2),
            state="P",
            by=demo_accounts["office_agent"],
            today=AFTER,
        )
    assert not AttendanceSheet.objects.exists()


def test_the_period_calendar_runs_both_ways_from_its_first_day():
    assert period_of(date(2025, 9, 28)).start == START
    assert period_of(date(2025, 9, 29)).start == date(2025, 9, 29)
    assert period_of(date(2025, 8, 31)).start == date(2025, 8, 4)
    assert Period(START).number == 1 and Period(date(2026, 8, 3)).number == 13
    assert Period(date(2026, 8, 31)).number == 1
