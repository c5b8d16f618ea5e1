"""The places a provider's children hold on the days to come, against the capacity and the infant limit.

The register owns the arithmetic (a `Stay`, the busiest day); the admissions own who holds a place. So that
the register does not import the admissions (they are built on it), the admissions app hands the register
its reader in `AdmissionsConfig.ready()` (`register_stays_reader`): the register asks
`stays_holding_a_place(provider, day)` and gets no stay at all while no app holds places.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from portail.core.ages import age_in_months

if TYPE_CHECKING:
    from portail.registry.models import Provider

INFANT_MONTHS = 18


@dataclass(frozen=True)
class Stay:
    """A child holding a place: born on `birth_date`, from `start` (to `end`, when known)."""

    birth_date: date
    start: date
    end: date | None = None

    def present_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def is_infant_on(self, day: date) -> bool:
        """Under 18 months on `day`: what the infant limit counts."""
        return age_in_months(self.birth_date, day) < INFANT_MONTHS


@dataclass(frozen=True)
class Peak:
    """The earliest day with the most children present (or the most under 18 months), and how many."""

    day: date
    count: int


def busiest_days(stays: list[Stay], *, from_day: date) -> tuple[Peak, Peak]:
    """The day from `from_day` on with the most children present, and the one with the most infants.

    Presence only grows at a start date, and a child only leaves the infant count as it ages (or leaves),
    so `from_day` and every later start date are the only days to look at.
    """
    days = sorted({from_day} | {stay.start for stay in stays if stay.start > from_day})
    children, infants = Peak(from_day, 0), Peak(from_day, 0)
    for day in days:
        present = [stay for stay in stays if stay.present_on(day)]
        if len(present) > children.count:
            children = Peak(day, len(present))
        under_18_months = sum(stay.is_infant_on(day) for stay in present)
        if under_18_months > infants.count:
            infants = Peak(day, under_18_months)
    return children, infants


StaysReader = Callable[["Provider", date], list[Stay]]
_stays_reader: StaysReader | None = None


def register_stays_reader(reader: StaysReader) -> None:
    """Called once by the app that holds places (admissions) when Django starts."""
    global _stays_reader
    _stays_reader = reader


def stays_holding_a_place(provider: "Provider", day: date) -> list[Stay]:
    """The stays of the children holding a place at the provider on `day` or later."""
    return [] if _stays_reader is None else _stays_reader(provider, day)
