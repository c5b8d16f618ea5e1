"""Counting attendance: the days and half-days an agreement used in a reference year and in each period,
and an office's totals per provider for a period. Pure reads, a few queries each, whatever the number of
sheets: each sheet's `days` is sliced by the agreement's versions (a day attended counts as a full day or a
half-day by the version in force that day) and by the reference year, and each slice counted in C
(`str.count`) rather than day by day."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, QuerySet

from portail.agreements.models import Agreement, AgreementVersion, Basis
from portail.attendance.models import AttendanceSheet, Day, Status
from portail.attendance.periods import Period, ReferenceYear, period_of
from portail.attendance.rules import Terms
from portail.registry.models import Provider


@dataclass
class Tally:
    """Days attended, split by the basis of the version in force each day."""

    days: int = 0  # full days
    half_days: int = 0
    # Days attended while the version in force held a subsidized place.
    subsidized_days: int = 0

    def add(self, other: "Tally") -> None:
        self.days += other.days
        self.half_days += other.half_days
        self.subsidized_days += other.subsidized_days

    @property
    def attended(self) -> int:
        return self.days + self.half_days


def _attended(days: str) -> int:
    return days.count(Day.PRESENT) + days.count(Day.EXTRA)


def count_sheet(days: str, period: Period, terms: Terms, *, within: ReferenceYear | None = None) -> Tally:
    """The days attended in one sheet's `days`, by the version in force each day, limited to `within`'s
    days when given (a period across 1 September counts in two years). A day attended with no version in
    force counts nowhere: the services refuse presence outside the agreement's dates."""
    first, last = period.start, period.end
    if within is not None:
        first, last = max(first, within.start), min(last, within.end)
    tally = Tally()
    for version in terms.versions:
        start = max(first, version.effective_from)
        end = last if version.effective_until is None else min(last, version.effective_until)
        if start > end:
            continue
        attended = _attended(days[(start - period.start).days : (end - period.start).days + 1])
        if version.basis == Basis.HALF_DAY:
            tally.half_days += attended
        else:
            tally.days += attended
        if version.subsidized:
            tally.subsidized_days += attended
    return tally


def terms_of(agreement_ids: QuerySet[Agreement] | Iterable[int]) -> dict[int, Terms]:
    """The terms of these agreements (their versions, start and end), by agreement: one query. An
    agreement without a version gets none."""
    versions: dict[int, list[AgreementVersion]] = defaultdict(list)
    end_dates: dict[int, date | None] = {}
    for version in (
        AgreementVersion.objects.filter(agreement_id__in=agreement_ids)
        .annotate(agreement_end=F("agreement__end_date"))
        .only("agreement_id", "effective_from", "effective_until", "basis", "days", "subsidized")
    ):
        versions[version.agreement_id].append(version)
        end_dates[version.agreement_id] = version.agreement_end
    return {
        agreement_id: Terms.of_versions(found, end=end_dates[agreement_id])
        for agreement_id, found in versions.items()
    }


NO_TERMS = Terms((), None, None)


def sheet_tallies(sheets: Iterable[AttendanceSheet]) -> dict[int, Tally]:
    """Days and half-days of each sheet (by its pk), their agreements' versions read in one query."""
    sheets = list(sheets)
    terms = terms_of({sheet.agreement_id for sheet in sheets})
    return {
        sheet.pk: count_sheet(sheet.days, sheet.period, terms.get(sheet.agreement_id, NO_TERMS))
        for sheet in sheets
    }


# An agreement's reference year (the attestation).


@dataclass(frozen=True)
class PeriodLine:
    period: Period
    status: str
    tally: Tally


@dataclass
class YearCount:
    """What an agreement used in a reference year: the totals, and each period's share of them."""

    year: ReferenceYear
    periods: list[PeriodLine] = field(default_factory=list)
    total: Tally = field(default_factory=Tally)

    @property
    def all_confirmed(self) -> bool:
        return all(line.status == Status.CONFIRMED for line in self.periods)


def agreement_year(agreement: Agreement, year: ReferenceYear) -> YearCount:
    """The days and half-days `agreement` used in `year` (1 September – 31 August): two queries."""
    periods = year.periods()
    sheets = (
        AttendanceSheet.objects.filter(
            agreement=agreement, period_start__gte=periods[0].start, period_start__lte=periods[-1].start
        )
        .order_by("period_start")
        .values_list("period_start", "status", "days")
    )
    terms = terms_of([agreement.pk]).get(agreement.pk, NO_TERMS)
    count = YearCount(year=year)
    for period_start, status, days in sheets:
        tally = count_sheet(days, Period(period_start), terms, within=year)
        count.periods.append(PeriodLine(Period(period_start), status, tally))
        count.total.add(tally)
    return count


# An office's totals of a period.


@dataclass
class ProviderTotal:
    """One provider's line of the office's totals for a period."""

    provider_id: int
    name: str
    register_number: str
    subsidized_places: int  # as the register holds them
    sheets: int = 0
    confirmed: int = 0
    tally: Tally = field(default_factory=Tally)
    # Children whose subsidized place was used at least one day in the period.
    subsidized_places_used: int = 0


@dataclass
class PeriodTotals:
    period: Period
    providers: list[ProviderTotal]
    total: ProviderTotal


def period_totals(sheets: QuerySet[AttendanceSheet], period: Period) -> PeriodTotals:
    """The totals per provider of `sheets` (already scoped to the reader, e.g. `visible_to(agent)`) in
    `period`: three queries (the sheets' four columns, their versions, the providers' names)."""
    rows = list(
        sheets.filter(period_start=period.start)
        .order_by()
        .values_list("provider_id", "agreement_id", "status", "days")
    )
    terms = terms_of({row[1] for row in rows})
    lines: dict[int, ProviderTotal] = {}
    for provider in (
        Provider.objects.filter(pk__in={row[0] for row in rows})
        .order_by("last_name", "first_name", "pk")
        .only("first_name", "last_name", "register_number", "subsidized_places")
    ):
        lines[provider.pk] = ProviderTotal(
            provider.pk, provider.full_name, provider.register_number, provider.subsidized_places
        )
    for provider_id, agreement_id, status, days in rows:
        line = lines[provider_id]
        tally = count_sheet(days, period, terms.get(agreement_id, NO_TERMS))
        line.sheets += 1
        line.confirmed += status == Status.CONFIRMED
        line.tally.add(tally)
        line.subsidized_places_used += tally.subsidized_days > 0
    total = ProviderTotal(0, "", "", sum(line.subsidized_places for line in lines.values()))
    for line in lines.values():
        total.sheets += line.sheets
        total.confirmed += line.confirmed
        total.tally.add(line.tally)
        total.subsidized_places_used += line.subsidized_places_used
    return PeriodTotals(period=period, providers=list(lines.values()), total=total)


def recent_periods(today: date, *, count: int = 26) -> list[Period]:
    """The period of `today` and the `count - 1` before it, newest first (the totals' chooser)."""
    periods = [period_of(today)]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    return periods
