"""The map's search: who is within the radius, nearest first, what each filter keeps, in few queries."""

import json
from datetime import date, time, timedelta

import pytest
from django.utils import timezone

from portail.admissions.models import Status
from portail.directory.selectors import Criteria, map_points, nearest_page, services_of
from portail.profiles.models import ProviderProfile
from portail.registry.models import FacilityKind, RecognitionStatus
from tests.admissions.factories import AdmissionFactory
from tests.directory.conftest import CENTRE

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 28)


def search(**filters: object) -> list[tuple[str, int]]:
    """The services of the map's points; the list's pages must hold the same ones."""
    criteria = Criteria(latitude=CENTRE[0], longitude=CENTRE[1], **filters)
    markers = map_points(criteria, today=TODAY)
    columns = json.loads(markers.columns_json)
    found = list(zip(columns["kind"], columns["id"], strict=True))
    assert len(markers) == len(found)
    listed, total = nearest_page(criteria, today=TODAY, number=1, size=1000)
    assert sorted(found) == sorted((point.kind, point.pk) for point in listed)
    assert total == len(found)
    return found


@pytest.mark.parametrize("bearing", [0, 45, 90, 135, 180, 225, 270, 315])
def test_the_radius_keeps_4_9_km_and_drops_5_1_km_in_every_direction(provider_at, facility_at, bearing):
    inside = provider_at(4.9, bearing)
    outside = provider_at(5.1, bearing)
    facility_inside = facility_at(4.9, bearing)
    facility_outside = facility_at(5.1, bearing)

    found = search(radius_km=5)

    assert ("rsge", inside.pk) in found
    assert ("cpe", facility_inside.pk) in found
    assert ("rsge", outside.pk) not in found
    assert ("cpe", facility_outside.pk) not in found


def test_the_radius_holds_at_50_km(provider_at):
    inside, outside = provider_at(49.9, 60), provider_at(50.1, 60)

    found = search(radius_km=50)

    assert ("rsge", inside.pk) in found
    assert ("rsge", outside.pk) not in found


def test_results_come_nearest_first_with_their_distance(provider_at, facility_at):
    far, near, middle = provider_at(3.0), provider_at(0.5), facility_at(1.5)

    criteria = Criteria(latitude=CENTRE[0], longitude=CENTRE[1])
    points, total = nearest_page(criteria, today=TODAY, number=1, size=20)

    assert [(p.kind, p.pk) for p in points] == [("rsge", near.pk), ("cpe", middle.pk), ("rsge", far.pk)]
    assert points[0].distance_km == pytest.approx(0.5, abs=0.001)
    assert total == 3


def test_pages_follow_each_other_without_gap_or_repeat(provider_at, facility_at):
    services = [provider_at(0.2 * n + 0.1, 30 * n) for n in range(7)] + [
        facility_at(0.2 * n + 0.2) for n in range(6)
    ]
    criteria = Criteria(latitude=CENTRE[0], longitude=CENTRE[1])

    pages = [nearest_page(criteria, today=TODAY, number=n, size=5) for n in (1, 2, 3)]

    listed = [(p.kind, p.pk) for points, _total in pages for p in points]
    assert len(listed) == len(set(listed)) == len(services) == 13
    assert [total for _points, total in pages] == [13, 13, 13]
    distances = [p.distance_km for points, _total in pages for p in points]
    assert distances == sorted(distances)


def ranked(criteria: Criteria, count: int) -> list[tuple[str, int]]:
    """The first `count` services of the list, one page of one service at a time."""
    pages = [nearest_page(criteria, today=TODAY, number=n, size=1)[0] for n in range(1, count + 1)]
    return [(point.kind, point.pk) for page in pages for point in page]


