"""Who reaches the onboarding pages: every role against every page (tests/access.py)."""

import pytest
from django.urls import reverse

from tests.access import ROLES, assert_role_access

PAGES: list[tuple[str, set[str]]] = [
    ("onboarding:tracking", {"office_agent"}),
    ("onboarding:export", {"office_agent"}),
    ("onboarding:reminder_template", {"office_agent"}),
    ("onboarding:claim_code", {"office_agent"}),
    ("onboarding:claim", {"parent"}),
]


def _url(name, demo_accounts):
    if name == "onboarding:claim_code":
        return reverse(name, args=[demo_accounts["provider"].provider.pk])
    return reverse(name)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "allowed"), PAGES, ids=[name for name, _ in PAGES])
def test_each_role_reaches_only_its_pages(client, demo_accounts, role, name, allowed):
    assert_role_access(client, demo_accounts, role=role, url=_url(name, demo_accounts), allowed=allowed)


@pytest.mark.parametrize("role", ["anonymous", "parent", "provider", "ministry"])
def test_only_an_office_agent_may_send_reminders(client, demo_accounts, role, mailoutbox):
    if role != "anonymous":
        client.force_login(demo_accounts[role])

    response = client.post(
        reverse("onboarding:remind"), {"providers": [demo_accounts["provider"].provider.pk]}
    )

    assert response.status_code == (302 if role == "anonymous" else 403)
    assert mailoutbox == []


def test_an_inactive_agent_is_refused_the_tracking_page(client, demo_accounts):
    agent = demo_accounts["office_agent"]
    agent.office_agent.is_active = False
    agent.office_agent.save()
    client.force_login(agent)

    assert client.get(reverse("onboarding:tracking")).status_code == 403
