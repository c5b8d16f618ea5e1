"""An office agent with providers at every step of joining the portal."""

from datetime import datetime

import pytest
from django.utils import timezone

from portail.registry.models import RecognitionStatus
from tests.registry.factories import ProviderFactory

JOINED = timezone.make_aware(datetime(2026, 3, 2, 10, 0))


@pytest.fixture
def agent(demo_accounts):
    return demo_accounts["office_agent"]


@pytest.fixture
def office(agent):
    return agent.office_agent.office


@pytest.fixture
def providers(office):
    """In the demo office besides its demo provider: 2 not joined, 1 joined not published, 1 published."""
    return {
        "not_joined": ProviderFactory(
            office=office,
            first_name="Amélie",
            last_name="Côté",
            email="amelie@example.test",
            phone="514 555-0101",
        ),
        "not_joined_2": ProviderFactory(
            office=office, first_name="Béatrice", last_name="Dubé", email="b@example.test"
        ),
        "not_published": ProviderFactory(
            office=office, last_name="Gagné", email="g@example.test", joined_portal_at=JOINED
        ),
        "published": ProviderFactory(
            office=office, last_name="Lévesque", joined_portal_at=JOINED, profile_published_at=JOINED
        ),
        "ceased": ProviderFactory(office=office, last_name="Morin", status=RecognitionStatus.CEASED),
    }
