"""Attendance of the demo: a full period for every recorded agreement (written in bulk: it is Québec's
biggest table), and for the demo provider a month of attendance around Émile, parent@demo.test's child —
one period contested, one signed (its sheet flagged), one to submit, the current one being filled — and a
long absence in the demo office."""

import random
from collections import Counter
from datetime import date, time, timedelta
from decimal import Decimal

from django.db.models import Prefetch

from portail.accounts.models import User
from portail.admissions.models import Admission, AdmissionEvent
from portail.admissions.models import Status as AdmissionStatus
from portail.admissions.rules import INFANT_MONTHS
from portail.agreements.models import Agreement, AgreementEvent, AgreementVersion, Basis
from portail.agreements.models import Status as AgreementStatus
from portail.agreements.models import Step as AgreementStep
from portail.attendance.models import AbsenceAlert, AttendanceSheet, Closure, Day, SheetEvent, Status
from portail.attendance.periods import Period, period_of
from portail.demo.families import BATCH_SIZE
from portail.families import numbers
from portail.families.models import Child, FamilyFile, ScheduleKind
from portail.families.services import add_choice
from portail.registry.models import Provider

# The reduced contribution of a day (2025), which the parent pays the provider.
DAILY_CONTRIBUTION = Decimal("9.35")
# The last period's sheets across Québec: most signed and waiting for their office.
STATES = [Status.SIGNED, Status.SUBMITTED, Status.DRAFT, Status.CONTESTED, Status.CONFIRMED]
WEIGHTS = [60, 25, 9, 2, 4]
PATH = {
    Status.DRAFT: [],
    Status.SUBMITTED: [Status.SUBMITTED],
    Status.CONTESTED: [Status.SUBMITTED, Status.CONTESTED],
    Status.SIGNED: [Status.SUBMITTED, Status.SIGNED],
    Status.CONFIRMED: [Status.SUBMITTED, Status.SIGNED, Status.CONFIRMED],
}


def _days(
    version: AgreementVersion, period: Period, *, today: date, rng: random.Random, closed: set[date]
) -> str:
    codes = []
    for day in period.days:
        planned = (
            version.effective_from <= day <= today
            and version.days & (1 << day.weekday())
            and day not in closed
        )
        codes.append((Day.ABSENT if rng.random() < 0.06 else Day.PRESENT) if planned else Day.NONE)
    return "".join(codes)


class _Writer:
    """Sheets and their steps, kept for one bulk insert each."""

    def __init__(self) -> None:
        self.sheets: list[AttendanceSheet] = []
        self.steps: list[tuple[AttendanceSheet, list[tuple[Status, int, str]]]] = []

    def add(
        self,
        agreement: Agreement,
        provider_user: int,
        parent: int,
        office_user: int,
        period: Period,
        days: str,
        status: Status,
        *,
        reason: str = "",
        justification: str = "",
    ) -> AttendanceSheet:
        attended = sum(days.count(code) for code in Day.ATTENDED)
        end = period.end
        signed = status in (Status.SIGNED, Status.CONFIRMED)
        sheet = AttendanceSheet(
            agreement=agreement,
            provider_id=agreement.admission.provider_id,
            period_start=period.start,
            status=status,
            days=days,
            contribution_paid=DAILY_CONTRIBUTION * attended if status != Status.DRAFT else None,
            justification=justification,
            submitted_on=end + timedelta(days=1) if status != Status.DRAFT else None,
            signed_on=end + timedelta(days=3) if signed else None,
            signed_by_id=parent if signed else None,
            confirmed_on=end + timedelta(days=6) if status == Status.CONFIRMED else None,
        )
        self.sheets.append(sheet)
        by = {Status.SUBMITTED: provider_user, Status.CONTESTED: parent, Status.SIGNED: parent}
        self.steps.append(
            (
                sheet,
                [
                    (step, by.get(step, office_user), reason if step == Status.CONTESTED else "")
                    for step in PATH[status]
                ],
            )
        )
        return sheet

    def write(self) -> None:
        AttendanceSheet.objects.bulk_create(self.sheets, batch_size=BATCH_SIZE)
        events = []
        for sheet, steps in self.steps:
            before = Status.DRAFT
            for status, by, reason in steps:
                events.append(
                    SheetEvent(
                        sheet_id=sheet.pk,
                        version=1,
                        from_status=before,
                        to_status=status,
                        by_id=by,
                        reason=reason,
                    )
                )
                before = status
        SheetEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)


