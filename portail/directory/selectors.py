"""Reads of the public map: the services around a point, nearest first, and what the list shows of them."""

import math
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import (
    Case,
    CharField,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cos, Power, Radians, Sin

from portail.registry.geo import EARTH_RADIUS_KM, distance_km
from portail.registry.models import Facility, FacilityKind, Provider

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


@dataclass
class Markers:
    """The map's points as columns: the n-th service is kind[n], id[n], at (lat_e4[n], lon_e4[n]) / 10,000."""

    kind: list[str] = field(default_factory=list)
    id: list[int] = field(default_factory=list)
    lat_e4: list[int] = field(default_factory=list)
    lon_e4: list[int] = field(default_factory=list)
    published: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.id)


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


# The SQL measures a flat-earth distance first (plain arithmetic, which SQLite runs natively where its
# trigonometry calls back into Python): within 50 km of anywhere in Québec it is within 0.3 % of the
# great-circle distance. Rows clearly inside by that measure are in; only those near the edge pay for the
# exact great-circle test.
FLAT_ERROR = 0.01


def _flat_distance(latitude: str, longitude: str, criteria: Criteria) -> Any:
    """The squared flat-earth distance from the centre, in degrees of latitude squared."""
    shrink = math.cos(math.radians(criteria.latitude)) ** 2
    dlat = F(latitude) - Value(criteria.latitude)
    dlon = F(longitude) - Value(criteria.longitude)
    return ExpressionWrapper(dlat * dlat + Value(shrink) * dlon * dlon, output_field=FloatField())


def _haversine(latitude: str, longitude: str, criteria: Criteria) -> Any:
    """The haversine of the angle from the centre to a row, in SQL: it grows with the distance."""
    half_dlat = Sin(Radians(F(latitude) - Value(criteria.latitude)) / 2)
    half_dlon = Sin(Radians(F(longitude) - Value(criteria.longitude)) / 2)
    cos_centre = Value(math.cos(math.radians(criteria.latitude)))
    return ExpressionWrapper(
        Power(half_dlat, 2) + cos_centre * Cos(Radians(F(latitude))) * Power(half_dlon, 2),
        output_field=FloatField(),
    )


def _in_radius(queryset: QuerySet[Any], latitude: str, longitude: str, criteria: Criteria) -> QuerySet[Any]:
    """Rows in the bounding box (on the indexed columns), then exactly within the great circle's radius."""
    south, north, west, east = bounding_box(criteria.latitude, criteria.longitude, criteria.radius_km)
    radius = math.degrees(criteria.radius_km / EARTH_RADIUS_KM)
    inner, outer = (radius * (1 - FLAT_ERROR)) ** 2, (radius * (1 + FLAT_ERROR)) ** 2
    limit = math.sin(criteria.radius_km / (2 * EARTH_RADIUS_KM)) ** 2
    # No ORDER BY unless asked: the models' default order (by name) would sort thousands of rows for nothing.
    return (
        queryset.filter(**{f"{latitude}__range": (south, north), f"{longitude}__range": (west, east)})
        .alias(flat=_flat_distance(latitude, longitude, criteria))
        .filter(flat__lte=outer)
        .alias(haversine=_haversine(latitude, longitude, criteria))
        .filter(Q(flat__lte=inner) | Q(haversine__lte=limit))
        .order_by()
    )


def providers_shown(*, today: date) -> QuerySet[Provider]:
    """Providers the public map shows today: recognized, or suspended and back soon with early display."""
    return Provider.objects.shown_on_map(today=today, early_display_days=settings.EARLY_DISPLAY_DAYS)


def _providers(criteria: Criteria, *, today: date) -> QuerySet[Any] | None:
    if not criteria.wants(PROVIDER):
        return None
    providers = providers_shown(today=today)
    if criteria.subsidized is True:
        providers = providers.filter(subsidized_places__gt=0)
    elif criteria.subsidized is False:
        providers = providers.filter(subsidized_places=0)
    if EVENINGS in criteria.periods:
        providers = providers.filter(closes_at__gt=EVENING_STARTS)
    if WEEKENDS in criteria.periods:
        providers = providers.alias(weekend=F("opening_days").bitand(WEEKEND_DAYS)).filter(weekend__gt=0)
    if PART_TIME in criteria.periods:
        # Only a published profile that shows its care periods says so; the JSON list's text holds the code.
        providers = providers.filter(profile__published__care_periods__icontains=PART_TIME)
    if criteria.published_only:
        providers = providers.filter(profile_published_at__isnull=False)
    # A flag, never the timestamp itself: timestamps are the costliest columns to fetch on PostgreSQL.
    published = Case(When(profile_published_at__isnull=False, then=Value(1)), default=Value(0))
    return _in_radius(providers, "public_latitude", "public_longitude", criteria).annotate(
        kind=Value(PROVIDER, output_field=CharField()),
        published=published,
        latitude=F("public_latitude"),
        longitude=F("public_longitude"),
    )


