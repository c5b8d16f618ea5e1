"""The role-by-page check that every app's access test uses (see tests/*/test_access.py).

A page is reached (200) by the roles allowed; a visitor is sent to sign in; anyone else gets the French
403 page (or, for the Django admin, its own sign-in page).
"""

from django.urls import reverse

ROLES = ["anonymous", "parent", "provider", "office_agent", "ministry"]
EVERYONE = {"*"}


def assert_role_access(client, demo_accounts, *, role: str, url: str, allowed: set[str]) -> None:
    if role != "anonymous":
        client.force_login(demo_accounts[role])
    response = client.get(url)

    if "*" in allowed or role in allowed:
        assert response.status_code == 200, (role, url, response)
    elif role == "anonymous":
        assert response.status_code == 302, (role, url, response)
        assert response.url.startswith((reverse("account_login"), reverse("admin:login")))
    elif url == reverse("account_login"):
        # Signing in again is pointless: a signed-in user is sent to its home page.
        assert response.status_code == 302
        assert response.url == reverse("core:dashboard")
    elif url.startswith("/admin/"):
        assert response.status_code == 302, (role, url, response)
        assert response.url.startswith(reverse("admin:login"))
    else:
        assert response.status_code == 403, (role, url, response)
        assert "Accès refusé" in response.content.decode()