def _demo_child(*, parent: User, provider: Provider, start: date, today: date) -> Agreement:
    """Émile, parent@demo.test's child at rsge@demo.test's, its agreement recorded."""
    by = provider.user_id
    assert by is not None  # the demo provider has its account
    family = FamilyFile.objects.get(parent=parent)
    child = Child.objects.create(
        family=family,
        first_name="Émile",
        last_name=parent.last_name,
        birth_date=today - timedelta(days=800),
        registration_number=numbers.generate(),
        desired_start_date=start,
        schedule_days=31,
        schedule_kind=ScheduleKind.FULL_DAYS,
        accepts_partial_match=True,
        accepts_replacement=False,
        has_special_needs=False,
    )
    add_choice(child=child, provider=provider)
    admission = Admission.objects.create(
        child=child,
        provider=provider,
        planned_start_date=start,
        status=AdmissionStatus.CONFIRMED,
        admitted_by_id=by,
    )
    AdmissionEvent.objects.create(admission=admission, to_status=AdmissionStatus.CONFIRMED, by_id=by)
    agreement = Agreement.objects.create(
        admission=admission,
        status=AgreementStatus.RECORDED,
        submitted_on=start,
        created_by_id=by,
    )
    AgreementVersion.objects.create(
        agreement=agreement,
        effective_from=start,
        basis=Basis.FULL_DAY,
        days=provider.opening_days & 31,
        arrival=time(8, 0),
        departure=time(16, 30),
        subsidized=True,
        signed_on=start - timedelta(days=7),
        created_by_id=by,
    )
    AgreementEvent.objects.bulk_create(
        AgreementEvent(
            agreement=agreement,
            step=AgreementStep.STATUS,
            from_status=before,
            to_status=to,
            by_id=by,
        )
        for before, to in [("", "draft"), ("draft", "submitted"), ("submitted", "recorded")]
    )
    return agreement


def _running_since(start: date) -> None:
    """Recorded agreements are running: those planned to start later start with the last period instead
    (the generator plans admissions on the children's wished dates, mostly ahead), its admission and the
    child's wished date with it; a child who would then start under 18 months keeps its dates, so that no
    provider gets more infants than its limit."""
    older_than_infants = start - timedelta(days=INFANT_MONTHS * 31)
    later = AgreementVersion.objects.filter(
        agreement__status=AgreementStatus.RECORDED,
        effective_from__gt=start,
        agreement__admission__child__birth_date__lte=older_than_infants,
    )
    # One read of the three keys, then UPDATEs by primary key in batches: at Québec scale the former
    # `child IN (SELECT … WHERE agreement IN <60,000 ids>)` kept SQLite busy for over ten minutes.
    rows = {
        agreement: (admission, child)
        for agreement, admission, child in later.values_list(
            "agreement_id", "agreement__admission_id", "agreement__admission__child_id"
        )
    }
    agreement_ids = list(rows)
    for first in range(0, len(agreement_ids), BATCH_SIZE):
        batch = agreement_ids[first : first + BATCH_SIZE]
        Child.objects.filter(pk__in=[rows[pk][1] for pk in batch]).update(desired_start_date=start)
        Admission.objects.filter(pk__in=[rows[pk][0] for pk in batch]).update(planned_start_date=start)
        AgreementVersion.objects.filter(agreement_id__in=batch).update(
            effective_from=start, signed_on=start - timedelta(days=7)
        )


