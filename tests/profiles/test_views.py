"""The provider's profile pages: its own profile only, draft then preview then publish."""

from django.urls import reverse

from tests.profiles.test_forms import VALID


def test_the_form_shows_the_total_places_as_read_only(client, demo_accounts):
    client.force_login(demo_accounts["provider"])

    html = client.get(reverse("profiles:edit")).content.decode()

    assert "modifiable par votre bureau coordonnateur" in html.lower()
    assert 'name="capacity"' not in html


def test_save_preview_publish_and_take_down(client, demo_accounts):
    client.force_login(demo_accounts["provider"])
    provider = demo_accounts["provider"].provider

    response = client.post(reverse("profiles:edit"), VALID, follow=True)
    assert "Brouillon enregistré" in response.content.decode()
    assert "Bonjour" in response.content.decode()
    provider.refresh_from_db()
    assert provider.profile_published_at is None

    response = client.post(reverse("profiles:publish"), follow=True)
    provider.refresh_from_db()
    assert provider.profile_published_at is not None
    assert "Retirer la publication" in response.content.decode()

    client.post(reverse("profiles:unpublish"))
    provider.refresh_from_db()
    assert provider.profile_published_at is None


def test_a_refused_form_saves_nothing(client, demo_accounts):
    client.force_login(demo_accounts["provider"])

    response = client.post(reverse("profiles:edit"), {**VALID, "closes_mon": "06:00"})

    assert response.status_code == 200
    assert "La fermeture doit suivre l’ouverture." in response.content.decode()
    assert (
        not hasattr(demo_accounts["provider"].provider, "profile")
        or demo_accounts["provider"].provider.profile.pk is None
    )
