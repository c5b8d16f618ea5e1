"""Reads of admissions, always through the reader's scope."""

from datetime import date, timedelta
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from portail.admissions.models import (
    HOLDING_A_PLACE,
    Admission,
    NumberLookup,
    Status,
    holding_a_place_from,
)
from portail.core.text import any_contains
from portail.families.models import LOOKUP_GRANT, Child
from portail.registry.models import Provider

LOOKUPS_PER_HOUR = 30
# What an office's search of admissions to confirm looks in, case and accents aside.
SEARCHED = [
    "child__first_name",
    "child__last_name",
    "provider__first_name",
    "provider__last_name",
    "provider__register_number",
]


def to_confirm(user: Any, *, search: str = "") -> QuerySet[Admission]:
    """The admissions an office agent may confirm, searchable by provider or by child's name."""
    admissions = (
        Admission.objects.visible_to(user).filter(status=Status.ADMITTED).order_by("planned_start_date", "pk")
    )
    for word in search.split()[:5]:
        admissions = admissions.filter(any_contains(SEARCHED, word))
    return admissions


def places_held_elsewhere(child: Child, provider: Provider) -> QuerySet[Admission]:
    """The admissions by which the child holds a place at another provider (the admit page warns of them)."""
    return (
        Admission.objects.filter(child=child, status__in=HOLDING_A_PLACE)
        .exclude(provider=provider)
        .select_related("provider")
    )


def lookups_in_the_last_hour(provider: Provider) -> int:
    return NumberLookup.objects.filter(provider=provider, at__gte=timezone.now() - timedelta(hours=1)).count()


def child_for_admission(user: Any, provider: Provider) -> QuerySet[Child]:
    """The children `user` may admit at `provider`: among those the user may see, the provider's reserve
    and the children found by number for it in the last day."""
    recent = timezone.now() - LOOKUP_GRANT
    return (
        Child.objects.visible_to(user)
        .filter(
            Q(choices__provider=provider)
            | Q(pk__in=NumberLookup.objects.filter(provider=provider, at__gte=recent).values("found")),
        )
        .select_related("family")
        .prefetch_related("family__guardians")
    )


def occupancy(provider: Provider, *, weeks: int = 12, today: date | None = None) -> list[dict[str, Any]]:
    """Children holding a place at the provider each Monday of the coming weeks."""
    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    holding = list(
        Admission.objects.filter(holding_a_place_from(monday), provider=provider).values_list(
            "planned_start_date", "end_date"
        )
    )
    days = [monday + timedelta(weeks=week) for week in range(weeks)]
    return [
        {
            "day": day,
            "count": sum(1 for start, end in holding if start <= day and (end is None or day <= end)),
            "capacity": provider.capacity,
        }
        for day in days
    ]


def places_taken(*, today: date) -> Coalesce:
    """For a queryset of providers: how many children hold one of its places today or from a later start
    date (`holding_a_place_from`). What is left of the capacity is available."""
    holding = (
        Admission.objects.filter(holding_a_place_from(today), provider=OuterRef("pk"))
        .order_by()
        .values("provider")
        .annotate(children=Count("pk"))
        .values("children")
    )
    return Coalesce(Subquery(holding), 0)
