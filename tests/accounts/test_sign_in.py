"""Sign-in: a clear message on a wrong password, lock-outs after repeated failures."""

import pytest
from django.urls import reverse

from portail.accounts.models import Role, User


def test_wrong_password_gets_a_french_message_and_no_session(client, demo_accounts):
    response = client.post(reverse("account_login"), {"login": "parent@demo.test", "password": "mauvais"})

    assert response.status_code == 200
    assert "L’adresse courriel ou le mot de passe sont incorrects." in (
        response.content.decode().replace("'", "’")
    )
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_sign_in_even_with_the_right_password(client, demo_accounts):
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "parent@demo.test", "password": "mauvais"})

    response = client.post(
        reverse("account_login"), {"login": "parent@demo.test", "password": "Demo-portail-2026"}
    )

    assert "_auth_user_id" not in client.session
    assert "Trop de tentatives" in response.content.decode() or response.status_code == 429


def test_repeated_admin_failures_lock_out_the_admin_sign_in(client, demo_accounts, settings):
    settings.AXES_ENABLED = True
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": "admin@demo.test", "password": "mauvais"})

    response = client.post(url, {"username": "admin@demo.test", "password": "Demo-portail-2026"})

    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()


@pytest.mark.django_db
def test_signing_up_makes_a_parent_account_whatever_the_form_says(client):
    client.post(
        reverse("account_signup"),
        {
            "email": "nouveau@example.test",
            "password1": "Un-mot-de-passe-solide-2026",
            "password2": "Un-mot-de-passe-solide-2026",
            "role": Role.OFFICE_AGENT,
        },
    )

    assert User.objects.get(email="nouveau@example.test").role == Role.PARENT


@pytest.mark.django_db
def test_emails_are_unique_whatever_their_case(django_user_model):
    from django.db import IntegrityError, transaction

    django_user_model.objects.create_user("Marie@Example.test", "x")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="MARIE@example.test")