def _facilities(criteria: Criteria) -> QuerySet[Any] | None:
    kinds = [kind for kind in FacilityKind.values if criteria.wants(kind)]
    if criteria.subsidized is True:
        kinds = [kind for kind in kinds if kind in SUBSIDIZED_FACILITIES]
    elif criteria.subsidized is False:
        kinds = [kind for kind in kinds if kind not in SUBSIDIZED_FACILITIES]
    # Facilities do not declare part-time care anywhere yet: asking for it leaves them out.
    if not kinds or PART_TIME in criteria.periods:
        return None
    facilities = Facility.objects.all()
    if len(kinds) < len(FacilityKind.values):
        facilities = facilities.filter(kind__in=kinds)
    if criteria.age_group == UNDER_18_MONTHS:
        facilities = facilities.filter(places_under_18_months__gt=0)
    elif criteria.age_group == OVER_18_MONTHS:
        facilities = facilities.filter(places_18_months_and_over__gt=0)
    if EVENINGS in criteria.periods:
        facilities = facilities.filter(closes_at__gt=EVENING_STARTS)
    if WEEKENDS in criteria.periods:
        facilities = facilities.alias(weekend=F("opening_days").bitand(WEEKEND_DAYS)).filter(weekend__gt=0)
    # A facility's page is always public: it counts as published.
    return _in_radius(facilities, "latitude", "longitude", criteria).annotate(published=Value(1))


def map_points(criteria: Criteria, *, today: date) -> Markers:
    """Every service within the radius, as columns ready for JSON: two queries at most, whatever the area."""
    markers = Markers()
    for queryset in (_providers(criteria, today=today), _facilities(criteria)):
        if queryset is None:
            continue
        columns = queryset.values_list("kind", "pk", "latitude", "longitude", "published")
        # The ORM writes the SQL, the cursor reads the rows: thousands of rows of plain numbers need none
        # of the ORM's per-row converters, which cost as much as the query itself at 50 km.
        sql, params = columns.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not rows:
            continue
        kinds, ids, latitudes, longitudes, published = zip(*rows, strict=True)
        markers.kind.extend(kinds)
        markers.id.extend(ids)
        markers.lat_e4.extend([round(lat * COORDINATE_SCALE) for lat in latitudes])
        markers.lon_e4.extend([round(lon * COORDINATE_SCALE) for lon in longitudes])
        markers.published.extend(published)
    return markers


def nearest_page(criteria: Criteria, *, today: date, number: int, size: int) -> tuple[list[Point], int]:
    """One page of the services within the radius, nearest first, and their total: two queries per table."""
    wanted = number * size
    # The flat ranking may swap services whose distances differ by less than 0.3 %: read a few more
    # rows than the page needs, and sort them by their exact distance.
    read = wanted + wanted // 4 + 10
    total = 0
    points: list[Point] = []
    for queryset in (_providers(criteria, today=today), _facilities(criteria)):
        if queryset is None:
            continue
        total += queryset.count()
        ranked = queryset.order_by("flat", "pk").values_list(
            "kind", "pk", "latitude", "longitude", "published"
        )
        for kind, pk, lat, lon, published in ranked[:read]:
            distance = distance_km(criteria.latitude, criteria.longitude, lat, lon)
            points.append(Point(kind, pk, lat, lon, distance, bool(published)))
    points.sort(key=lambda point: (point.distance_km, point.kind, point.pk))
    return points[wanted - size : wanted], total


def services_of(points: list[Point]) -> list[tuple[Point, Provider | Facility]]:
    """The public fields of a page of points' services, in the points' order: two queries at most."""
    provider_ids = [point.pk for point in points if point.kind == PROVIDER]
    facility_ids = [point.pk for point in points if point.kind != PROVIDER]
    providers = (
        Provider.objects.order_by().only(*PUBLIC_PROVIDER_FIELDS).in_bulk(provider_ids)
        if provider_ids
        else {}
    )
    facilities = (
        Facility.objects.order_by().only(*FACILITY_FIELDS).in_bulk(facility_ids) if facility_ids else {}
    )
    return [
        (point, providers[point.pk] if point.kind == PROVIDER else facilities[point.pk])
        for point in points
        if point.pk in (providers if point.kind == PROVIDER else facilities)
    ]
