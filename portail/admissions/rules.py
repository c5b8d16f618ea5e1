"""The rules an admission must keep on its planned start date and every day after it."""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portail.families.ages import age_in_months

INFANT_MONTHS = 18


@dataclass(frozen=True)
class Stay:
    """A child holding a place: born on `birth_date`, from `start` (to `end`, when known)."""

    birth_date: date
    start: date
    end: date | None = None

    def present_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class RuleBroken(Exception):
    """An admission would break a rule; the message says which, with the numbers."""


def check_places(*, stays: list[Stay], new: Stay, capacity: int, infant_limit: int) -> None:
    """Refuses `new` if, on its start date or any later day, the children present would exceed the
    capacity, or the children under 18 months the infant limit.

    Presence only grows at a start date (and shrinks at an end), and a child only leaves the infant
    count as it ages, so checking the new start date and every later start date is enough.
    """
    days = sorted({new.start} | {stay.start for stay in stays if stay.start > new.start})
    for day in days:
        if new.end is not None and day > new.end:
            break
        present = [stay for stay in [*stays, new] if stay.present_on(day)]
        if len(present) > capacity:
            raise RuleBroken(
                _("%(count)s children out of %(capacity)s on %(day)s: the provider's capacity is reached.")
                % {"count": len(present) - 1, "capacity": capacity, "day": _iso(day)}
            )
        infants = [stay for stay in present if age_in_months(stay.birth_date, day) < INFANT_MONTHS]
        if age_in_months(new.birth_date, day) < INFANT_MONTHS and len(infants) > infant_limit:
            raise RuleBroken(
                _("%(count)s children under 18 months out of %(limit)s on %(day)s: the limit is reached.")
                % {"count": len(infants) - 1, "limit": infant_limit, "day": _iso(day)}
            )


def _iso(day: date) -> str:
    return date_format(day, "Y-m-d")
