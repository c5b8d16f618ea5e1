"""The register entry's own rules, for every path that changes an entry (the office's form, the import, the
API): `registry.services.update_provider` refuses what breaks them, and the form shows the same messages
next to their fields."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from portail.registry.models import RecognitionStatus

# The regulation: alone, at most 6 children; with an assistant, at most 9.
MAX_ALONE = 6
MAX_WITH_ASSISTANT = 9
MAX_SUSPENSION_YEARS = 2
# Which fields each rule reads: an edit is refused only by a rule whose fields it touches.
CAPACITY_FIELDS = frozenset({"capacity", "has_assistant"})
SUBSIDIZED_FIELDS = frozenset({"capacity", "subsidized_places"})
SUSPENSION_FIELDS = frozenset({"status", "suspension_start", "suspension_planned_return"})


def years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def entry_errors(values: Mapping[str, Any], *, touched: frozenset[str] | None = None) -> dict[str, str]:
    """Field → message for each rule the entry's `values` break (a missing value breaks no rule but a
    suspension's missing dates); with `touched`, only the rules that read one of those fields."""

    def applies(fields: frozenset[str]) -> bool:
        return touched is None or bool(fields & touched)

    errors: dict[str, str] = {}
    capacity = values.get("capacity")
    alone = not values.get("has_assistant")
    if applies(CAPACITY_FIELDS) and capacity is not None and capacity > MAX_ALONE and alone:
        errors["capacity"] = _("Without an assistant, a provider may receive at most 6 children.")
    subsidized = values.get("subsidized_places")
    if (
        applies(SUBSIDIZED_FIELDS)
        and capacity is not None
        and subsidized is not None
        and subsidized > capacity
    ):
        errors["subsidized_places"] = _("The subsidized places cannot exceed the committed capacity.")
    start, planned_return = values.get("suspension_start"), values.get("suspension_planned_return")
    if applies(SUSPENSION_FIELDS) and values.get("status") == RecognitionStatus.SUSPENDED:
        if start is None:
            errors["suspension_start"] = _("A suspension needs its start date.")
        if planned_return is None:
            errors["suspension_planned_return"] = _("A suspension needs its planned return date.")
    if applies(SUSPENSION_FIELDS) and start is not None and planned_return is not None:
        if planned_return <= start:
            errors["suspension_planned_return"] = _(
                "The planned return must come after the suspension start."
            )
        elif planned_return > years_after(start, MAX_SUSPENSION_YEARS):
            errors["suspension_planned_return"] = _("A suspension lasts at most 24 months.")
    return errors