def test_a_dense_centre_is_ranked_exactly(facility_at, django_assert_num_queries):
    # 120 services spread evenly over 5 km: each page of one is the next one out.
    facilities = [facility_at(0.04 * n + 0.03, 37 * n) for n in range(120)]
    criteria = Criteria(latitude=CENTRE[0], longitude=CENTRE[1], kinds=frozenset({"cpe"}))

    nearest_page(criteria, today=TODAY, number=1, size=1)
    with django_assert_num_queries(0):  # the map's index answers
        nearest_page(criteria, today=TODAY, number=2, size=1)

    assert ranked(criteria, 12) == [("cpe", facility.pk) for facility in facilities[:12]]


def test_a_sparse_centre_is_ranked_exactly(facility_at):
    # 8 services within 1 km, 100 between 4 and 5 km.
    near = [facility_at(0.1 * n + 0.1, 45 * n) for n in range(8)]
    far = [facility_at(4 + 0.009 * n, 37 * n) for n in range(100)]
    criteria = Criteria(latitude=CENTRE[0], longitude=CENTRE[1], kinds=frozenset({"cpe"}))

    _points, total = nearest_page(criteria, today=TODAY, number=1, size=1)

    assert total == 108
    assert ranked(criteria, 12) == [("cpe", facility.pk) for facility in near + far[:4]]


def test_the_type_filter(provider_at, facility_at):
    home = provider_at(1)
    cpe = facility_at(1, kind=FacilityKind.CPE)
    gs = facility_at(1, kind=FacilityKind.SUBSIDIZED_DAYCARE)
    gns = facility_at(1, kind=FacilityKind.DAYCARE)

    assert set(search(kinds=frozenset({"rsge"}))) == {("rsge", home.pk)}
    assert set(search(kinds=frozenset({"gs", "gns"}))) == {("gs", gs.pk), ("gns", gns.pk)}
    assert len(search()) == 4
    assert ("cpe", cpe.pk) in search(kinds=frozenset({"cpe"}))


def test_the_subsidized_filter(provider_at, facility_at):
    subsidized_home = provider_at(1, subsidized_places=3)
    private_home = provider_at(1, subsidized_places=0)
    cpe = facility_at(1, kind=FacilityKind.CPE)
    gs = facility_at(1, kind=FacilityKind.SUBSIDIZED_DAYCARE)
    gns = facility_at(1, kind=FacilityKind.DAYCARE)

    assert set(search(subsidized=True)) == {("rsge", subsidized_home.pk), ("cpe", cpe.pk), ("gs", gs.pk)}
    assert set(search(subsidized=False)) == {("rsge", private_home.pk), ("gns", gns.pk)}


def test_the_age_filter_keeps_facilities_with_places_for_that_age_and_every_provider(
    provider_at, facility_at
):
    home = provider_at(1)
    toddlers_only = facility_at(1, places_under_18_months=0, places_18_months_and_over=40)
    babies_too = facility_at(1, places_under_18_months=10, places_18_months_and_over=40)

    assert set(search(age_group="under_18_months")) == {("rsge", home.pk), ("cpe", babies_too.pk)}
    assert set(search(age_group="18_months_and_over")) == {
        ("rsge", home.pk),
        ("cpe", toddlers_only.pk),
        ("cpe", babies_too.pk),
    }


def test_the_evenings_and_weekends_filters(provider_at, facility_at):
    late = provider_at(1, closes_at=time(21, 0))
    provider_at(1, closes_at=time(17, 30))
    saturday = provider_at(1, opening_days=31 | 32)
    provider_at(1, opening_days=31)
    late_facility = facility_at(1, closes_at=time(18, 30))
    sunday_facility = facility_at(1, opening_days=64)

    assert set(search(periods=frozenset({"evenings"}))) == {("rsge", late.pk), ("cpe", late_facility.pk)}
    assert set(search(periods=frozenset({"weekends"}))) == {
        ("rsge", saturday.pk),
        ("cpe", sunday_facility.pk),
    }


