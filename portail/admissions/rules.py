"""The rules an admission must keep on its planned start date and every day after it."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portail.admissions.models import Admission, holding_a_place_from
from portail.registry.capacity import INFANT_MONTHS, Stay
from portail.registry.models import Provider

__all__ = ["INFANT_MONTHS", "RuleBroken", "Stay", "check_places", "stays_holding_a_place"]


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
        infants = [stay for stay in present if stay.is_infant_on(day)]
        if new.is_infant_on(day) and len(infants) > infant_limit:
            raise RuleBroken(
                _("%(count)s children under 18 months out of %(limit)s on %(day)s: the limit is reached.")
                % {"count": len(infants) - 1, "limit": infant_limit, "day": _iso(day)}
            )


def stays_holding_a_place(provider: Provider, day: date) -> list[Stay]:
    """The register's reader of the places held (registry.capacity, registered in AdmissionsConfig.ready):
    the children whose admission holds a place at the provider on `day` or later."""
    holding = Admission.objects.filter(holding_a_place_from(day), provider=provider).values_list(
        "child__birth_date", "planned_start_date", "end_date"
    )
    return [
        Stay(birth_date, start, end)
        for birth_date, start, end in holding.order_by("planned_start_date", "pk")
    ]


def _iso(day: date) -> str:
    return date_format(day, "Y-m-d")
