"""The public home page, the error pages, and the French-first language rule."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_home_page_explains_the_portal_in_french_and_leads_to_sign_in(client):
    response = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr-CA">' in html
    assert "Trouver une place en service de garde" in html
    assert reverse("account_login") in html
    assert reverse("directory:search") in html


@pytest.mark.django_db
def test_the_language_switch_keeps_english_for_who_chose_it(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)

    assert "Find a place in childcare" in response.content.decode()


@pytest.mark.django_db
def test_unknown_url_gets_the_french_404_page(client):
    response = client.get("/nulle-part/")

    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@pytest.mark.django_db
def test_a_private_page_sends_a_visitor_to_sign_in(client):
    response = client.get(reverse("families:home"))

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={reverse('families:home')}"


def test_the_language_switch_needs_no_token_from_the_portal_s_own_pages(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/"}, headers={"Sec-Fetch-Site": "same-origin"}
    )
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.parametrize(
    "headers",
    [{"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"}, {"Origin": "https://evil.example"}],
)
def test_the_language_switch_refuses_a_post_from_another_site(db, headers):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, headers=headers)
    assert response.status_code == 403
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_language_switch_takes_a_post_from_the_portal_s_own_origin(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("set_language"), {"language": "en", "next": "/"}, headers={"Origin": "http://testserver"}
    )
    assert response.status_code == 302
