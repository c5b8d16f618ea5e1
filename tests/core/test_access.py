"""Who reaches the foundation's pages: every role against every page (tests/access.py)."""

import pytest
from django.urls import reverse

from tests.access import EVERYONE, ROLES, assert_role_access

PAGES: list[tuple[str, set[str]]] = [
    (reverse("core:home"), EVERYONE),
    (reverse("account_login"), {"anonymous"}),
    (reverse("account_reset_password"), EVERYONE),
    (reverse("families:home"), {"parent"}),
    (reverse("core:provider_home"), {"provider"}),
    (reverse("core:office_home"), {"office_agent"}),
    (reverse("admin:index"), {"ministry"}),
    (reverse("admin:registry_coordinatingoffice_changelist"), {"ministry"}),
    (reverse("admin:registry_territory_changelist"), {"ministry"}),
    (reverse("admin:accounts_user_changelist"), {"ministry"}),
    (reverse("admin:registry_provider_changelist"), {"ministry"}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("url", "allowed"), PAGES, ids=[url for url, _ in PAGES])
def test_each_role_reaches_only_its_pages(client, demo_accounts, role, url, allowed):
    assert_role_access(client, demo_accounts, role=role, url=url, allowed=allowed)


@pytest.mark.parametrize(
    ("role", "home"),
    [
        ("parent", "families:home"),
        ("provider", "core:provider_home"),
        ("office_agent", "core:office_home"),
        ("ministry", "admin:index"),
    ],
)
def test_sign_in_lands_each_role_on_its_home(client, demo_accounts, role, home):
    response = client.post(
        reverse("account_login"),
        {"login": demo_accounts[role].email, "password": "Demo-portail-2026"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse(home)
    assert response.status_code == 200


def test_an_agent_whose_membership_is_inactive_is_refused_the_office_pages(client, demo_accounts):
    agent = demo_accounts["office_agent"]
    agent.office_agent.is_active = False
    agent.office_agent.save()
    client.force_login(agent)

    assert client.get(reverse("core:office_home")).status_code == 403
