"""The map's services in memory: one snapshot per process of every service the map can show today, shared by
every search (docs/architecture.md, « The map's search »).

A search page and the map's points read no SQL: the filters are boolean columns, the circle a latitude slice
of arrays sorted by latitude then a great-circle test, the ranking exact (Python's `distance_km` near the
page's edge), and each service's public fields are in the snapshot. It holds data, never a response: every
search's list, count and points are computed afresh from it.

Freshness: the snapshot is built by two statements (on the replica when the page reads from it), for one day,
and built again
- when the *generation* in Django's cache (Redis in production, shared by every process) is no longer the one
  it was built at: a save or delete of what the map shows (`_changed`) bumps it once its transaction commits,
  and marks this process's snapshot stale at once; a snapshot built from a replica within
  REPLICA_LAG_SECONDS of a change is built again after them (the replica may not have had the change yet);
- when it is MAP_INDEX_MAX_AGE seconds old (bulk updates and raw SQL send no signal);
- on a new day (`today` decides who is shown and which admissions hold a place).
But for a new day, never twice within MAP_INDEX_MIN_GAP seconds, however many changes come: a change waits
at most that long, and a stream of writes costs each process one build per gap, not one per write. The
generation is read from the cache at most every MAP_INDEX_POLL seconds, not per search.

Who waits for a build: the search that finds no snapshot, a snapshot of another day, or this process's own
write (its visitor must see it). Any other stale snapshot answers the searches while a thread builds the next
one (MAP_INDEX_BUILD_IN_BACKGROUND), so that the half second of a build is nobody's wait.
"""

import functools
import json
import logging
import math
import secrets
import threading
import time
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import numpy as np
from django.conf import settings
from django.core.cache import cache
from django.db import connections, router, transaction
from django.db.models import BooleanField, Case, Q, Value, When
from django.db.models.signals import post_delete, post_save

from portail.admissions.models import Admission
from portail.admissions.selectors import places_taken
from portail.core.db_router import REPLICA, REPLICA_LAG_SECONDS
from portail.directory.selectors import (
    COORDINATE_SCALE,
    EVENING_STARTS,
    EVENINGS,
    FACILITY_FIELDS,
    KINDS,
    OVER_18_MONTHS,
    PART_TIME,
    PROVIDER,
    PUBLIC_PROVIDER_FIELDS,
    SUBSIDIZED_FACILITIES,
    UNDER_18_MONTHS,
    WEEKEND_DAYS,
    WEEKENDS,
    Criteria,
    Markers,
    Point,
    bounding_box,
    providers_shown,
)
from portail.profiles.models import ProviderProfile
from portail.registry.geo import EARTH_RADIUS_KM, distance_km
from portail.registry.models import Facility, Provider
from portail.registry.querysets import PUBLISHED

logger = logging.getLogger(__name__)

GENERATION_KEY = "directory:map-index:generation"
# Numpy's trigonometry may differ from Python's `math` in the last bits: a service this close (in km) to the
# radius, or to the page's last distance, is decided by `distance_km` itself, as the list shows it.
EXACT_MARGIN_KM = 1e-9
POINT_COLUMNS = ("kind", "id", "lat_e4", "lon_e4", "published")
# Plain strings: the kinds as the database holds them (FacilityKind's members compare equal to them).
KIND_NAMES = [str(kind) for kind in KINDS]
# The model fields of a page's services, by column (a raw query's order): what `services_of` returned before.
PROVIDER_COLUMNS = ["id" if name == "pk" else name for name in PUBLIC_PROVIDER_FIELDS]
FACILITY_COLUMNS = ["id" if name == "pk" else name for name in FACILITY_FIELDS]


def _model_order(model: type[Provider] | type[Facility], columns: list[str]) -> tuple[list[str], list[int]]:
    """The columns in the model's field order, as `Model.from_db` takes a part of them, and where each is."""
    names = [field.attname for field in model._meta.concrete_fields if field.attname in columns]
    return names, [columns.index(name) for name in names]


PROVIDER_FIELD_ORDER = _model_order(Provider, PROVIDER_COLUMNS)
FACILITY_FIELD_ORDER = _model_order(Facility, FACILITY_COLUMNS)


