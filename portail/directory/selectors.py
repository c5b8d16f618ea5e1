"""Reads of the public map: the services around a point, nearest first, and what the list shows of them."""

import functools
import math
from dataclasses import dataclass, field, replace
from datetime import date, time
from typing import Any

from django.conf import settings
from django.db import connection, connections, router
from django.db.models import (
    Case,
    CharField,
    F,
    IntegerField,
    QuerySet,
    Value,
    When,
)

from portail.admissions.selectors import places_taken
from portail.registry.geo import EARTH_RADIUS_KM, distance_km
from portail.registry.models import Facility, FacilityKind, Provider
from portail.registry.querysets import ProviderQuerySet

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
    """The map's points as JSON columns, written by the database: the n-th service is kind[n], id[n], at
    (lat_e4[n], lon_e4[n]) / 10,000, published[n] (docs/api.md)."""

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


# The SQL measures a flat-earth distance first (plain arithmetic, which SQLite runs natively where its
# trigonometry calls back into Python): within 50 km of anywhere in Québec it is within 0.3 % of the
# great-circle distance. Rows clearly inside by that measure are in; only those near the edge pay for the
# exact great-circle test.
FLAT_ERROR = 0.01
# The statements below are written from these constant fragments and the ORM's SQL; every value travels
# as a parameter (hence the `noqa: S608`).
# Both tables read as one shape: the rows of a table that the filters keep, named `service` in the SQL.
COLUMNS = "kind, id, lat, lon, published"
SERVICE = "({rows}) AS service"
# The list's first pages look in a smaller circle first, sized to hold this many times the rows they need
# if the services were evenly spread; the whole radius answers when the small circle holds too few.
NEAR_MARGIN = 2


@dataclass(frozen=True)
class _Circle:
    """A circle around the centre in SQL over COLUMNS: its test, and the flat distance that ranks rows."""

    flat: str
    flat_params: list[float]
    within: str
    within_params: list[float]


def _circle(criteria: Criteria, radius_km: float) -> _Circle:
    lat, lon = criteria.latitude, criteria.longitude
    south, north, west, east = bounding_box(lat, lon, radius_km)
    # The squared flat-earth distance, in degrees of latitude squared.
    flat = "((lat - %s) * (lat - %s) + %s * (lon - %s) * (lon - %s))"
    flat_params = [lat, lat, math.cos(math.radians(lat)) ** 2, lon, lon]
    # The haversine of the angle from the centre: it grows with the distance.
    haversine = (
        "(power(sin(radians(lat - %s) / 2), 2)"
        " + %s * cos(radians(lat)) * power(sin(radians(lon - %s) / 2), 2))"
    )
    haversine_params = [lat, math.cos(math.radians(lat)), lon]
    radius = math.degrees(radius_km / EARTH_RADIUS_KM)
    inner, outer = (radius * (1 - FLAT_ERROR)) ** 2, (radius * (1 + FLAT_ERROR)) ** 2
    limit = math.sin(radius_km / (2 * EARTH_RADIUS_KM)) ** 2
    # The bounding box on the indexed columns first; most rows are then clearly inside at the first test.
    within = (
        f"lat BETWEEN %s AND %s AND lon BETWEEN %s AND %s"
        f" AND ({flat} <= %s OR ({flat} <= %s AND {haversine} <= %s))"
    )
    within_params = [
        *(south, north, west, east),
        *(*flat_params, inner),
        *(*flat_params, outer, *haversine_params, limit),
    ]
    return _Circle(flat, flat_params, within, within_params)


def providers_shown(*, today: date) -> ProviderQuerySet:
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
        # Only a published profile that shows its care periods says so; the JSON list's text holds the code
        # (the stored version outlives a take-down: only the provider's own column says it is published).
        providers = providers.published().filter(profile__published__care_periods__icontains=PART_TIME)
    if criteria.published_only:
        providers = providers.published()
    if criteria.with_places:
        providers = providers.alias(taken=places_taken(today=today)).filter(capacity__gt=F("taken"))
    # A flag, never the timestamp itself: timestamps are the costliest columns to fetch on PostgreSQL.
    published = Case(When(profile_published_at__isnull=False, then=Value(1)), default=Value(0))
    return providers.order_by().values(
        "id",
        kind=Value(PROVIDER, output_field=CharField()),
        lat=F("public_latitude"),
        lon=F("public_longitude"),
        published=published,
    )


