"""The attendance calendar: fixed periods of 4 weeks from `settings.ATTENDANCE_PERIOD_START` (13 periods
make a cycle of 364 days), and the reference year (1 September – 31 August) that decides which year's
totals a day counts in, whatever period it falls in."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings

PERIOD_DAYS = 28
PERIODS_PER_CYCLE = 13
# Used when the setting is not given: Monday 1 September 2025, the first day of the 2025–2026 reference year.
DEFAULT_PERIOD_START = "2025-09-01"


def calendar_start() -> date:
    value = getattr(settings, "ATTENDANCE_PERIOD_START", DEFAULT_PERIOD_START)
    return value if isinstance(value, date) else date.fromisoformat(value)


@dataclass(frozen=True, order=True)
class Period:
    """One 4-week period of the calendar, named by its first day."""

    start: date

    @property
    def end(self) -> date:
        return self.start + timedelta(days=PERIOD_DAYS - 1)

    @property
    def number(self) -> int:
        """Its place in its cycle of 13, from 1."""
        return (self.start - calendar_start()).days // PERIOD_DAYS % PERIODS_PER_CYCLE + 1

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=index) for index in range(PERIOD_DAYS)]

    def index_of(self, day: date) -> int:
        """The position of `day` in the period's 28 days (ValueError outside it)."""
        index = (day - self.start).days
        if not 0 <= index < PERIOD_DAYS:
            raise ValueError(f"{day} is not in the period from {self.start}")
        return index

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> "Period":
        return Period(self.start + timedelta(days=PERIOD_DAYS))

    def previous(self) -> "Period":
        return Period(self.start - timedelta(days=PERIOD_DAYS))

    def is_over(self, today: date) -> bool:
        return today > self.end


def period_of(day: date) -> Period:
    """The period holding `day` (the calendar runs both ways from its first day)."""
    offset = (day - calendar_start()).days // PERIOD_DAYS
    return Period(calendar_start() + timedelta(days=offset * PERIOD_DAYS))


def is_period_start(day: date) -> bool:
    return (day - calendar_start()).days % PERIOD_DAYS == 0


@dataclass(frozen=True)
class ReferenceYear:
    """1 September to 31 August, named by the year it starts in."""

    first_year: int

    @property
    def start(self) -> date:
        return date(self.first_year, 9, 1)

    @property
    def end(self) -> date:
        return date(self.first_year + 1, 8, 31)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def periods(self) -> list[Period]:
        """Every period that holds at least one day of the year (14 when the year starts or ends inside
        one: the cycle of 364 days drifts against the year)."""
        found, period = [], period_of(self.start)
        while period.start <= self.end:
            found.append(period)
            period = period.next()
        return found

    def __str__(self) -> str:
        return f"{self.first_year}–{self.first_year + 1}"


def reference_year_of(day: date) -> ReferenceYear:
    return ReferenceYear(day.year if day.month >= 9 else day.year - 1)
