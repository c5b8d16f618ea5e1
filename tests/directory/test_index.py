"""The map's index (portail/directory/index.py): the same pages, totals and points as the rules read over the
ORM one service at a time, and fresh after a change, a while, a new day."""

import json
import math
import random
import time as time_module
from datetime import date, time, timedelta

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portail.admissions.models import Admission, Status, holding_a_place_from
from portail.core.db_router import PRIMARY, REPLICA, _public_read
from portail.directory import index
from portail.directory.selectors import (
    KINDS,
    OVER_18_MONTHS,
    PROVIDER,
    UNDER_18_MONTHS,
    Criteria,
    map_points,
    nearest_page,
    providers_shown,
    services_of,
)
from portail.profiles.models import ProviderProfile
from portail.registry.geo import distance_km
from portail.registry.models import Facility, FacilityKind, Provider, RecognitionStatus
from tests.admissions.factories import AdmissionFactory
from tests.directory.conftest import CENTRE, point_at

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 28)
FILTERS = {"evenings", "weekends", "part_time"}


def _oracle_services(today: date) -> list[tuple[str, int, float, float, dict[str, object]]]:
    """Every service the map may show, with what each filter asks of it, read one row at a time."""
    services = []
    for provider in providers_shown(today=today):
        taken = Admission.objects.filter(holding_a_place_from(today), provider=provider).count()
        profile = ProviderProfile.objects.filter(provider=provider).first()
        published = provider.profile_published_at is not None
        periods = (profile.published or {}).get("care_periods") if profile else None
        facts = {
            "subsidized": provider.subsidized_places > 0,
            "evenings": provider.closes_at is not None and provider.closes_at > time(18),
            "weekends": bool(provider.opening_days & (32 | 64)),
            "part_time": published and periods is not None and "part_time" in json.dumps(periods).lower(),
            "published": published,
            "places": provider.capacity > taken,
            UNDER_18_MONTHS: True,
            OVER_18_MONTHS: True,
        }
        services.append((PROVIDER, provider.pk, provider.public_latitude, provider.public_longitude, facts))
    for facility in Facility.objects.all():
        facts = {
            "subsidized": facility.kind in (FacilityKind.CPE, FacilityKind.SUBSIDIZED_DAYCARE),
            "evenings": facility.closes_at is not None and facility.closes_at > time(18),
            "weekends": bool(facility.opening_days & (32 | 64)),
            "part_time": False,
            "published": True,
            "places": False,
            UNDER_18_MONTHS: facility.places_under_18_months > 0,
            OVER_18_MONTHS: facility.places_18_months_and_over > 0,
        }
        services.append((str(facility.kind), facility.pk, facility.latitude, facility.longitude, facts))
    return services


def _oracle(services, criteria: Criteria) -> list[tuple[float, str, int]]:
    """The services a search keeps, nearest first then by (kind, pk)."""
    kept = []
    for kind, pk, lat, lon, facts in services:
        if criteria.kinds and kind not in criteria.kinds:
            continue
        if criteria.subsidized is not None and facts["subsidized"] != criteria.subsidized:
            continue
        if criteria.age_group and not facts[criteria.age_group]:
            continue
        if any(not facts[period] for period in criteria.periods):
            continue
        if criteria.published_only and not facts["published"]:
            continue
        if criteria.with_places and not facts["places"]:
            continue
        distance = distance_km(criteria.latitude, criteria.longitude, lat, lon)
        if distance <= criteria.radius_km:
            kept.append((distance, kind, pk))
    return sorted(kept)


def _status(n: int) -> dict[str, object]:
    """Recognized mostly; some suspended, back in 10 or 60 days, shown early or not; one ceased."""
    if n % 9 == 4:
        return {
            "status": RecognitionStatus.SUSPENDED,
            "suspension_start": TODAY - timedelta(days=100),
            "suspension_planned_return": TODAY + timedelta(days=10 if n % 2 else 60),
            "show_before_return": n % 4 != 0,
        }
    return {"status": RecognitionStatus.CEASED} if n == 7 else {"status": RecognitionStatus.RECOGNIZED}