@dataclass(frozen=True, eq=False)
class Snapshot:
    """Every service the map shows on `today`, sorted by latitude: one entry per service in each array."""

    today: date
    generation: object
    built_at: float  # time.monotonic()
    alias: str
    latitude: np.ndarray
    longitude: np.ndarray
    kind: np.ndarray  # an index into KINDS
    pk: np.ndarray
    provider: np.ndarray
    published: np.ndarray
    subsidized: np.ndarray
    evenings: np.ndarray
    weekends: np.ndarray
    part_time: np.ndarray
    with_places: np.ndarray
    under_18_months: np.ndarray
    over_18_months: np.ndarray
    # The map's points' JSON values, written once per service.
    point_text: dict[str, np.ndarray]
    # Each service's public fields (PROVIDER_COLUMNS and its places taken, or FACILITY_COLUMNS), by position.
    rows: list[tuple[Any, ...]]
    position: dict[tuple[bool, int], int]
    # `keyed`'s keys by position, each worked out at its service's first search.
    keys: list[Hashable | None]
    # Built from a replica soon after a change (time.monotonic()): built again once the replica has surely
    # caught up with it.
    rebuild_at: float = math.inf

    def __len__(self) -> int:
        return len(self.pk)

    def _kept(self, criteria: Criteria, part: slice) -> np.ndarray:
        """Which services of a slice the filters keep: `_providers` and `_facilities` of the SQL, as masks."""
        provider = self.provider[part]
        wanted = np.array([criteria.wants(kind) for kind in KIND_NAMES])
        kept = wanted[self.kind[part]]
        if criteria.subsidized is True:
            kept &= self.subsidized[part]
        elif criteria.subsidized is False:
            kept &= ~self.subsidized[part]
        if criteria.age_group == UNDER_18_MONTHS:
            kept &= provider | self.under_18_months[part]
        elif criteria.age_group == OVER_18_MONTHS:
            kept &= provider | self.over_18_months[part]
        if EVENINGS in criteria.periods:
            kept &= self.evenings[part]
        if WEEKENDS in criteria.periods:
            kept &= self.weekends[part]
        if PART_TIME in criteria.periods:
            kept &= self.part_time[part]  # never a facility's
        if criteria.published_only:
            kept &= self.published[part]  # always a facility's
        if criteria.with_places:
            kept &= self.with_places[part]  # never a facility's
        return kept

    def within(self, criteria: Criteria) -> tuple[np.ndarray, np.ndarray]:
        """The positions of the services the filters keep within the radius, and their distances (numpy's)."""
        south, north, west, east = bounding_box(criteria.latitude, criteria.longitude, criteria.radius_km)
        part = slice(
            int(np.searchsorted(self.latitude, south, side="left")),
            int(np.searchsorted(self.latitude, north, side="right")),
        )
        longitude = self.longitude[part]
        kept = self._kept(criteria, part) & (longitude >= west) & (longitude <= east)
        positions = np.flatnonzero(kept) + part.start
        distances = _distances(criteria, self.latitude[positions], self.longitude[positions])
        radius = criteria.radius_km
        inside = distances <= radius - EXACT_MARGIN_KM
        edge = np.flatnonzero(~inside & (distances <= radius + EXACT_MARGIN_KM))
        for at in edge.tolist():
            inside[at] = self._distance(criteria, int(positions[at])) <= radius
        return positions[inside], distances[inside]

    def _distance(self, criteria: Criteria, position: int) -> float:
        return distance_km(
            criteria.latitude,
            criteria.longitude,
            float(self.latitude[position]),
            float(self.longitude[position]),
        )

    def nearest_page(self, criteria: Criteria, *, number: int, size: int) -> tuple[list[Point], int]:
        """One page of the services within the radius, by exact distance then (kind, pk), and their total."""
        positions, distances = self.within(criteria)
        total = len(positions)
        wanted = number * size
        if wanted - size >= total:
            return [], total
        if wanted < total:
            # The page's last distance by numpy, and every service as near, give or take the margin.
            last = np.partition(distances, wanted - 1)[wanted - 1]
            positions = positions[distances <= last + EXACT_MARGIN_KM]
        ranked = sorted(
            (self._distance(criteria, at), KIND_NAMES[self.kind[at]], int(self.pk[at]), at)
            for at in positions.tolist()
        )
        return [
            Point(
                kind=kind,
                pk=pk,
                latitude=float(self.latitude[position]),
                longitude=float(self.longitude[position]),
                distance_km=distance,
                published=bool(self.published[position]),
            )
            for distance, kind, pk, position in ranked[wanted - size : wanted]
        ], total

    def map_points(self, criteria: Criteria) -> Markers:
        """Every service within the radius as the map's JSON columns (docs/api.md), in no particular order."""
        positions, _distances = self.within(criteria)
        body = ",".join(
            f'"{name}":[{",".join(self.point_text[name][positions].tolist())}]' for name in POINT_COLUMNS
        )
        return Markers(count=len(positions), columns_json="{" + body + "}")

    def every_point(self) -> list[Point]:
        """Every service of the snapshot as a point at no distance (to write their entries ahead)."""
        return [
            Point(KIND_NAMES[kind], pk, 0.0, 0.0, 0.0, bool(published))
            for kind, pk, published in zip(
                self.kind.tolist(), self.pk.tolist(), self.published.tolist(), strict=True
            )
        ]

    def _service(self, position: int) -> Provider | Facility:
        row = self.rows[position]
        service: Provider | Facility
        if self.provider[position]:
            names, order = PROVIDER_FIELD_ORDER
            service = Provider.from_db(self.alias, names, [row[at] for at in order])
            service.places_taken = row[-1]  # type: ignore[attr-defined]
        else:
            names, order = FACILITY_FIELD_ORDER
            service = Facility.from_db(self.alias, names, [row[at] for at in order])
        return service

    def _positions(self, points: Iterable[Point]) -> Iterator[tuple[Point, int]]:
        for point in points:
            position = self.position.get((point.kind == PROVIDER, point.pk))
            if position is not None:  # else gone since the point was found (a newer snapshot)
                yield point, position

    def services_of(self, points: Iterable[Point]) -> list[tuple[Point, Provider | Facility]]:
        """The public fields of points' services as model instances (deferred, as `.only()` reads them)."""
        return [(point, self._service(position)) for point, position in self._positions(points)]

    def keyed(
        self, points: Iterable[Point], key: Callable[[Provider | Facility], Hashable]
    ) -> list[tuple[Point, Hashable, Callable[[], Provider | Facility]]]:
        """Each point with `key` of its service, worked out once per snapshot and service (the one `key` ever
        asked is presentation.summary_key: the list's entries), and how to make the service when it is
        needed. A search whose entries are all written makes no model instance."""
        found: list[tuple[Point, Hashable, Callable[[], Provider | Facility]]] = []
        keys = self.keys
        for point, position in self._positions(points):
            known = keys[position]
            if known is None:
                known = keys[position] = key(self._service(position))
            found.append((point, known, functools.partial(self._service, position)))
        return found