def _facilities(criteria: Criteria) -> QuerySet[Any] | None:
    kinds = [kind for kind in FacilityKind.values if criteria.wants(kind)]
    if criteria.subsidized is True:
        kinds = [kind for kind in kinds if kind in SUBSIDIZED_FACILITIES]
    elif criteria.subsidized is False:
        kinds = [kind for kind in kinds if kind not in SUBSIDIZED_FACILITIES]
    # Facilities declare neither part-time care nor their children admitted anywhere yet: asking for
    # either leaves them out.
    if not kinds or PART_TIME in criteria.periods or criteria.with_places:
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
    return facilities.order_by().values(
        "kind", "id", lat=F("latitude"), lon=F("longitude"), published=Value(1, output_field=IntegerField())
    )


def _services(criteria: Criteria, *, today: date) -> list[tuple[str, tuple[Any, ...]]]:
    """Each table's services that the filters keep, as the SQL of COLUMNS, and its parameters."""
    # That SQL does not depend on where the search is: the ORM writes it once per set of filters and
    # day, as a prepared statement would be; every search still reads its rows afresh.
    anywhere = replace(criteria, latitude=0.0, longitude=0.0, radius_km=1)
    return _compiled_services(anywhere, today, settings.EARLY_DISPLAY_DAYS, connection.vendor)


@functools.lru_cache(maxsize=256)
def _compiled_services(
    criteria: Criteria, today: date, early_display_days: int, vendor: str
) -> list[tuple[str, tuple[Any, ...]]]:
    # The setting and the database are part of the key: they change the SQL.
    statements = []
    for rows in (_providers(criteria, today=today), _facilities(criteria)):
        if rows is not None:
            sql, params = rows.query.sql_with_params()
            statements.append((sql, tuple(params)))
    return statements


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    # The ORM wrote the rows' filters; these statements add the circle around them. Thousands of rows of
    # plain numbers need none of the ORM's per-row work, which costs as much as the query itself at 50 km.
    # On the replica when the public map reads from one (portail/core/db_router.py).
    with connections[router.db_for_read(Provider)].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _joined(column: str) -> str:
    """An aggregate that writes a column of the rows as text, separated by commas ('' when none)."""
    if connection.vendor == "postgresql":
        return f"COALESCE(string_agg(CAST({column} AS text), ','), '')"
    return f"COALESCE(group_concat({column}, ','), '')"


# The map's points as JSON columns: service kinds are words of letters and underscores (a constraint
# on facilities, a constant for providers), quoted as they are.
POINT_SQL = {
    "kind": "'\"' || kind || '\"'",
    "id": "id",
    "lat_e4": f"CAST(round(lat * {COORDINATE_SCALE}) AS INTEGER)",
    "lon_e4": f"CAST(round(lon * {COORDINATE_SCALE}) AS INTEGER)",
    "published": "published",
}


def map_points(criteria: Criteria, *, today: date) -> Markers:
    """Every service within the radius, as JSON columns the database writes: one query per table."""
    circle = _circle(criteria, criteria.radius_km)
    aggregates = ", ".join(_joined(column) for column in POINT_SQL.values())
    count = 0
    columns: list[list[str]] = [[] for _ in POINT_SQL]
    for rows, params in _services(criteria, today=today):
        sql = f"SELECT count(*), {aggregates} FROM {SERVICE.format(rows=rows)} WHERE {circle.within}"  # noqa: S608
        ((found, *values),) = _fetch(sql, [*params, *circle.within_params])
        if found:
            count += found
            for parts, joined in zip(columns, values, strict=True):
                parts.append(joined)
    body = ",".join(f'"{name}":[{",".join(parts)}]' for name, parts in zip(POINT_SQL, columns, strict=True))
    return Markers(count=count, columns_json="{" + body + "}")


def nearest_page(criteria: Criteria, *, today: date, number: int, size: int) -> tuple[list[Point], int]:
    """One page of the services within the radius, nearest first, and their total: two queries per table."""
    wanted = number * size
    # The flat ranking may swap services whose distances differ by less than 0.3 %: read a few more
    # rows than the page needs, and sort them by their exact distance.
    read = wanted + wanted // 4 + 10
    circle = _circle(criteria, criteria.radius_km)
    total = 0
    points: list[Point] = []
    for rows, params in _services(criteria, today=today):
        count = f"SELECT count(*) FROM {SERVICE.format(rows=rows)} WHERE {circle.within}"  # noqa: S608
        ((found,),) = _fetch(count, [*params, *circle.within_params])
        total += found
        if not found:
            continue
        for kind, pk, lat, lon, published in _nearest(criteria, circle, rows, params, read=read, found=found):
            distance = distance_km(criteria.latitude, criteria.longitude, lat, lon)
            points.append(Point(kind, pk, lat, lon, distance, bool(published)))
    points.sort(key=lambda point: (point.distance_km, point.kind, point.pk))
    return points[wanted - size : wanted], total


