"""Where sign-in lands each role, and an office agent whose membership ended.

Who reaches which page is tests/test_access_matrix.py's matter, for every route."""

import pytest
from django.urls import reverse


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