def create_attendance(
    *,
    demo_provider: Provider,
    parent: User,
    agent: User,
    rng: random.Random,
    today: date,
    counts: Counter[str],
) -> None:
    """The last period of every recorded agreement, and the demo's month of attendance."""
    current = period_of(today)
    last, before = current.previous(), current.previous().previous()
    emile = _demo_child(
        parent=parent, provider=demo_provider, start=before.previous().previous().start, today=today
    )
    closed = {current.start + timedelta(days=4)}  # a Friday of the current period, for all its children
    Closure.objects.bulk_create(
        [
            Closure(provider=demo_provider, day=day, created_by_id=emile.created_by_id)
            for day in [
                *closed,
                date(today.year, 12, 24)
                if today <= date(today.year, 12, 24)
                else date(today.year + 1, 12, 24),
            ]
        ]
    )
    _running_since(last.start)
    agreements = list(
        Agreement.objects.filter(status=AgreementStatus.RECORDED)
        .select_related("admission__provider", "admission__child__family")
        # Only the columns the loop reads: 62,000 agreements at Québec scale, five objects each.
        .only(
            "admission__provider__user_id",
            "admission__provider__office_id",
            "admission__child__family__parent_id",
        )
        .prefetch_related(
            Prefetch("versions", AgreementVersion.objects.only("agreement_id", "effective_from", "days"))
        )
        .order_by("pk")
    )
    writer = _Writer()
    long_absence_given = False
    alerts = []
    for agreement in agreements:
        provider = agreement.admission.provider
        versions = list(agreement.versions.all())
        version = versions[-1] if versions else None
        if version is None:
            continue
        people = (provider.user_id or agent.pk, agreement.admission.child.family.parent_id, agent.pk)
        if provider.pk == demo_provider.pk:
            if version.effective_from > last.end:
                continue
            flagged = agreement.pk == emile.pk
            days = _days(version, before, today=today, rng=rng, closed=set())
            justification = ""
            if flagged:
                # A Saturday, an extra day the parent asked for: the office's queue flags it.
                index = next(i for i, day in enumerate(before.days) if day.weekday() == 5)
                days = days[:index] + Day.EXTRA + days[index + 1 :]
                justification = "Journée supplémentaire demandée par le parent (quart de travail)."
            writer.add(agreement, *people, before, days, Status.SIGNED, justification=justification)
            state = Status.DRAFT if agreement.pk == emile.pk else Status.SUBMITTED
            if agreement.pk == emile.pk:
                # Contested by parent@demo.test: rsge@demo.test has it to correct.
                earlier = before.previous()
                writer.add(
                    agreement,
                    *people,
                    earlier,
                    _days(version, earlier, today=today, rng=rng, closed=set()),
                    Status.CONTESTED,
                    reason="Émile était absent le lundi de la deuxième semaine.",
                )
            writer.add(
                agreement,
                *people,
                last,
                _days(version, last, today=today, rng=rng, closed=set()),
                state,
            )
            days = _days(version, current, today=today - timedelta(days=1), rng=rng, closed=closed)
            writer.add(agreement, *people, current, days, Status.DRAFT)
            continue
        if not long_absence_given and provider.office_id == demo_provider.office_id:
            # 90 days and more of absence: four periods of absences, and the alert the office sees (the
            # child's admission moved back to before them if it is more recent).
            long_absence_given = True
            start = last.previous().previous().previous().start
            if version.effective_from > start:
                version.effective_from = start
                version.save(update_fields=["effective_from"])
                Admission.objects.filter(pk=agreement.admission_id).update(planned_start_date=start)
                Child.objects.filter(pk=agreement.admission.child_id).update(desired_start_date=start)
            period = last.previous().previous().previous()
            for _number in range(4):
                days = "".join(
                    Day.ABSENT if version.days & (1 << day.weekday()) else Day.NONE for day in period.days
                )
                writer.add(
                    agreement, *people, period, days, Status.SIGNED if period == last else Status.CONFIRMED
                )
                period = period.next()
            first = last.previous().previous().previous().start
            while not version.days & (1 << first.weekday()):
                first += timedelta(days=1)
            alerts.append(
                AbsenceAlert(
                    agreement=agreement,
                    provider=provider,
                    absent_since=first,
                    reached_on=first + timedelta(days=89),
                )
            )
            continue
        if version.effective_from > last.end:
            continue
        state = rng.choices(STATES, weights=WEIGHTS)[0]
        writer.add(agreement, *people, last, _days(version, last, today=today, rng=rng, closed=set()), state)
    writer.write()
    AbsenceAlert.objects.bulk_create(alerts)
    counts.update(attendance_sheets=len(writer.sheets))