def _nearest(
    criteria: Criteria, circle: _Circle, rows: str, params: tuple[Any, ...], *, read: int, found: int
) -> list[tuple[Any, ...]]:
    """The `read` rows of a table nearest the centre by flat distance, out of the `found` within the radius.

    Ranking every row of a 50 km circle costs more than counting them: a first page is taken from a
    smaller circle instead, when it holds enough rows; when it does not, the same statement ranks the
    whole circle. One statement either way.
    """
    ranked = "SELECT " + COLUMNS + " FROM {table} WHERE {within} ORDER BY {flat}, id LIMIT {limit}"  # noqa: S608
    table = SERVICE.format(rows=rows)
    near_km = criteria.radius_km * math.sqrt(NEAR_MARGIN * read / found)
    if near_km >= criteria.radius_km / 2:
        everywhere = ranked.format(table=table, within=circle.within, flat=circle.flat, limit="%s")
        return _fetch(everywhere, [*params, *circle.within_params, *circle.flat_params, read])
    near = _circle(criteria, near_km)
    # The whole circle is ranked only when the small one falls short: its LIMIT is then `read`, else 0,
    # and a LIMIT of 0 ends a query before it reads a row, on SQLite as on PostgreSQL.
    sql = (
        f"WITH near AS ({ranked.format(table=table, within=near.within, flat=near.flat, limit='%s')}) "  # noqa: S608
        "SELECT * FROM near WHERE (SELECT count(*) FROM near) = %s UNION ALL SELECT * FROM ("
        + ranked.format(
            table=table,
            within=circle.within,
            flat=circle.flat,
            limit="(CASE WHEN (SELECT count(*) FROM near) < %s THEN %s ELSE 0 END)",
        )
        + ") AS everywhere"
    )
    return _fetch(
        sql,
        [
            *(*params, *near.within_params, *near.flat_params, read),
            read,
            *(*params, *circle.within_params, *circle.flat_params, read, read),
        ],
    )


def services_of(points: list[Point], *, today: date) -> list[tuple[Point, Provider | Facility]]:
    """The public fields of a page of points' services, in the points' order, the providers with their
    places taken (`places_taken`): two queries at most, whose SQL the ORM writes once a day."""
    found: dict[tuple[str, int], Provider | Facility] = {}
    for model, ids in (
        (Provider, [point.pk for point in points if point.kind == PROVIDER]),
        (Facility, [point.pk for point in points if point.kind != PROVIDER]),
    ):
        for service in _public_rows(model, ids, today=today) if ids else []:
            found[(PROVIDER if model is Provider else "", service.pk)] = service
    return [
        (point, found[key])
        for point in points
        if (key := (PROVIDER if point.kind == PROVIDER else "", point.pk)) in found
    ]


def public_provider(pk: int, *, today: date) -> Provider | None:
    """One provider the map shows, as `public_providers` reads it, or None: one query."""
    if not 0 < pk <= MAX_ID:
        return None  # no such row, and a number the database would refuse (the ORM's lookup says the same)
    found = _public_rows(Provider, [pk], today=today)
    return found[0] if found else None


def _public_rows(model: type[Provider] | type[Facility], ids: list[int], *, today: date) -> list[Any]:
    sql, params = _compiled_rows(model, today, settings.EARLY_DISPLAY_DAYS, connection.vendor)
    marks = ", ".join(["%s"] * len(ids))
    # A raw query maps the columns to the model's fields, with the ORM's conversions, and sets the
    # providers' `places_taken` as an attribute.
    return list(
        model._default_manager.db_manager(router.db_for_read(model)).raw(
            f"SELECT * FROM ({sql}) AS service WHERE service.id IN ({marks})",  # noqa: S608
            [*params, *ids],
        )
    )


@functools.lru_cache(maxsize=16)
def _compiled_rows(
    model: type[Provider] | type[Facility], today: date, early_display_days: int, vendor: str
) -> tuple[str, tuple[Any, ...]]:
    """The SQL of the public fields of a table's services (and the providers' places taken), by any id:
    the ORM's, written once per day and database (its per-call work cost more than the query)."""
    if model is Provider:
        fields = [*PUBLIC_PROVIDER_FIELDS, "places_taken"]
        rows = public_providers(today=today).order_by().values(*_by_column(fields))
    else:
        rows = Facility.objects.order_by().values(*_by_column(FACILITY_FIELDS))
    sql, params = rows.query.sql_with_params()
    return sql, tuple(params)


def _by_column(fields: list[str]) -> list[str]:
    # A raw query finds the primary key by its column's name.
    return ["id" if name == "pk" else name for name in fields]


def public_providers(*, today: date) -> QuerySet[Provider]:
    """Providers the map shows, with the fields the public may read and how many of their places are taken."""
    return (
        providers_shown(today=today)
        .only(*PUBLIC_PROVIDER_FIELDS)
        .annotate(places_taken=places_taken(today=today))
    )
