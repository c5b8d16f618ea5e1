"""Reads of attendance, always through the reader's scope: the provider's day and its 4-week grid and the
office's queue. The days and half-days attended are counted in `attendance.counting`."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Length, Replace

from portail.accounts.models import Role
from portail.accounts.permissions import has_role
from portail.agreements.models import Agreement
from portail.agreements.models import Status as AgreementStatus
from portail.attendance.models import AbsenceAlert, AttendanceSheet, Closure, Day, Status
from portail.attendance.periods import Period
from portail.attendance.rules import AT_MOST_IN_A_PERIOD, Terms
from portail.registry.models import Provider

# A sheet the parent has not signed this many days after its period's end is shown to the office.
UNSIGNED_AFTER_DAYS = 10


# The provider's pages.


@dataclass
class Cell:
    day: date
    code: str
    planned: bool
    closed: bool
    to_come: bool
    covered: bool

    # What the grid shows of the cell, decided here once rather than by the template 28 times a row.
    @property
    def state(self) -> str:
        """The cell's CSS modifier: closed, off (not planned and empty), or its code."""
        if self.closed:
            return "closed"
        if self.code == Day.NONE and not self.planned:
            return "off"
        return self.code

    @property
    def unmarked(self) -> bool:
        """A planned day gone by with nothing entered (read out as « not marked »)."""
        return not self.closed and self.code == Day.NONE and self.planned and not self.to_come

    @property
    def mark(self) -> str:
        """The cell's visible text: F closed, · not planned, the code entered, or nothing."""
        if self.closed:
            return "F"
        if self.code == Day.NONE:
            return "" if self.planned else "·"
        return self.code


@dataclass
class ChildRow:
    """One child of the provider on its day or its grid."""

    agreement: Agreement
    sheet: AttendanceSheet | None
    cells: list[Cell] = field(default_factory=list)
    # The cells the page shows: the whole period on the grid, one day on the day's page.
    shown: list[Cell] = field(default_factory=list)
    long_absence: AbsenceAlert | None = None

    @property
    def child(self) -> Any:
        return self.agreement.admission.child

    @property
    def attended(self) -> int:
        return sum(1 for cell in self.cells if cell.code in Day.ATTENDED)

    @property
    def over_twenty(self) -> bool:
        return self.attended > AT_MOST_IN_A_PERIOD


def kept_agreements(provider: Provider, *, first: date, last: date) -> QuerySet[Agreement]:
    """The provider's recorded agreements (and those ended) in force some day between `first` and `last`."""
    return (
        Agreement.objects.filter(
            admission__provider=provider, status__in=[AgreementStatus.RECORDED, AgreementStatus.ENDED]
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .filter(versions__effective_from__lte=last)
        .distinct()
        .select_related("admission__child")
        .prefetch_related("versions")
        .order_by("admission__child__first_name", "admission__child__last_name", "pk")
    )


def provider_rows(
    provider: Provider, *, period: Period, today: date, only_day: date | None = None
) -> list[ChildRow]:
    """The provider's children over a period (or one day of it), each with its sheet, its days as cells
    and its long-absence flag: five queries whatever the number of children."""
    first, last = (only_day, only_day) if only_day else (period.start, period.end)
    agreements = list(kept_agreements(provider, first=first, last=last))
    sheets = {
        sheet.agreement_id: sheet
        for sheet in AttendanceSheet.objects.filter(
            provider=provider, period_start=period.start, agreement__in=[a.pk for a in agreements]
        )
    }
    closed = set(
        Closure.objects.filter(provider=provider, day__range=(period.start, period.end)).values_list(
            "day", flat=True
        )
    )
    alerts = {
        alert.agreement_id: alert
        for alert in AbsenceAlert.objects.filter(
            provider=provider, agreement__status=AgreementStatus.RECORDED
        )
    }
    rows = []
    shown = [only_day] if only_day else period.days
    for agreement in agreements:
        terms = Terms.of(agreement)
        sheet = sheets.get(agreement.pk)
        days = sheet.days if sheet else Day.EMPTY
        row = ChildRow(agreement=agreement, sheet=sheet, long_absence=alerts.get(agreement.pk))
        for day in period.days:
            cell = Cell(
                day=day,
                code=days[period.index_of(day)],
                planned=terms.plans(day),
                closed=day in closed,
                to_come=day > today,
                covered=terms.covers(day),
            )
            row.cells.append(cell)
        row.shown = [row.cells[period.index_of(day)] for day in shown]
        rows.append(row)
    return rows


# The office's queue.


def _attended_sql() -> Any:
    """Days attended in a sheet, counted by the database: the length of its days less their P and E."""
    return Length("days") - Length(
        Replace(Replace("days", Value(Day.PRESENT), Value("")), Value(Day.EXTRA), Value(""))
    )


def office_queue(user: Any, *, today: date) -> QuerySet[AttendanceSheet]:
    """Sheets signed by parents, for the office to confirm: what needs a look first (more than 20 days, a
    presence on a day not planned, a long absence), then the oldest period. Flags computed in SQL."""
    alerts = AbsenceAlert.objects.filter(agreement_id=OuterRef("agreement_id"))
    return (
        AttendanceSheet.objects.visible_to(user)
        .filter(status=Status.SIGNED)
        .annotate(
            attended_days=_attended_sql(),
            extra_day=Case(When(days__contains=Day.EXTRA, then=1), default=0, output_field=IntegerField()),
            long_absence=Exists(alerts),
        )
        .annotate(
            flagged=Case(
                When(
                    Q(attended_days__gt=AT_MOST_IN_A_PERIOD) | Q(extra_day=1) | Q(long_absence=True), then=1
                ),
                default=0,
                output_field=IntegerField(),
            )
        )
        .select_related("agreement__admission__child", "provider")
        .only(
            "period_start",
            "days",
            "status",
            "version",
            "signed_on",
            "contribution_paid",
            "justification",
            "agreement__admission__child__first_name",
            "agreement__admission__child__last_name",
            "provider__first_name",
            "provider__last_name",
            "provider__office_id",
        )
        .order_by(
            F("flagged").desc(),
            "period_start",
            "provider__last_name",
            "agreement__admission__child__last_name",
            "pk",
        )
    )


def unsigned_late(user: Any, *, today: date) -> QuerySet[AttendanceSheet]:
    """Sheets submitted to the parent and still unsigned 10 days after their period's end."""
    latest_start = today - timedelta(days=27 + UNSIGNED_AFTER_DAYS + 1)
    return (
        AttendanceSheet.objects.visible_to(user)
        .filter(status__in=[Status.SUBMITTED, Status.CONTESTED], period_start__lte=latest_start)
        .select_related("agreement__admission__child", "provider")
        .only(
            "period_start",
            "status",
            "agreement__admission__child__first_name",
            "agreement__admission__child__last_name",
            "provider__first_name",
            "provider__last_name",
            "provider__office_id",
        )
        .order_by("period_start", "pk")
    )


def office_alerts(user: Any) -> QuerySet[AbsenceAlert]:
    """Long absences in the office's territory whose agreement has not ended yet."""
    if not has_role(user, Role.OFFICE_AGENT):
        return AbsenceAlert.objects.none()
    return (
        AbsenceAlert.objects.filter(
            provider__office_id=user.office_agent.office_id, agreement__status=AgreementStatus.RECORDED
        )
        .select_related("agreement__admission__child", "provider")
        .order_by("reached_on", "pk")
    )