def test_the_part_time_filter_keeps_providers_whose_published_profile_offers_it(provider_at, facility_at):
    part_time = provider_at(1, profile_published_at=timezone.now())
    ProviderProfile.objects.create(provider=part_time, published={"hours": {}, "care_periods": ["part_time"]})
    full_time = provider_at(1, profile_published_at=timezone.now())
    ProviderProfile.objects.create(provider=full_time, published={"hours": {}, "care_periods": ["full_time"]})
    draft_only = provider_at(1)
    ProviderProfile.objects.create(provider=draft_only, care_periods=["part_time"], published=None)
    facility_at(1)

    assert search(periods=frozenset({"part_time"})) == [("rsge", part_time.pk)]


def test_the_published_filter_keeps_published_providers_and_facilities(provider_at, facility_at):
    published = provider_at(1, profile_published_at=timezone.now())
    provider_at(1)
    facility = facility_at(1)

    assert set(search(published_only=True)) == {("rsge", published.pk), ("cpe", facility.pk)}


def test_the_places_filter_keeps_providers_with_room_and_leaves_facilities_out(provider_at, facility_at):
    full = provider_at(1, capacity=2)
    room = provider_at(1, capacity=3)
    promised = provider_at(1, capacity=1)
    freed = provider_at(1, capacity=1)
    leaving = provider_at(1, capacity=1)
    refused = provider_at(1, capacity=1)
    facility_at(1)
    for provider in (full, full, room, room):
        AdmissionFactory(provider=provider, planned_start_date=TODAY - timedelta(days=30))
    # A child starting later holds the place already; one who leaves in ten days still holds it; one who
    # left yesterday no longer does.
    AdmissionFactory(provider=promised, planned_start_date=TODAY + timedelta(days=60))
    for provider, end in ((leaving, TODAY + timedelta(days=10)), (freed, TODAY - timedelta(days=1))):
        AdmissionFactory(
            provider=provider,
            planned_start_date=TODAY - timedelta(days=300),
            end_date=end,
            status=Status.ENDED,
        )
    AdmissionFactory(provider=refused, status=Status.REFUSED)

    found = set(search(with_places=True))

    assert found == {("rsge", room.pk), ("rsge", freed.pk), ("rsge", refused.pk)}


@pytest.mark.parametrize(
    ("status", "show_before_return", "returns_in_days", "shown"),
    [
        (RecognitionStatus.RECOGNIZED, False, None, True),
        (RecognitionStatus.SUSPENDED, False, 10, False),
        (RecognitionStatus.SUSPENDED, True, 10, True),
        (RecognitionStatus.SUSPENDED, True, 90, False),
        (RecognitionStatus.REVOKED, False, None, False),
        (RecognitionStatus.CEASED, False, None, False),
        (RecognitionStatus.NOT_RENEWED, False, None, False),
    ],
)
def test_only_recognized_providers_and_those_back_soon_with_early_display_are_shown(
    provider_at, status, show_before_return, returns_in_days, shown
):
    suspension = {}
    if returns_in_days is not None:
        suspension = {
            "suspension_start": TODAY - timedelta(days=100),
            "suspension_planned_return": TODAY + timedelta(days=returns_in_days),
        }
    provider = provider_at(1, status=status, show_before_return=show_before_return, **suspension)

    assert (("rsge", provider.pk) in search()) is shown


@pytest.mark.parametrize("services", [1, 12])
def test_the_number_of_queries_of_a_search_does_not_depend_on_the_number_of_services(
    provider_at, facility_at, django_assert_num_queries, services
):
    for n in range(services):
        provider_at(0.1 * n + 0.1)
        facility_at(0.1 * n + 0.1)
    everything = Criteria(latitude=CENTRE[0], longitude=CENTRE[1])
    filtered = Criteria(latitude=CENTRE[0], longitude=CENTRE[1], periods=frozenset({"weekends", "evenings"}))

    with django_assert_num_queries(2):  # the map's index is built: one statement per table
        map_points(everything, today=TODAY)
    with django_assert_num_queries(0):  # then every search reads it
        map_points(filtered, today=TODAY)
        points, _total = nearest_page(everything, today=TODAY, number=1, size=20)
        services_of(points, today=TODAY)
