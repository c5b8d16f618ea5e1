"""A provider's home never leaves the server (pages, JSON, logs); its public point is a keyed offset."""

import logging

import pytest
from django.urls import reverse

from portail.registry.geo import MAX_OFFSET_M, MIN_OFFSET_M, distance_km
from portail.registry.models import Provider
from portail.registry.services import public_position_of
from tests.registry.factories import ProviderFactory

pytestmark = pytest.mark.django_db

HOME = {
    "latitude": 45.5234567,
    "longitude": -73.5876543,
    "street_address": "4321, rue des Secrets",
    "postal_code": "H2J 9Z9",
}


@pytest.fixture
def provider():
    return ProviderFactory(first_name="Ginette", last_name="Tremblay", **HOME)


def _public_responses(client, provider):
    search = {"q": "H2J", "radius": "5"}
    yield client.get(reverse("directory:search"), search)
    yield client.get(reverse("directory:search"), search, headers={"HX-Request": "true"})
    yield client.get(reverse("directory:points"), search)
    yield client.get(reverse("directory:provider", args=[provider.pk]))
    yield client.get(reverse("directory:summary", args=["rsge", provider.pk]))


def test_the_home_and_the_name_appear_in_no_page_json_or_log_line(client, provider, caplog):
    secrets = [
        "45.52345",
        "73.58765",
        "4321, rue des Secrets",
        "rue des Secrets",
        "H2J 9Z9",
        "Ginette",
        "Tremblay",
    ]
    home_e4 = (round(HOME["latitude"] * 10_000), round(HOME["longitude"] * 10_000))

    with caplog.at_level(logging.DEBUG):
        responses = list(_public_responses(client, provider))

    for response in responses:
        assert response.status_code == 200
        body = response.content.decode()
        assert [secret for secret in secrets if secret in body] == [], response.request["PATH_INFO"]
    points = responses[2].json()["points"]
    assert provider.pk in points["id"]
    assert home_e4 not in set(zip(points["lat_e4"], points["lon_e4"], strict=True))
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert [secret for secret in secrets if secret in logged] == []


def test_the_public_point_is_what_the_map_shows_not_the_home(client, provider):
    public = Provider.objects.values_list("public_latitude", "public_longitude").get(pk=provider.pk)

    points = client.get(reverse("directory:points"), {"q": "H2J"}).json()["points"]
    index = list(zip(points["kind"], points["id"], strict=True)).index(("rsge", provider.pk))

    # The database rounds halves away from zero, Python to even: one unit (about 11 m) apart at most, where
    # the home itself lies 400 m or more away.
    shown = (points["lat_e4"][index], points["lon_e4"][index])
    assert all(abs(s - round(c * 10_000)) <= 1 for s, c in zip(shown, public, strict=True))


@pytest.mark.parametrize("number", range(40))
def test_the_offset_lies_between_400_m_and_1_2_km(number):
    lat, lon = public_position_of(register_number=f"RSGE-{number:06d}", latitude=45.5, longitude=-73.6)

    # The public point is rounded to 5 decimals (about 1 m): allow for it.
    assert MIN_OFFSET_M - 2 <= distance_km(45.5, -73.6, lat, lon) * 1000 <= MAX_OFFSET_M + 2


def test_the_offset_is_the_same_on_every_request_so_asking_again_tells_nothing_more(client, provider):
    first = client.get(reverse("directory:points"), {"q": "H2J"}).content
    second = client.get(reverse("directory:points"), {"q": "H2J"}).content

    assert first == second
    assert public_position_of(register_number="RSGE-1", latitude=45.5, longitude=-73.6) == public_position_of(
        register_number="RSGE-1", latitude=45.5, longitude=-73.6
    )


def test_the_offset_differs_between_providers_and_depends_on_the_secret(settings):
    one = public_position_of(register_number="RSGE-1", latitude=45.5, longitude=-73.6)
    two = public_position_of(register_number="RSGE-2", latitude=45.5, longitude=-73.6)
    settings.PUBLIC_POSITION_SECRET = "another secret"
    other_secret = public_position_of(register_number="RSGE-1", latitude=45.5, longitude=-73.6)

    assert len({one, two, other_secret}) == 3
