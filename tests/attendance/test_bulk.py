"""A period uploaded for many children at once (services.upsert_period): who may, all or nothing with the
wrong entry named, a signed sheet corrected as a new version, the 90-day watch, and the same result as
correct_period one sheet at a time."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portail.admissions.models import Delegation
from portail.agreements.models import AgreementVersion
from portail.agreements.models import Status as AgreementStatus
from portail.attendance.models import AbsenceAlert, AttendanceSheet, Closure, Day, SheetEvent, SheetVersion
from portail.attendance.periods import Period
from portail.attendance.permissions import can_keep
from portail.attendance.services import PeriodEntry, correct_period, sign_sheet, submit_sheet, upsert_period
from tests.attendance.conftest import START
from tests.attendance.factories import RecordedAgreementFactory, SheetFactory
from tests.families.factories import ChildFactory
from tests.registry.factories import OfficeAgentFactory

pytestmark = pytest.mark.django_db
PERIOD = Period(START)
AFTER = date(2025, 9, 29)
WEEKDAYS = "".join(Day.PRESENT if (START + timedelta(days=i)).weekday() < 5 else Day.NONE for i in range(28))


@pytest.fixture
def delegating(demo_accounts):
    return Delegation.objects.create(provider=demo_accounts["provider"].provider, is_active=True)


@pytest.fixture
def agreements(agreement, demo_accounts):
    """Émile's agreement and two more children's at the same provider, Monday to Friday."""
    more = [
        RecordedAgreementFactory(
            admission__child=ChildFactory(birth_date=date(2023, 3, 1)),
            admission__provider=demo_accounts["provider"].provider,
            admission__planned_start_date=date(2025, 8, 4),
            admission__admitted_by=demo_accounts["provider"],
        )
        for _ in range(2)
    ]
    return [agreement, *more]


def _rows():
    return (
        list(AttendanceSheet.objects.values()),
        list(SheetVersion.objects.values()),
        list(SheetEvent.objects.values()),
    )


def _entry(agreement, days=WEEKDAYS, amount="174.00", **kwargs):
    return PeriodEntry(agreement_id=agreement.pk, days=days, contribution_paid=Decimal(amount), **kwargs)


def test_an_agent_of_the_office_keeps_attendance_only_while_the_provider_delegates(agreement, demo_accounts):
    agent, provider = demo_accounts["office_agent"], demo_accounts["provider"]
    other_office = OfficeAgentFactory().user
    assert can_keep(provider, agreement) and not can_keep(agent, agreement)
    delegation = Delegation.objects.create(provider=agreement.admission.provider, is_active=True)
    assert can_keep(agent, agreement) and not can_keep(other_office, agreement)
    # The write asks the same predicate as the button.
    sheet = correct_period(
        agreement=agreement, period=PERIOD, by=agent, days=WEEKDAYS, contribution_paid=None, today=AFTER
    )
    assert sheet.days == WEEKDAYS
    delegation.is_active = False
    delegation.save()
    assert not can_keep(agent, agreement) and can_keep(provider, agreement)
    before = _rows()
    with pytest.raises(PermissionDenied):
        correct_period(
            agreement=agreement, period=PERIOD, by=agent, days=Day.EMPTY, contribution_paid=None, today=AFTER
        )
    with pytest.raises(PermissionDenied):
        upsert_period(period=PERIOD, entries=[_entry(agreement)], by=agent, today=AFTER)
    assert _rows() == before


def test_another_office_s_agent_may_not_upload(agreement, delegating):
    with pytest.raises(PermissionDenied):
        upsert_period(period=PERIOD, entries=[_entry(agreement)], by=OfficeAgentFactory().user, today=AFTER)
    assert not AttendanceSheet.objects.exists()


def test_the_office_uploads_a_period_for_many_children_at_once(agreements, demo_accounts, delegating):
    existing = SheetFactory(agreement=agreements[1], period_start=START, days=Day.ABSENT + Day.EMPTY[1:])
    sheets = upsert_period(
        period=PERIOD,
        entries=[
            _entry(agreements[0]),
            PeriodEntry(agreement_id=agreements[1].pk, days={1: Day.PRESENT, 5: Day.EXTRA}),
            _entry(agreements[2], days=Day.EMPTY, amount="0.00", justification="  "),
        ],
        by=demo_accounts["office_agent"],
        today=AFTER,
    )
    assert [sheet.agreement_id for sheet in sheets] == [agreement.pk for agreement in agreements]
    stored = {sheet.agreement_id: sheet for sheet in AttendanceSheet.objects.all()}
    assert stored[agreements[0].pk].days == WEEKDAYS
    assert stored[agreements[0].pk].contribution_paid == Decimal("174.00")
    # Only the days given change; the amount not given stays as it was.
    assert stored[agreements[1].pk].pk == existing.pk
    assert stored[agreements[1].pk].days == "AP---E" + Day.EMPTY[6:]
    assert stored[agreements[1].pk].contribution_paid is None
    assert stored[agreements[2].pk].days == Day.EMPTY
    assert stored[agreements[2].pk].contribution_paid == Decimal("0.00")


def test_a_wrong_entry_writes_nothing_and_is_named_with_its_day(agreements, demo_accounts, delegating):
    Closure.objects.create(
        provider=demo_accounts["provider"].provider,
        day=date(2025, 9, 8),
        created_by=demo_accounts["provider"],
    )
    SheetFactory(agreement=agreements[0], period_start=START, days=Day.EMPTY)
    before = _rows()
    saturday = Day.NONE * 5 + Day.PRESENT + Day.EMPTY[6:]
    with pytest.raises(ValidationError) as refusal:
        upsert_period(
            period=PERIOD,
            entries=[
                _entry(agreements[0], days=WEEKDAYS[:7] + Day.NONE + WEEKDAYS[8:]),
                _entry(agreements[1], days=saturday),
                PeriodEntry(agreement_id=agreements[2].pk, days={7: Day.PRESENT}),
                _entry(agreements[0], days=Day.EMPTY),
            ],
            by=demo_accounts["office_agent"],
            today=AFTER,
        )
    assert _rows() == before
    assert set(refusal.value.message_dict) == {"entries.3.agreement"}
    assert refusal.value.error_dict["entries.3.agreement"][0].code == "duplicate_entry"

    with pytest.raises(ValidationError) as refusal:
        upsert_period(
            period=PERIOD,
            entries=[
                _entry(agreements[0], days=WEEKDAYS[:7] + Day.NONE + WEEKDAYS[8:]),
                _entry(agreements[1], days=saturday),
                PeriodEntry(agreement_id=agreements[2].pk, days={7: Day.PRESENT}),
                PeriodEntry(agreement_id=agreements[0].pk + 1000, days={}),
            ],
            by=demo_accounts["office_agent"],
            today=AFTER,
        )
    assert refusal.value.error_dict["entries.3.agreement"][0].code == "not_found"

    with pytest.raises(ValidationError) as refusal:
        upsert_period(
            period=PERIOD,
            entries=[
                _entry(agreements[0], days=WEEKDAYS[:7] + Day.NONE + WEEKDAYS[8:]),
                _entry(agreements[1], days=saturday),
                PeriodEntry(agreement_id=agreements[2].pk, days={7: Day.PRESENT}),
            ],
            by=demo_accounts["office_agent"],
            today=AFTER,
        )
    assert _rows() == before
    errors = refusal.value.error_dict
    assert set(errors) == {"entries.1.days.2025-09-06", "entries.2.days.2025-09-08"}
    assert [error.code for error in errors["entries.1.days.2025-09-06"]] == ["extra_day_unconfirmed"]
    assert [error.code for error in errors["entries.2.days.2025-09-08"]] == ["closure_day"]
    assert "fermeture" in " ".join(refusal.value.message_dict["entries.2.days.2025-09-08"])


def test_an_agreement_not_recorded_is_named(agreements, demo_accounts, delegating):
    agreements[1].status = AgreementStatus.SUBMITTED
    agreements[1].save()
    with pytest.raises(ValidationError) as refusal:
        upsert_period(
            period=PERIOD,
            entries=[_entry(agreements[0]), _entry(agreements[1])],
            by=demo_accounts["office_agent"],
            today=AFTER,
        )
    assert refusal.value.error_dict["entries.1.agreement"][0].code == "agreement_not_recorded"
    assert not AttendanceSheet.objects.exists()


def test_a_signed_sheet_corrected_in_an_upload_is_a_new_version(agreements, demo_accounts, delegating):
    sheet = SheetFactory(
        agreement=agreements[0], period_start=START, days=WEEKDAYS, contribution_paid=Decimal("174.00")
    )
    submit_sheet(sheet=sheet, by=demo_accounts["provider"], today=AFTER)
    sign_sheet(sheet=sheet, by=demo_accounts["parent"], today=AFTER)
    upsert_period(
        period=PERIOD,
        entries=[
            PeriodEntry(agreement_id=agreements[0].pk, days={1: Day.ABSENT}),
            _entry(agreements[1]),
        ],
        by=demo_accounts["office_agent"],
        today=AFTER,
    )
    sheet.refresh_from_db()
    assert (sheet.status, sheet.version, sheet.signed_on, sheet.days[:2]) == ("submitted", 2, None, "PA")
    kept = SheetVersion.objects.get()
    assert (kept.sheet_id, kept.number, kept.days, kept.signed_by) == (
        sheet.pk,
        1,
        WEEKDAYS,
        demo_accounts["parent"],
    )
    event = SheetEvent.objects.filter(step="version").get()
    assert (event.from_status, event.to_status, event.version, event.by) == (
        "signed",
        "submitted",
        2,
        demo_accounts["office_agent"],
    )


def test_the_90th_day_of_absence_uploaded_raises_the_alert(
    agreement, demo_accounts, delegating, django_capture_on_commit_callbacks
):
    AgreementVersion.objects.filter(agreement=agreement).update(days=127)  # every day of the week
    for number in range(3):
        SheetFactory(
            agreement=agreement, period_start=START + timedelta(days=28 * number), days=Day.ABSENT * 28
        )
    period = Period(START + timedelta(days=84))
    today = date(2026, 1, 15)
    upsert_period(
        period=period,
        entries=[PeriodEntry(agreement_id=agreement.pk, days={4: Day.ABSENT})],
        by=demo_accounts["office_agent"],
        today=today,
    )
    assert not AbsenceAlert.objects.exists()  # 84 + 1 days, the 5th not yet absent
    with django_capture_on_commit_callbacks(execute=True):
        upsert_period(
            period=period,
            entries=[PeriodEntry(agreement_id=agreement.pk, days=dict.fromkeys(range(6), Day.ABSENT))],
            by=demo_accounts["office_agent"],
            today=today,
        )
    alert = AbsenceAlert.objects.get()
    assert (alert.absent_since, alert.reached_on) == (START, START + timedelta(days=89))
    upsert_period(
        period=period,
        entries=[PeriodEntry(agreement_id=agreement.pk, days={2: Day.PRESENT})],
        by=demo_accounts["office_agent"],
        today=today,
    )
    assert not AbsenceAlert.objects.exists()


# Mostly what a provider would enter, sometimes a code that breaks a rule.
WEEKDAY = st.sampled_from([Day.PRESENT, Day.PRESENT, Day.ABSENT, Day.NONE, Day.EXTRA])
WEEKEND = st.sampled_from([Day.NONE, Day.NONE, Day.NONE, Day.EXTRA, Day.PRESENT, Day.ABSENT])


def _code(index):
    return WEEKDAY if (START + timedelta(days=index)).weekday() < 5 else WEEKEND


@st.composite
def _uploads(draw):
    """Up to three children's entries: some days (a 28-char string or a few days), an amount, maybe a
    justification; some break a rule (a future day, a weekend presence, more than 20 days)."""
    entries = []
    for index in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            days = "".join(draw(_code(day)) for day in range(28))
        else:
            chosen = draw(st.lists(st.integers(0, 27), max_size=6, unique=True))
            days = {day: draw(_code(day)) for day in chosen}
        entries.append(
            (
                index,
                days,
                draw(st.sampled_from([None, Decimal("0.00"), Decimal("12.50"), Decimal("-1.00")])),
                draw(st.sampled_from(["", "Horaire atypique"])),
            )
        )
    return entries, draw(st.sampled_from([AFTER, date(2025, 9, 15)]))


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(upload=_uploads())
def test_the_bulk_path_agrees_with_correct_period_one_sheet_at_a_time(agreements, demo_accounts, upload):
    entries, today = upload
    provider = demo_accounts["provider"]
    Delegation.objects.update_or_create(provider=provider.provider, defaults={"is_active": True})
    Closure.objects.get_or_create(
        provider=provider.provider, day=date(2025, 9, 10), defaults={"created_by": provider}
    )
    # The second child's sheet was signed: a change is a new version.
    SheetFactory(
        agreement=agreements[1],
        period_start=START,
        days=WEEKDAYS[:9] + Day.NONE + WEEKDAYS[10:],
        contribution_paid=Decimal("0.00"),
        status="signed",
        signed_on=AFTER,
        signed_by=demo_accounts["parent"],
    )
    agent = demo_accounts["office_agent"]

    def state():
        sheets = AttendanceSheet.objects.values_list(
            "agreement_id", "days", "contribution_paid", "justification", "status", "version", "signed_on"
        )
        versions = SheetVersion.objects.values_list("sheet__agreement_id", "number", "days")
        events = SheetEvent.objects.values_list("sheet__agreement_id", "from_status", "to_status", "version")
        return sorted(sheets), sorted(versions), sorted(events)

    def named(refusal, prefix=""):
        found = set()
        for field, errors in refusal.error_dict.items():
            for error in errors:
                index = (error.params or {}).get("index")
                day = (
                    f".{(START + timedelta(days=index)).isoformat()}"
                    if field == "days" and index is not None
                    else ""
                )
                found.add((f"{prefix}{field}{day}", error.code))
        return found

    def one_at_a_time():
        refused = set()
        for index, days, amount, justification in entries:
            agreement = agreements[index]
            if isinstance(days, dict):
                current = AttendanceSheet.objects.filter(agreement=agreement, period_start=START).first()
                codes = list(current.days if current else Day.EMPTY)
                for day, code in days.items():
                    codes[day] = code
                days = "".join(codes)
            try:
                correct_period(
                    agreement=agreement,
                    period=PERIOD,
                    by=agent,
                    days=days,
                    contribution_paid=amount,
                    justification=justification,
                    today=today,
                )
            except ValidationError as refusal:
                refused |= named(refusal, prefix=f"entries.{index}.")
        return refused

    def at_once():
        try:
            upsert_period(
                period=PERIOD,
                entries=[
                    PeriodEntry(
                        agreement_id=agreements[index].pk,
                        days=days,
                        contribution_paid=amount,
                        justification=justification,
                    )
                    for index, days, amount, justification in entries
                ],
                by=agent,
                today=today,
            )
        except ValidationError as refusal:
            return {(name, error.code) for name, errors in refusal.error_dict.items() for error in errors}
        return set()

    untouched = state()
    savepoint = transaction.savepoint()
    refused = one_at_a_time()
    sequential = state()
    transaction.savepoint_rollback(savepoint)
    answered = at_once()
    assert answered == refused
    if refused:
        assert state() == untouched  # nothing written
    else:
        assert state() == sequential
    AttendanceSheet.objects.all().delete()
