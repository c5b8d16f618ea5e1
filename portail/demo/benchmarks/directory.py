"""Benchmarks of the public map at 50 km around downtown Montréal, timed by `manage.py bench`."""

from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portail.demo.benchmarking import Benchmark
from portail.directory.geocoding import get_geocoder
from portail.directory.selectors import (
    Criteria,
    map_points,
    nearest_page,
    providers_shown,
    public_providers,
    services_of,
)
from portail.registry.geo import distance_km
from portail.registry.models import Facility

DOWNTOWN = "H3B"  # downtown Montréal's postal area
RADIUS_KM = 50
PAGE_SIZE = 20
SEARCH = {"q": DOWNTOWN, "radius": str(RADIUS_KM)}
NEAR_SEARCH = {"q": DOWNTOWN, "radius": "5"}


def _downtown() -> Criteria:
    place = get_geocoder().locate(DOWNTOWN)
    return Criteria(latitude=place.latitude, longitude=place.longitude, radius_km=RADIUS_KM)


def _everything_in_python(criteria: Criteria) -> list[tuple[float, Any]]:
    """The naive way: every service as an ORM object, distances and the radius in Python."""
    services: list[tuple[Any, float, float]] = [
        (provider, provider.public_latitude, provider.public_longitude)
        for provider in providers_shown(today=timezone.localdate())
    ]
    services += [(facility, facility.latitude, facility.longitude) for facility in Facility.objects.all()]
    centre = (criteria.latitude, criteria.longitude)
    found = [(distance_km(*centre, lat, lon), service) for service, lat, lon in services]
    return sorted(
        [(distance, service) for distance, service in found if distance <= criteria.radius_km],
        key=lambda pair: pair[0],
    )


def first_page(criteria: Criteria) -> object:
    points, _total = nearest_page(criteria, today=timezone.localdate(), number=1, size=PAGE_SIZE)
    return services_of(points, today=timezone.localdate())


def first_page_in_python(criteria: Criteria) -> object:
    return _everything_in_python(criteria)[:PAGE_SIZE]


def all_points(criteria: Criteria) -> object:
    return map_points(criteria, today=timezone.localdate())


def list_page(client: Client) -> None:
    response = client.get(reverse("directory:search"), SEARCH)
    assert response.status_code == 200


def near_list_page(client: Client) -> None:
    response = client.get(reverse("directory:search"), NEAR_SEARCH)
    assert response.status_code == 200


def home_page(client: Client) -> None:
    response = client.get(reverse("core:home"))
    assert response.status_code == 200


def _a_provider_s_page() -> tuple[Client, str]:
    shown = public_providers(today=timezone.localdate()).filter(profile_published_at__isnull=False)
    return Client(), reverse("directory:provider", args=[shown.values_list("pk", flat=True).first()])


def provider_page(setup: tuple[Client, str]) -> None:
    client, url = setup
    assert client.get(url).status_code == 200


def points_json(client: Client) -> None:
    response = client.get(reverse("directory:points"), SEARCH)
    assert response.status_code == 200


BENCHMARKS = [
    Benchmark(
        name="map: list's first page, 50 km",
        setup=_downtown,
        run=first_page,
        baseline=first_page_in_python,
    ),
    Benchmark(
        name="map: all points, 50 km",
        setup=_downtown,
        run=all_points,
        baseline=_everything_in_python,
    ),
    Benchmark(name="map: search page with its list, 5 km, whole request", setup=Client, run=near_list_page),
    Benchmark(name="map: list page, 50 km, whole request", setup=Client, run=list_page),
    Benchmark(
        name="map: a provider's public page, whole request", setup=_a_provider_s_page, run=provider_page
    ),
    Benchmark(name="home page, whole request", setup=Client, run=home_page),
    Benchmark(name="map: points.json, 50 km, whole request", setup=Client, run=points_json),
]
