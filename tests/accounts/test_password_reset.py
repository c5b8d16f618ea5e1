"""« Mot de passe oublié »: a reset e-mail for a local account, none for a government login's account."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.core.cache import cache
from django.urls import reverse

from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _ask_reset(client, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("account_reset_password"), {"email": email}, follow=True)


def test_a_local_account_receives_its_reset_email(client, mailoutbox, django_capture_on_commit_callbacks):
    UserFactory(email="locale@example.test")

    _ask_reset(client, "locale@example.test", django_capture_on_commit_callbacks)

    assert [message.to for message in mailoutbox] == [["locale@example.test"]]
    assert "&#x27;" not in mailoutbox[0].subject


def test_a_government_logins_account_gets_no_reset_email_and_the_same_answer(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="locale@example.test")
    government = UserFactory(email="clicsequr@example.test")
    SocialAccount.objects.create(user=government, provider="openid_connect", uid="gouv-123")

    local = _ask_reset(client, "locale@example.test", django_capture_on_commit_callbacks)
    cache.clear()
    refused = _ask_reset(client, "clicsequr@example.test", django_capture_on_commit_callbacks)

    assert [message.to for message in mailoutbox] == [["locale@example.test"]]
    assert refused.status_code == local.status_code == 200
    assert refused.redirect_chain == local.redirect_chain
    assert refused.templates[0].name == local.templates[0].name


def test_the_reset_email_leaves_after_commit_through_the_task_queue(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="locale@example.test")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("account_reset_password"), {"email": "locale@example.test"})
    assert mailoutbox == []

    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1
