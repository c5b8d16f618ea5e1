"""Who reaches the register's pages: every role against every page (tests/access.py)."""

import pytest
from django.urls import reverse

from tests.access import ROLES, assert_role_access

PAGES: list[tuple[str, set[str]]] = [
    ("registry:providers", {"office_agent"}),
    ("registry:provider", {"office_agent"}),
    ("registry:provider_edit", {"office_agent"}),
    ("registry:agents", {"office_agent"}),
    ("registry:agent_add", {"office_agent"}),
    ("registry:agent_edit", {"office_agent"}),
]


def _url(name, demo_accounts):
    if name in {"registry:provider", "registry:provider_edit"}:
        return reverse(name, args=[demo_accounts["provider"].provider.pk])
    if name == "registry:agent_edit":
        return reverse(name, args=[demo_accounts["office_agent"].office_agent.pk])
    return reverse(name)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "allowed"), PAGES, ids=[name for name, _ in PAGES])
def test_each_role_reaches_only_its_pages(client, demo_accounts, role, name, allowed):
    assert_role_access(client, demo_accounts, role=role, url=_url(name, demo_accounts), allowed=allowed)


@pytest.mark.parametrize("name", ["registry:agents", "registry:agent_add", "registry:agent_edit"])
def test_a_plain_agent_is_refused_the_agents_pages(client, demo_accounts, plain_agent, name):
    client.force_login(plain_agent.user)

    response = client.get(_url(name, demo_accounts))

    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_a_plain_agent_reads_and_edits_the_register(client, demo_accounts, plain_agent):
    client.force_login(plain_agent.user)

    assert client.get(_url("registry:providers", demo_accounts)).status_code == 200
    assert client.get(_url("registry:provider_edit", demo_accounts)).status_code == 200


def test_an_inactive_agent_is_refused_the_register(client, demo_accounts):
    agent = demo_accounts["office_agent"]
    agent.office_agent.is_active = False
    agent.office_agent.save()
    client.force_login(agent)

    assert client.get(reverse("registry:providers")).status_code == 403


@pytest.mark.parametrize("role", ["anonymous", "parent", "provider", "ministry"])
def test_only_an_office_agent_may_post_an_edit(client, demo_accounts, role):
    provider = demo_accounts["provider"].provider
    if role != "anonymous":
        client.force_login(demo_accounts[role])

    response = client.post(
        reverse("registry:provider_edit", args=[provider.pk]),
        {"capacity": "3", "subsidized_places": "0", "status": "recognized", "reason": "Essai"},
    )

    assert response.status_code == (302 if role == "anonymous" else 403)
    provider.refresh_from_db()
    assert provider.capacity == 6
