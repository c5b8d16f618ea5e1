"""Writes to the register."""

from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction

from portail.registry.geo import approximate_position
from portail.registry.models import CoordinatingOffice, Provider, ProviderHome


def public_position_of(*, register_number: str, latitude: float, longitude: float) -> tuple[float, float]:
    """The approximate position the public sees for a home (docs/privacy.md)."""
    return approximate_position(
        lat=latitude, lon=longitude, register_number=register_number, secret=settings.PUBLIC_POSITION_SECRET
    )


@transaction.atomic
def create_provider(
    *,
    office: CoordinatingOffice,
    register_number: str,
    first_name: str,
    last_name: str,
    municipality: str,
    recognition_date: date,
    capacity: int,
    street_address: str,
    postal_code: str,
    latitude: float,
    longitude: float,
    **fields: Any,
) -> Provider:
    """Enters a provider in the register, with its private home and its derived public position."""
    public_lat, public_lon = public_position_of(
        register_number=register_number, latitude=latitude, longitude=longitude
    )
    provider = Provider.objects.create(
        office=office,
        register_number=register_number,
        first_name=first_name,
        last_name=last_name,
        municipality=municipality,
        recognition_date=recognition_date,
        capacity=capacity,
        public_latitude=public_lat,
        public_longitude=public_lon,
        **fields,
    )
    ProviderHome.objects.create(
        provider=provider,
        street_address=street_address,
        postal_code=postal_code,
        latitude=latitude,
        longitude=longitude,
    )
    return provider
