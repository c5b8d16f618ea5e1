"""E-mails: subjects are plain text (no HTML escaping), and no mail server is called inside a request."""

import pytest
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from portail.core.emails import render_subject
from portail.families.tasks import send_registration_confirmation
from tests.accounts.factories import UserFactory
from tests.families.factories import ChildFactory

pytestmark = pytest.mark.django_db


class _MailServerDown(EmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server down")


def test_a_subject_keeps_its_apostrophes_and_ampersands():
    subject = render_subject(
        "families/email/registration_subject.txt", {"child": {"first_name": "D'Arcy & Zoé"}}
    )

    assert subject == "Inscription de D'Arcy & Zoé au portail"


def test_the_registration_confirmation_subject_is_not_html_escaped(mailoutbox):
    child = ChildFactory(first_name="D'Arcy")

    send_registration_confirmation.call(child_id=child.pk)

    assert "D'Arcy" in mailoutbox[0].subject
    assert "&#x27;" not in mailoutbox[0].subject


def test_signing_in_while_the_mail_server_is_down_is_not_a_500(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.EMAIL_BACKEND = f"{__name__}._MailServerDown"
    UserFactory(email="nonverifie@example.test")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_login"),
            {"login": "nonverifie@example.test", "password": "Mot-de-passe-test-2026"},
        )

    assert response.status_code < 500
    from django_tasks import default_task_backend

    assert [result.task.name for result in default_task_backend.results] == ["send_account_email"]
