"""Who reaches which page: every page of the portal, for every role (extend PAGES with each new page).

A page is reached (200), refused (403 page in French), or, for a visitor, sends to the sign-in page.
"""

import pytest
from django.urls import reverse

ROLES = ["anonymous", "parent", "provider", "office_agent", "ministry"]

# (URL, roles that reach it); "*" means everyone, visitors included.
PAGES: list[tuple[str, set[str]]] = [
    (reverse("core:home"), {"*"}),
    # Signing in again is pointless: a signed-in user is sent to its home page.
    (reverse("account_login"), {"anonymous"}),
    (reverse("account_reset_password"), {"*"}),
    (reverse("core:parent_home"), {"parent"}),
    (reverse("core:provider_home"), {"provider"}),
    (reverse("core:office_home"), {"office_agent"}),
    (reverse("admin:index"), {"ministry"}),
    (reverse("admin:registry_coordinatingoffice_changelist"), {"ministry"}),
    (reverse("admin:registry_territory_changelist"), {"ministry"}),
]


def _client_for(role, client, demo_accounts):
    if role != "anonymous":
        client.force_login(demo_accounts[role])
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("url", "allowed"), PAGES, ids=[url for url, _ in PAGES])
def test_each_role_reaches_only_its_pages(client, demo_accounts, role, url, allowed):
    response = _client_for(role, client, demo_accounts).get(url)

    if "*" in allowed or role in allowed:
        assert response.status_code == 200, response
    elif role == "anonymous":
        assert response.status_code == 302
        assert response.url.startswith((reverse("account_login"), reverse("admin:login")))
    elif url == reverse("account_login"):
        assert response.status_code == 302
        assert response.url == reverse("core:dashboard")
    elif url.startswith("/admin/"):
        # The Django admin sends anyone who is not staff to its own sign-in page.
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
    else:
        assert response.status_code == 403
        assert "Accès refusé" in response.content.decode()


@pytest.mark.parametrize(
    ("role", "home"),
    [
        ("parent", "core:parent_home"),
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
