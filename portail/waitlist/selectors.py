"""The client reserve (réserve de clientèle): the children whose parents chose a provider."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Exists, F, OuterRef, QuerySet

from portail.admissions.models import HOLDING_A_PLACE, Admission
from portail.families.ages import age_in_months
from portail.families.models import Child, Choice
from portail.registry.models import Provider
from portail.registry.permissions import reads_children

INFANT_MONTHS = 18


@dataclass(frozen=True)
class ReserveFilters:
    age_group: str = ""  # "", "under_18_months" or "18_months_and_over"
    start_from: date | None = None
    start_to: date | None = None
    matches_opening_days: bool = False
    hide_admitted_elsewhere: bool = False


def reserve_of(provider: Provider, *, filters: ReserveFilters, today: date) -> QuerySet[Child]:
    """The provider's reserve, filtered and sorted by desired start date (marks come with `rows`)."""
    children = (
        Child.objects.in_reserve_of(provider)
        .only(
            "registration_number",
            "file_id",
            "first_name",
            "last_name",
            "birth_date",
            "desired_start_date",
            "family_id",
        )
        # The choice's copy of the date: read in order from the choices' (provider, date) index.
        .order_by("choices__desired_start_date", "registration_number")
    )
    if filters.age_group:
        # Under 18 months today: born after the day 18 months ago (age_in_months says the same).
        boundary = _eighteen_months_before(today)
        children = (
            children.filter(birth_date__gt=boundary)
            if filters.age_group == "under_18_months"
            else children.filter(birth_date__lte=boundary)
        )
    if filters.start_from:
        children = children.filter(desired_start_date__gte=filters.start_from)
    if filters.start_to:
        children = children.filter(desired_start_date__lte=filters.start_to)
    if filters.hide_admitted_elsewhere:
        children = children.exclude(
            Exists(
                Admission.objects.filter(child=OuterRef("pk"), status__in=HOLDING_A_PLACE).exclude(
                    provider=provider
                )
            )
        )
    if filters.matches_opening_days:
        children = children.annotate(
            open_days_wanted=F("schedule_days").bitand(provider.opening_days)
        ).filter(open_days_wanted=F("schedule_days"))
    return children


def reserve_size(provider: Provider, *, filters: ReserveFilters, children: QuerySet[Child]) -> int:
    """How many children the filtered reserve holds; without filters, counted on the choices alone
    (an index-only count, where joining 250,000 children costs tens of milliseconds)."""
    if filters == ReserveFilters():
        return Choice.objects.filter(provider=provider).count() if reads_children(provider) else 0
    return children.count()


def _eighteen_months_before(today: date) -> date:
    """The latest birth date of a child who is 18 months old or more today (see ages.age_in_months)."""
    year, month_index = divmod(today.year * 12 + today.month - 1 - INFANT_MONTHS, 12)
    candidate = date(year, month_index + 1, calendar.monthrange(year, month_index + 1)[1])
    while age_in_months(candidate, today) < INFANT_MONTHS:
        candidate -= timedelta(days=1)
    return candidate


def rows(page: Any, *, provider: Provider, today: date) -> list[dict[str, Any]]:
    """A page of the reserve as table rows: age in months today, and the sibling and admission marks,
    worked out in one query for the page's children only."""
    children = list(page)
    in_reserve = Choice.objects.filter(provider=provider)
    holding = Admission.objects.filter(status__in=HOLDING_A_PLACE)
    marks = {
        mark["pk"]: mark
        for mark in Child.objects.filter(pk__in=[child.pk for child in children])
        .annotate(
            has_sibling=Exists(
                in_reserve.filter(child__family=OuterRef("family")).exclude(child=OuterRef("pk"))
            ),
            admitted_here=Exists(holding.filter(child=OuterRef("pk"), provider=provider)),
            admitted_elsewhere=Exists(holding.filter(child=OuterRef("pk")).exclude(provider=provider)),
        )
        .values("pk", "has_sibling", "admitted_here", "admitted_elsewhere")
    }
    return [
        {"child": child, "age_months": age_in_months(child.birth_date, today), **marks.get(child.pk, {})}
        for child in children
    ]