def _distances(criteria: Criteria, latitude: np.ndarray, longitude: np.ndarray) -> np.ndarray:
    """`distance_km` (the haversine formula) from the centre to each point, by numpy."""
    phi1 = math.radians(criteria.latitude)
    phi2 = np.radians(latitude)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = np.radians(longitude - criteria.longitude) / 2
    a = np.sin(half_dphi) ** 2 + math.cos(phi1) * np.cos(phi2) * np.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))


def _e4(degrees: np.ndarray) -> np.ndarray:
    # Ten-thousandths of a degree, halves away from zero (as the database rounded them), as text.
    scaled = np.sign(degrees) * np.floor(np.abs(degrees) * COORDINATE_SCALE + 0.5)
    return scaled.astype(np.int64).astype(str).astype(object)


def _evenings(closing: Iterable[Any]) -> np.ndarray:
    return np.array([at is not None and at > EVENING_STARTS for at in closing], dtype=bool)


def build(*, today: date, generation: object = None, alias: str | None = None) -> Snapshot:
    """The snapshot of `today`: two statements, on `alias` (by default the one the router gives the map's
    reads). Its age counts from before its reads."""
    started = time.monotonic()
    alias = alias or router.db_for_read(Provider)
    part_time = Case(
        When(PUBLISHED & Q(profile__published__care_periods__icontains=PART_TIME), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    providers = list(
        providers_shown(today=today)
        .using(alias)
        .order_by()
        .annotate(places_taken=places_taken(today=today), part_time=part_time)
        .values_list(*PROVIDER_COLUMNS, "places_taken", "public_latitude", "public_longitude", "part_time")
    )
    facilities = list(
        Facility.objects.using(alias).order_by().values_list(*FACILITY_COLUMNS, "latitude", "longitude")
    )
    # Each statement's columns, by name (empty when it has no rows).
    p = dict(
        zip(
            [*PROVIDER_COLUMNS, "places_taken", "latitude", "longitude", "part_time"],
            zip(*providers, strict=True) if providers else [()] * (len(PROVIDER_COLUMNS) + 4),
            strict=True,
        )
    )
    f = dict(
        zip(
            [*FACILITY_COLUMNS, "latitude", "longitude"],
            zip(*facilities, strict=True) if facilities else [()] * (len(FACILITY_COLUMNS) + 2),
            strict=True,
        )
    )
    n_providers, n_facilities = len(providers), len(facilities)
    no, yes = np.zeros(n_facilities, dtype=bool), np.ones(n_facilities, dtype=bool)
    facility_kind = np.array([KIND_NAMES.index(kind) for kind in f["kind"]], dtype=np.int8)

    def both(of_providers: Any, of_facilities: Any, dtype: Any = bool) -> np.ndarray:
        return np.concatenate([np.asarray(of_providers, dtype=dtype), np.asarray(of_facilities, dtype=dtype)])

    latitude = both(p["latitude"], f["latitude"], np.float64)
    longitude = both(p["longitude"], f["longitude"], np.float64)
    kind = both(np.zeros(n_providers), facility_kind, np.int8)
    pk = both(p["id"], f["id"], np.int64)
    # By latitude (a search's slice), then as the list breaks ties.
    order = np.lexsort((pk, kind, latitude))
    rows: list[tuple[Any, ...]] = [
        *(row[: len(PROVIDER_COLUMNS) + 1] for row in providers),
        *(row[: len(FACILITY_COLUMNS)] for row in facilities),
    ]
    columns = {
        "published": both([at is not None for at in p["profile_published_at"]], yes),
        "subsidized": both(
            np.asarray(p["subsidized_places"], dtype=np.int64) > 0,
            [kind in SUBSIDIZED_FACILITIES for kind in f["kind"]],
        ),
        "evenings": both(_evenings(p["closes_at"]), _evenings(f["closes_at"])),
        "weekends": both(
            np.asarray(p["opening_days"], dtype=np.int64) & WEEKEND_DAYS,
            np.asarray(f["opening_days"], dtype=np.int64) & WEEKEND_DAYS,
        ),
        "part_time": both(p["part_time"], no),
        "with_places": both(
            np.asarray(p["capacity"], dtype=np.int64) > np.asarray(p["places_taken"], dtype=np.int64),
            no,
        ),
        "under_18_months": both(
            np.zeros(n_providers), np.asarray(f["places_under_18_months"], dtype=np.int64) > 0
        ),
        "over_18_months": both(
            np.zeros(n_providers), np.asarray(f["places_18_months_and_over"], dtype=np.int64) > 0
        ),
    }
    latitude, longitude, kind, pk = latitude[order], longitude[order], kind[order], pk[order]
    columns = {name: values[order] for name, values in columns.items()}
    kinds_json = np.array([json.dumps(name) for name in KIND_NAMES], dtype=object)
    return Snapshot(
        today=today,
        generation=generation,
        built_at=started,
        alias=alias,
        latitude=latitude,
        longitude=longitude,
        kind=kind,
        pk=pk,
        provider=kind == 0,
        published=columns["published"],
        subsidized=columns["subsidized"],
        evenings=columns["evenings"],
        weekends=columns["weekends"],
        part_time=columns["part_time"],
        with_places=columns["with_places"],
        under_18_months=columns["under_18_months"],
        over_18_months=columns["over_18_months"],
        point_text={
            "kind": kinds_json[kind],
            "id": pk.astype(str).astype(object),
            "lat_e4": _e4(latitude),
            "lon_e4": _e4(longitude),
            "published": np.where(columns["published"], "1", "0").astype(object),
        },
        rows=[rows[at] for at in order.tolist()],
        keys=[None] * len(rows),
        position={
            (code == 0, key): at
            for at, (code, key) in enumerate(zip(kind.tolist(), pk.tolist(), strict=True))
        },
    )


_snapshot: Snapshot | None = None
# This process wrote what the map shows: its next search builds again (once the gap has passed).
_stale = False
_lock = threading.Lock()
# The generation this process last read from the shared cache, and when (time.monotonic()).
_polled: tuple[float, object] = (-math.inf, None)
# The build running in the background, and when the last one started (time.monotonic()).
_building: threading.Thread | None = None
_attempted_at = -math.inf


def generation() -> object:
    """The generation of what the map shows, in the cache every process shares (None before any change)."""
    return cache.get(GENERATION_KEY)


def _generation() -> object:
    """The shared generation, read at most every MAP_INDEX_POLL seconds: a search does not pay a round trip
    to the cache (a change already waits for MAP_INDEX_MIN_GAP)."""
    global _polled
    now = time.monotonic()
    at, seen = _polled
    if 0 <= now - at < settings.MAP_INDEX_POLL:
        return seen
    seen = generation()
    _polled = (now, seen)
    return seen


def _fresh(snapshot: Snapshot | None, today: date) -> bool:
    if snapshot is None or snapshot.today != today:
        return False
    now = time.monotonic()
    age = now - snapshot.built_at
    if 0 <= age < settings.MAP_INDEX_MIN_GAP:
        return True  # however many changes came since: at most one build per gap
    return (
        not _stale
        and age < settings.MAP_INDEX_MAX_AGE
        and now < snapshot.rebuild_at
        and snapshot.generation == _generation()
    )


def _build(today: date, alias: str) -> Snapshot:
    now_generation = _generation()
    snapshot = build(today=today, generation=now_generation, alias=alias)
    if snapshot.alias == REPLICA and isinstance(now_generation, tuple):
        # The change was committed on the primary at `bumped`; the replica may not have it yet.
        behind = now_generation[0] + REPLICA_LAG_SECONDS - time.time()
        if behind > 0:
            snapshot = replace(snapshot, rebuild_at=time.monotonic() + behind)
    return snapshot


def current(*, today: date) -> Snapshot:
    """This process's snapshot of `today`. A stale one is built again before the search when this process
    wrote (its visitor must see the change) or on a new day; otherwise the search is answered from it while a
    thread builds the next one (MAP_INDEX_BUILD_IN_BACKGROUND): no parent waits the half second of a build."""
    global _stale
    snapshot = _snapshot
    if _fresh(snapshot, today):
        return snapshot  # type: ignore[return-value]
    alias = router.db_for_read(Provider)
    if (
        settings.MAP_INDEX_BUILD_IN_BACKGROUND
        and snapshot is not None
        and snapshot.today == today
        and not _stale
    ):
        _build_in_background(today, alias)
        return snapshot
    with _lock:
        snapshot = _snapshot
        if not _fresh(snapshot, today):
            _stale = False
            snapshot = _build(today, alias)
            _keep(snapshot)
        return snapshot  # type: ignore[return-value]


def _keep(snapshot: Snapshot) -> None:
    # Called with the lock held: a build that started before the kept snapshot's is dropped.
    global _snapshot
    if _snapshot is None or _snapshot.built_at <= snapshot.built_at:
        _snapshot = snapshot


def _build_in_background(today: date, alias: str) -> None:
    """One build at a time in a thread of this process, at most one started per MAP_INDEX_MIN_GAP."""
    global _building, _attempted_at
    with _lock:
        now = time.monotonic()
        running = _building is not None and _building.is_alive()
        if running or 0 <= now - _attempted_at < settings.MAP_INDEX_MIN_GAP:
            return
        _attempted_at = now
        _building = threading.Thread(
            target=_build_and_keep, args=(today, alias), name="map-index-build", daemon=True
        )
        _building.start()


def _build_and_keep(today: date, alias: str) -> None:
    try:
        snapshot = _build(today, alias)
        with _lock:
            _keep(snapshot)
    except Exception:
        # The searches go on with the snapshot they have; the next one past the gap tries again.
        logger.exception("The map's index could not be built in the background.")
    finally:
        connections.close_all()  # this thread's own connections


def wait_for_build(timeout: float | None = None) -> None:
    """Returns once the background build (if any) is over (tests, a worker's warm-up)."""
    building = _building
    if building is not None:
        building.join(timeout)


def forget() -> None:
    """Drop this process's snapshot: the next search builds one (tests drop it between tests)."""
    global _snapshot, _stale, _polled, _building, _attempted_at
    wait_for_build()
    _snapshot, _stale, _polled, _building, _attempted_at = None, False, (-math.inf, None), None, -math.inf


def bump() -> None:
    """A new generation: every process builds its snapshot again at its next search. The generation says when
    (wall-clock time, the same on every server) and is unique (a random part). This process knows it at
    once: its next build is labelled with it, not with the one it polled before."""
    global _polled
    bumped = (time.time(), secrets.token_hex(8))
    cache.set(GENERATION_KEY, bumped, timeout=None)
    _polled = (time.monotonic(), bumped)


def _changed(sender: type[Any], *, using: str = "default", **kwargs: Any) -> None:
    # This process sees the change at its next search past MAP_INDEX_MIN_GAP (its own transaction's reads
    # see it); the others once it is committed (a rolled-back change is then no change, up to
    # MAP_INDEX_MAX_AGE here).
    global _stale
    _stale = True
    transaction.on_commit(bump, using=using)


# Whatever changes who the map shows, where, with which fields, filters and places taken.
WATCHED = (Provider, Facility, ProviderProfile, Admission)


def connect() -> None:
    for model in WATCHED:
        post_save.connect(_changed, sender=model, dispatch_uid=f"map-index-save-{model._meta.label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"map-index-delete-{model._meta.label}")
