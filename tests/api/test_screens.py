"""« Logiciels de gestion »: an office's administrator registers its software, sees the secret once,
changes it, revokes it; the office's agents list does not show the software's service account."""

from django.urls import reverse

from portail.api.models import ApiClient
from portail.registry.models import OfficeAgent


def test_the_secret_is_shown_once_and_kept_hashed(client, demo_accounts):
    client.force_login(demo_accounts["office_agent"])

    response = client.post(
        reverse("software:add"),
        {"name": "Gestion BC", "vendor": "Logiciels Inc.", "scopes": ["admissions:read", "admissions:write"]},
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "il n'est affiché qu'une fois" in page
    software = ApiClient.objects.get()
    secret = response.context["credentials"].client_secret
    assert secret in page
    assert software.application.client_secret != secret
    assert software.scope_list == ["admissions:read", "admissions:write"]
    listing = client.get(reverse("software:list")).content.decode()
    assert "Gestion BC" in listing and secret not in listing and "Jamais" in listing


def test_a_form_without_a_permission_is_refused_in_french(client, demo_accounts):
    client.force_login(demo_accounts["office_agent"])

    response = client.post(reverse("software:add"), {"name": "Gestion", "vendor": "X"})

    assert response.status_code == 200
    assert "Ce champ est obligatoire" in response.content.decode()
    assert not ApiClient.objects.exists()


def test_rotating_shows_a_new_secret_and_the_grace_period(client, software, demo_accounts):
    client.force_login(demo_accounts["office_agent"])

    response = client.post(reverse("software:rotate", args=[software.client.pk]))

    assert response.status_code == 200
    assert "L'ancien secret fonctionne encore 24 heures" in response.content.decode()
    assert response.context["credentials"].client_secret != software.client_secret


def test_revoking_closes_the_service_account(client, software, demo_accounts):
    client.force_login(demo_accounts["office_agent"])

    response = client.post(reverse("software:revoke", args=[software.client.pk]))

    assert response.status_code == 302
    software.client.refresh_from_db()
    assert software.client.revoked_at is not None
    assert not software.client.user.is_active
    assert "Révoqué le" in client.get(reverse("software:list")).content.decode()


def test_the_agents_list_does_not_show_the_software(client, software, demo_accounts):
    client.force_login(demo_accounts["office_agent"])

    agents = client.get(reverse("registry:agents")).content.decode()

    assert OfficeAgent.objects.filter(user=software.client.user).exists()
    assert software.client.user.email not in agents