@pytest.fixture
def many_services(provider_at, facility_at):
    """About 70 services within 45 km of the centre, of every kind and with every fact the filters read;
    some at the same point (ties), some just inside or outside 5 km."""
    draw = random.Random(17)
    now = timezone.now()
    for n in range(36):
        capacity = draw.choice([3, 6, 9])
        provider = provider_at(
            draw.uniform(0, 45),
            draw.uniform(0, 360),
            capacity=capacity,
            has_assistant=capacity > 6,
            subsidized_places=draw.choice([0, 0, capacity]),
            opening_days=draw.choice([31, 31, 127, 96, 1]),
            opens_at=time(7),
            closes_at=draw.choice([time(17, 30), time(18), time(20), None]),
            profile_published_at=now if n % 3 else None,
            **_status(n),
        )
        if n % 4:
            care = draw.choice([["full_time"], ["part_time"], ["full_time", "PART_TIME"]])
            ProviderProfile.objects.create(provider=provider, published={"hours": {}, "care_periods": care})
        for _ in range(draw.choice([0, 0, 3, capacity])):
            AdmissionFactory(provider=provider, planned_start_date=TODAY - timedelta(days=30))
    for n in range(30):
        distance, bearing = (draw.uniform(0, 45), draw.uniform(0, 360)) if n % 5 else (2.0, 90.0)
        facility_at(
            distance,
            bearing,
            kind=draw.choice(FacilityKind.values),
            places_under_18_months=draw.choice([0, 10]),
            places_18_months_and_over=draw.choice([0, 40]),
            opening_days=draw.choice([31, 127, 64]),
            closes_at=draw.choice([time(17), time(18), time(18, 30), None]),
        )
    provider_at(4.999, 10)
    provider_at(5.001, 10)
    # Two services at the very point of a provider: ranked by kind, then by pk.
    twin = Provider.objects.filter(status=RecognitionStatus.RECOGNIZED).first()
    for _ in range(2):
        Facility.objects.create(
            kind=FacilityKind.CPE,
            name="CPE au même endroit",
            permit_number=f"P-TWIN-{_}",
            street_address="1, rue Une",
            municipality="Montréal",
            postal_code="H2T 1P5",
            latitude=twin.public_latitude,
            longitude=twin.public_longitude,
            places_under_18_months=5,
            places_18_months_and_over=5,
        )
    return _oracle_services(TODAY)


