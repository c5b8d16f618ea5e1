"""The demo office's agent (an administrator), a plain agent of the same office, and another office."""

import pytest

from tests.registry.factories import OfficeAgentFactory, OfficeFactory, ProviderFactory


@pytest.fixture
def agent(demo_accounts):
    """bc@demo.test, administrator of the demo office."""
    return demo_accounts["office_agent"]


@pytest.fixture
def office(agent):
    return agent.office_agent.office


@pytest.fixture
def plain_agent(office):
    return OfficeAgentFactory(office=office, user__email="agent@demo.test")


@pytest.fixture
def other_office():
    return OfficeFactory(number="BC-AUTRE", name="Bureau coordonnateur de Laval")


@pytest.fixture
def stranger(other_office):
    """A provider of another office: every page of the demo office's agent must act as if it did not exist."""
    return ProviderFactory(
        office=other_office, first_name="Zoé", last_name="Ailleurs", email="zoe@example.test"
    )
