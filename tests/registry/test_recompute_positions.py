"""Rotating PUBLIC_POSITION_SECRET: one command moves every provider's public point to the new secret's."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from portail.registry.geo import distance_km
from portail.registry.models import Provider
from portail.registry.services import public_position_of
from tests.registry.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def _recompute(*args: str) -> int:
    """How many positions the command says it moved."""
    out = StringIO()
    call_command("recompute_public_positions", *args, stdout=out)
    count = re.search(r"\d+", out.getvalue())
    assert count is not None, out.getvalue()
    return int(count.group())


def _public_point(provider: Provider) -> tuple[float, float]:
    provider.refresh_from_db()
    return provider.public_latitude, provider.public_longitude


def test_after_a_new_secret_every_public_position_is_derived_from_it(settings):
    providers = ProviderFactory.create_batch(3)
    before = [_public_point(p) for p in providers]

    settings.PUBLIC_POSITION_SECRET = "un nouveau secret, après une fuite de l'ancien"
    moved = _recompute()

    for provider, old in zip(providers, before, strict=True):
        new = _public_point(provider)
        assert new != old
        assert new == public_position_of(
            register_number=provider.register_number,
            latitude=provider.home.latitude,
            longitude=provider.home.longitude,
        )
        assert 0.4 <= distance_km(*new, provider.home.latitude, provider.home.longitude) <= 1.2
    assert moved == 3


def test_with_the_same_secret_nothing_moves():
    provider = ProviderFactory()
    before = _public_point(provider)

    assert _recompute() == 0
    assert _public_point(provider) == before


def test_a_dry_run_counts_without_writing(settings):
    provider = ProviderFactory()
    before = _public_point(provider)
    settings.PUBLIC_POSITION_SECRET = "un autre secret"

    assert _recompute("--dry-run") == 1
    assert _public_point(provider) == before