CRITERIA = st.builds(
    lambda centre, radius, kinds, subsidized, age, periods, published, places: Criteria(
        latitude=centre[0],
        longitude=centre[1],
        radius_km=radius,
        kinds=frozenset(kinds),
        subsidized=subsidized,
        age_group=age,
        periods=frozenset(periods),
        published_only=published,
        with_places=places,
    ),
    st.tuples(st.floats(0, 30), st.floats(0, 360)).map(lambda far: point_at(*far)) | st.just(CENTRE),
    st.integers(1, 50),
    st.sets(st.sampled_from([str(kind) for kind in KINDS])),
    st.sampled_from([None, True, False]),
    st.sampled_from(["", UNDER_18_MONTHS, OVER_18_MONTHS]),
    st.sets(st.sampled_from(sorted(FILTERS))),
    st.booleans(),
    st.booleans(),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(criteria=CRITERIA, number=st.integers(1, 4), size=st.integers(1, 20))
def test_every_search_finds_what_the_rules_read_one_service_at_a_time(many_services, criteria, number, size):
    expected = _oracle(many_services, criteria)

    page, total = nearest_page(criteria, today=TODAY, number=number, size=size)
    markers = map_points(criteria, today=TODAY)

    assert total == len(expected) == len(markers)
    wanted = number * size
    assert [(p.kind, p.pk) for p in page] == [(kind, pk) for _d, kind, pk in expected[wanted - size : wanted]]
    assert [p.distance_km for p in page] == [d for d, _kind, _pk in expected[wanted - size : wanted]]
    columns = json.loads(markers.columns_json)
    assert sorted(zip(columns["kind"], columns["id"], strict=True)) == sorted(
        (kind, pk) for _d, kind, pk in expected
    )


def test_the_page_s_services_are_their_public_rows(provider_at, facility_at):
    provider = provider_at(1, capacity=6, subsidized_places=6)
    AdmissionFactory(provider=provider, planned_start_date=TODAY - timedelta(days=3))
    facility = facility_at(2, kind=FacilityKind.DAYCARE)

    page, _total = nearest_page(Criteria(*CENTRE), today=TODAY, number=1, size=20)
    (_p, home), (_f, daycare) = services_of(page, today=TODAY)

    assert (home.pk, home.service_name, home.capacity, home.places_taken) == (
        provider.pk,
        provider.service_name,
        6,
        1,
    )
    assert (home.status, home.opening_days) == ("recognized", provider.opening_days)
    assert home.subsidized_places == 6
    assert (daycare.pk, daycare.name, daycare.kind, daycare.capacity) == (
        facility.pk,
        facility.name,
        "gns",
        facility.capacity,
    )
    # What a page may read of a provider and nothing else: its name and home were never read.
    assert "first_name" in home.get_deferred_fields()
    assert "email" in home.get_deferred_fields()


def test_a_search_reads_no_sql_once_the_index_is_built(provider_at, django_assert_num_queries):
    provider_at(1)
    criteria = Criteria(*CENTRE, radius_km=50, with_places=True)
    with django_assert_num_queries(2):  # providers, facilities
        nearest_page(criteria, today=TODAY, number=1, size=20)
    with django_assert_num_queries(0):
        points, _total = nearest_page(criteria, today=TODAY, number=1, size=20)
        services_of(points, today=TODAY)
        map_points(criteria, today=TODAY)


def test_a_committed_change_bumps_the_generation_every_process_reads(
    provider_at, django_capture_on_commit_callbacks
):
    provider = provider_at(1)
    before = index.generation()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        provider.capacity = 3
        provider.save(update_fields=["capacity"])

    assert callbacks and index.generation() != before


@pytest.mark.parametrize("change", ["provider", "facility", "profile", "admission", "delete"])
def test_each_change_the_map_shows_is_seen_by_the_next_search(provider_at, facility_at, change):
    provider, facility = provider_at(1, capacity=3), facility_at(1)
    criteria = Criteria(*CENTRE, with_places=True)
    assert nearest_page(criteria, today=TODAY, number=1, size=20)[1] == 1
    all_of_them = Criteria(*CENTRE)
    assert nearest_page(all_of_them, today=TODAY, number=1, size=20)[1] == 2

    if change == "provider":
        provider.status = RecognitionStatus.CEASED
        provider.save(update_fields=["status"])
    elif change == "facility":
        facility.latitude, facility.longitude = point_at(8)
        facility.save(update_fields=["latitude", "longitude"])
    elif change == "profile":
        ProviderProfile.objects.create(provider=provider, published={"care_periods": ["part_time"]})
    elif change == "admission":
        for _ in range(3):
            AdmissionFactory(provider=provider, planned_start_date=TODAY)
    else:
        facility.delete()

    with_places = nearest_page(criteria, today=TODAY, number=1, size=20)[1]
    total = nearest_page(all_of_them, today=TODAY, number=1, size=20)[1]
    assert (with_places, total) == {
        "provider": (0, 1),
        "facility": (1, 1),
        "profile": (1, 2),  # a profile's draft changes nothing shown, but is read again
        "admission": (0, 2),
        "delete": (1, 1),
    }[change]


def test_a_bulk_update_shows_after_max_age(provider_at, settings):
    provider = provider_at(1)
    criteria = Criteria(*CENTRE)
    assert nearest_page(criteria, today=TODAY, number=1, size=20)[1] == 1
    Provider.objects.filter(pk=provider.pk).update(status=RecognitionStatus.CEASED)  # no signal

    assert settings.MAP_INDEX_MAX_AGE == 30
    assert nearest_page(criteria, today=TODAY, number=1, size=20)[1] == 1  # not yet
    settings.MAP_INDEX_MAX_AGE = 0  # as if its 30 seconds had passed

    assert nearest_page(criteria, today=TODAY, number=1, size=20)[1] == 0


def test_changes_within_the_min_gap_wait_for_it(provider_at, settings, monkeypatch):
    provider = provider_at(1)
    criteria = Criteria(*CENTRE)
    assert nearest_page(criteria, today=TODAY, number=1, size=20)[1] == 1
    built_at = index.current(today=TODAY).built_at
    settings.MAP_INDEX_MIN_GAP = 5
    provider.status = RecognitionStatus.CEASED
    provider.save()  # this process's own change: marked stale
    index.bump()  # and another process's

    monkeypatch.setattr(index.time, "monotonic", lambda: built_at + 4.9)
    assert nearest_page(criteria, today=TODAY, number=1, size=20)[1] == 1  # within the gap: no build
    monkeypatch.setattr(index.time, "monotonic", lambda: built_at + 5.1)
    assert nearest_page(criteria, today=TODAY, number=1, size=20)[1] == 0  # past it: built again
    # A new day does not wait for the gap.
    assert index.current(today=TODAY + timedelta(days=1)).today == TODAY + timedelta(days=1)


def test_another_process_s_change_shows_at_the_next_search(provider_at):
    provider = provider_at(1)
    criteria = Criteria(*CENTRE)
    assert nearest_page(criteria, today=TODAY, number=1, size=20)[1] == 1
    Provider.objects.filter(pk=provider.pk).update(status=RecognitionStatus.CEASED)

    index.bump()  # what another process's commit does

    assert nearest_page(criteria, today=TODAY, number=1, size=20)[1] == 0


def test_a_new_day_builds_a_new_snapshot(provider_at):
    provider = provider_at(1, capacity=3)
    AdmissionFactory(provider=provider, status=Status.ENDED, end_date=TODAY, planned_start_date=TODAY)
    AdmissionFactory(provider=provider, status=Status.ENDED, end_date=TODAY, planned_start_date=TODAY)
    AdmissionFactory(provider=provider, planned_start_date=TODAY)
    criteria = Criteria(*CENTRE, with_places=True)

    assert nearest_page(criteria, today=TODAY, number=1, size=20)[1] == 0  # three places held today
    assert nearest_page(criteria, today=TODAY + timedelta(days=1), number=1, size=20)[1] == 1
    assert index.current(today=TODAY + timedelta(days=1)).today == TODAY + timedelta(days=1)


@pytest.mark.django_db(transaction=True)
def test_the_snapshot_is_read_from_the_replica(provider_at):
    provider_at(1)
    token = _public_read.set(True)  # a public page's reads, outside any transaction
    try:
        with (
            CaptureQueriesContext(connections[PRIMARY]) as primary,
            CaptureQueriesContext(connections[REPLICA]) as replica,
        ):
            index.forget()
            assert nearest_page(Criteria(*CENTRE), today=TODAY, number=1, size=20)[1] == 1
    finally:
        _public_read.reset(token)

    assert index.current(today=TODAY).alias == REPLICA
    assert len(replica.captured_queries) == 2
    assert not [query for query in primary.captured_queries if "registry_" in query["sql"]]


def test_an_empty_map_has_an_empty_snapshot(db):
    assert nearest_page(Criteria(*CENTRE), today=TODAY, number=1, size=20) == ([], 0)
    assert map_points(Criteria(*CENTRE), today=TODAY).columns_json == (
        '{"kind":[],"id":[],"lat_e4":[],"lon_e4":[],"published":[]}'
    )


@pytest.mark.django_db(transaction=True)
def test_a_snapshot_read_from_the_replica_right_after_a_change_is_built_again_once_it_caught_up(
    provider_at, monkeypatch
):
    provider_at(1)
    token = _public_read.set(True)
    try:
        index.bump()  # a change committed on the primary just now
        soon = index.current(today=TODAY)
        assert soon.alias == REPLICA and soon.rebuild_at < math.inf
        assert index.current(today=TODAY) is soon  # kept until then

        monkeypatch.setattr(index.time, "monotonic", lambda: soon.rebuild_at + 0.1)
        again = index.current(today=TODAY)
        assert again is not soon
        monkeypatch.undo()

        index.cache.set(index.GENERATION_KEY, (time_module.time() - 60, "an old change"), timeout=None)
        assert index.current(today=TODAY).rebuild_at == math.inf
    finally:
        _public_read.reset(token)


def test_the_generation_is_read_at_most_once_per_poll(provider_at, settings, monkeypatch):
    provider = provider_at(1)
    criteria = Criteria(*CENTRE)
    settings.MAP_INDEX_POLL = 1
    clock = [1000.0]
    monkeypatch.setattr(index.time, "monotonic", lambda: clock[0])
    assert nearest_page(criteria, today=TODAY, number=1, size=20)[1] == 1
    reads = []
    monkeypatch.setattr(index, "generation", lambda: reads.append(1) or index.cache.get(index.GENERATION_KEY))
    Provider.objects.filter(pk=provider.pk).update(status=RecognitionStatus.CEASED)
    # Another process's change (its bump() would tell this one at once).
    index.cache.set(index.GENERATION_KEY, (time_module.time(), "another process"), timeout=None)

    clock[0] += 0.5
    for _ in range(3):
        assert nearest_page(criteria, today=TODAY, number=1, size=20)[1] == 1  # not read again yet
    assert reads == []
    clock[0] += 0.6
    assert nearest_page(criteria, today=TODAY, number=1, size=20)[1] == 0
    assert nearest_page(criteria, today=TODAY, number=1, size=20)[1] == 0
    assert len(reads) == 1


@pytest.mark.django_db(transaction=True)
def test_a_stale_snapshot_answers_while_a_thread_builds_the_next(provider_at, settings):
    provider = provider_at(1)
    criteria = Criteria(*CENTRE)
    settings.MAP_INDEX_BUILD_IN_BACKGROUND = True
    assert nearest_page(criteria, today=TODAY, number=1, size=20)[1] == 1
    before = index.current(today=TODAY)
    Provider.objects.filter(pk=provider.pk).update(status=RecognitionStatus.CEASED)
    index.bump()  # another process's change

    assert nearest_page(criteria, today=TODAY, number=1, size=20)[1] == 1  # answered at once, from before
    index.wait_for_build(timeout=30)
    assert index.current(today=TODAY) is not before
    assert nearest_page(criteria, today=TODAY, number=1, size=20)[1] == 0


@pytest.mark.django_db(transaction=True)
def test_this_process_s_own_write_and_a_new_day_are_never_answered_from_a_stale_snapshot(
    provider_at, settings
):
    provider = provider_at(1)
    criteria = Criteria(*CENTRE)
    settings.MAP_INDEX_BUILD_IN_BACKGROUND = True
    assert nearest_page(criteria, today=TODAY, number=1, size=20)[1] == 1
    provider.status = RecognitionStatus.CEASED
    provider.save()  # the visitor who wrote sees it on the next page

    assert nearest_page(criteria, today=TODAY, number=1, size=20)[1] == 0
    assert index.current(today=TODAY + timedelta(days=1)).today == TODAY + timedelta(days=1)
    assert index._building is None  # neither went to the background


@pytest.mark.django_db(transaction=True)
def test_a_build_that_fails_in_the_background_leaves_the_snapshot_and_is_tried_again_after_the_gap(
    provider_at, settings, monkeypatch, caplog
):
    provider_at(1)
    criteria = Criteria(*CENTRE)
    settings.MAP_INDEX_BUILD_IN_BACKGROUND = True
    settings.MAP_INDEX_MIN_GAP = 5
    clock = [1000.0]
    monkeypatch.setattr(index.time, "monotonic", lambda: clock[0])
    kept = index.current(today=TODAY)
    builds = []

    def broken(**kwargs):
        builds.append(kwargs)
        raise RuntimeError("the database is away")

    monkeypatch.setattr(index, "build", broken)
    clock[0] += 31  # past MAP_INDEX_MAX_AGE
    assert nearest_page(criteria, today=TODAY, number=1, size=20)[1] == 1
    index.wait_for_build(timeout=30)
    assert index.current(today=TODAY) is kept
    assert len(builds) == 1 and "could not be built" in caplog.text
    clock[0] += 1
    index.current(today=TODAY)
    index.wait_for_build(timeout=30)
    assert len(builds) == 1  # within the gap: not again
    clock[0] += 5
    index.current(today=TODAY)
    index.wait_for_build(timeout=30)
    assert len(builds) == 2


def test_a_build_after_this_process_s_own_change_is_labelled_with_its_new_generation(
    provider_at, settings, django_capture_on_commit_callbacks
):
    provider = provider_at(1)
    settings.MAP_INDEX_POLL = 60  # the generation polled before the change would still be current
    assert nearest_page(Criteria(*CENTRE), today=TODAY, number=1, size=20)[1] == 1
    with django_capture_on_commit_callbacks(execute=True):
        provider.status = RecognitionStatus.CEASED
        provider.save()

    assert nearest_page(Criteria(*CENTRE), today=TODAY, number=1, size=20)[1] == 0
    assert index.current(today=TODAY).generation == index.generation()
