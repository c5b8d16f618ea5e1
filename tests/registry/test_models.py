"""The register's rules hold in the database, whatever path writes to it."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from portail.registry.geo import distance_km
from portail.registry.models import ProviderHome, RecognitionStatus
from portail.registry.services import public_position_of
from tests.registry.factories import FacilityFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def _refused(**changes):
    provider = ProviderFactory()
    for field, value in changes.items():
        setattr(provider, field, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        provider.save()


def test_capacity_is_between_1_and_9():
    _refused(capacity=0)
    _refused(capacity=10, has_assistant=True)


def test_more_than_6_children_needs_an_assistant():
    _refused(capacity=7, has_assistant=False)
    provider = ProviderFactory(capacity=9, has_assistant=True)
    assert provider.capacity == 9


def test_status_comes_from_the_fixed_set():
    _refused(status="on_holiday")


def test_a_suspension_has_a_planned_return_after_its_start():
    _refused(
        status=RecognitionStatus.SUSPENDED,
        suspension_start=date(2026, 5, 1),
        suspension_planned_return=date(2026, 4, 1),
    )
    _refused(
        status=RecognitionStatus.SUSPENDED, suspension_start=date(2026, 5, 1), suspension_planned_return=None
    )


def test_register_and_permit_numbers_are_unique():
    ProviderFactory(register_number="RSGE-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProviderFactory(register_number="RSGE-1")
    FacilityFactory(permit_number="P-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        FacilityFactory(permit_number="P-1")


def test_the_public_position_is_derived_away_from_the_home_and_stays_the_same():
    provider = ProviderFactory(register_number="RSGE-424242", latitude=45.5, longitude=-73.6)
    home = ProviderHome.objects.get(provider=provider)

    offset = distance_km(home.latitude, home.longitude, provider.public_latitude, provider.public_longitude)
    assert 0.3 <= offset <= 1.5
    assert public_position_of(register_number="RSGE-424242", latitude=45.5, longitude=-73.6) == (
        provider.public_latitude,
        provider.public_longitude,
    )
