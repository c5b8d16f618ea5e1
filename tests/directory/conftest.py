"""Services placed where a test wants them on the public map."""

import math

import pytest

from portail.registry.geo import offset_point
from portail.registry.models import Provider
from tests.registry.factories import FacilityFactory, ProviderFactory

# The centre of postal area H2X, where the searches of these tests start.
CENTRE = (45.5148, -73.5739)


def point_at(distance_km: float, bearing_degrees: float = 45.0) -> tuple[float, float]:
    return offset_point(*CENTRE, distance_m=distance_km * 1000, bearing_rad=math.radians(bearing_degrees))


@pytest.fixture
def provider_at(db):
    """A provider whose public position is `distance_km` from the centre (its home is elsewhere)."""

    def create(distance_km: float, bearing_degrees: float = 45.0, **fields: object) -> Provider:
        provider = ProviderFactory.create(**fields)
        lat, lon = point_at(distance_km, bearing_degrees)
        Provider.objects.filter(pk=provider.pk).update(public_latitude=lat, public_longitude=lon)
        provider.refresh_from_db()
        return provider

    return create


@pytest.fixture
def facility_at(db):
    def create(distance_km: float, bearing_degrees: float = 45.0, **fields: object):
        lat, lon = point_at(distance_km, bearing_degrees)
        return FacilityFactory(latitude=lat, longitude=lon, **fields)

    return create
