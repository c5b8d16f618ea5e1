"""Reads of the public map: the services around a point, nearest first, and what the list shows of them.

A search, a marker's popup and a provider's public page read the map's index (portail/directory/index.py:
every service the map shows, in memory), not the database."""

import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import date, time
from typing import TYPE_CHECKING, cast

from django.conf import settings
from django.db.models import QuerySet

from portail.admissions.selectors import places_taken
from portail.registry.geo import EARTH_RADIUS_KM
from portail.registry.models import Facility, FacilityKind, Provider
from portail.registry.querysets import ProviderQuerySet

if TYPE_CHECKING:
    from portail.directory.index import Snapshot

PROVIDER = "rsge"
KINDS = [PROVIDER, FacilityKind.CPE, FacilityKind.SUBSIDIZED_DAYCARE, FacilityKind.DAYCARE]
SUBSIDIZED_FACILITIES = [FacilityKind.CPE, FacilityKind.SUBSIDIZED_DAYCARE]
UNDER_18_MONTHS = "under_18_months"
OVER_18_MONTHS = "18_months_and_over"
EVENINGS, WEEKENDS, PART_TIME = "evenings", "weekends", "part_time"
EVENING_STARTS = time(18, 0)
WEEKEND_DAYS = 32 | 64  # Weekday.SATURDAY | Weekday.SUNDAY
# Map points' coordinates travel as integers in ten-thousandths of a degree (about 10 m): cheap to encode.
COORDINATE_SCALE = 10_000
# The largest primary key (BigAutoField): a bigger number in a URL names no row.
MAX_ID = 2**63 - 1
# What the public may read of a provider: never its name, contact details or home (ProviderHome).
PUBLIC_PROVIDER_FIELDS = [
    "pk",
    "service_name",
    "municipality",
    "capacity",
    "subsidized_places",
    "opening_days",
    "opens_at",
    "closes_at",
    "profile_published_at",
    "public_latitude",
    "public_longitude",
    # A suspended provider shown before its return says so, and when it returns.
    "status",
    "suspension_planned_return",
]
FACILITY_FIELDS = [
    "pk",
    "kind",
    "name",
    "street_address",
    "municipality",
    "postal_code",
    "places_under_18_months",
    "places_18_months_and_over",
    "opening_days",
    "opens_at",
    "closes_at",
]


@dataclass(frozen=True)
class Criteria:
    """A search of the map: where, how far, and the filters (an empty set or None: no filter)."""

    latitude: float
    longitude: float
    radius_km: int = 5
    kinds: frozenset[str] = field(default_factory=frozenset)
    subsidized: bool | None = None
    age_group: str = ""
    periods: frozenset[str] = field(default_factory=frozenset)
    published_only: bool = False
    with_places: bool = False

    def wants(self, kind: str) -> bool:
        return not self.kinds or kind in self.kinds


@dataclass(frozen=True)
class Point:
    """A service on the map: where the public sees it, and how far it is from the search's centre."""

    kind: str
    pk: int
    latitude: float
    longitude: float
    distance_km: float
    published: bool


@dataclass(frozen=True)
class Markers:
    """The map's points as JSON columns, written from the index's per-service text: the n-th service is
    kind[n], id[n], at (lat_e4[n], lon_e4[n]) / 10,000, published[n] (docs/api.md)."""

    count: int
    columns_json: str

    def __len__(self) -> int:
        return self.count


def bounding_box(latitude: float, longitude: float, radius_km: float) -> tuple[float, float, float, float]:
    """The smallest latitude and longitude ranges that hold the whole circle on the sphere."""
    angle = radius_km / EARTH_RADIUS_KM
    dlat = math.degrees(angle)
    dlon = math.degrees(math.asin(min(1.0, math.sin(angle) / math.cos(math.radians(latitude)))))
    margin = 1e-6
    return (
        latitude - dlat - margin,
        latitude + dlat + margin,
        longitude - dlon - margin,
        longitude + dlon + margin,
    )


def providers_shown(*, today: date) -> ProviderQuerySet:
    """Providers the public map shows today: recognized, or suspended and back soon with early display."""
    return Provider.objects.shown_on_map(today=today, early_display_days=settings.EARLY_DISPLAY_DAYS)


def _index(today: date) -> "Snapshot":
    # The index reads this module's definitions: it is imported when a search first needs it.
    from portail.directory import index

    return index.current(today=today)


def map_points(criteria: Criteria, *, today: date) -> Markers:
    """Every service within the radius, as JSON columns: from the map's index, no query."""
    return _index(today).map_points(criteria)


def nearest_page(criteria: Criteria, *, today: date, number: int, size: int) -> tuple[list[Point], int]:
    """One page of the services within the radius, nearest first, and their total: from the map's index."""
    return _index(today).nearest_page(criteria, number=number, size=size)


def every_point(*, today: date) -> list[Point]:
    """Every service the map shows today, at no distance: from the map's index, no query."""
    return _index(today).every_point()


def services_of(points: list[Point], *, today: date) -> list[tuple[Point, Provider | Facility]]:
    """The public fields of a page of points' services, in the points' order, the providers with their
    places taken (`places_taken`): from the map's index, no query."""
    return _index(today).services_of(points)


def keyed_services(
    points: list[Point], *, today: date, key: Callable[[Provider | Facility], Hashable]
) -> list[tuple[Point, Hashable, Callable[[], Provider | Facility]]]:
    """Each point with `key` of its service, kept by the map's index, and how to make the service (its
    public fields, as `services_of` gives them) when it is needed: no query, and no model instance for a key
    already worked out."""
    return _index(today).keyed(points, key)


def public_provider(pk: int, *, today: date) -> Provider | None:
    """One provider the map shows, with its public fields and places taken, or None: from the map's index,
    no query (what the list shows of it, it shows on its page)."""
    if not 0 < pk <= MAX_ID:
        return None  # no such row, and a number the database would refuse (the ORM's lookup says the same)
    found = _index(today).services_of([Point(PROVIDER, pk, 0.0, 0.0, 0.0, False)])
    return cast(Provider, found[0][1]) if found else None


def public_providers(*, today: date) -> QuerySet[Provider]:
    """Providers the map shows, with the fields the public may read and how many of their places are taken."""
    return (
        providers_shown(today=today)
        .only(*PUBLIC_PROVIDER_FIELDS)
        .annotate(places_taken=places_taken(today=today))
    )
