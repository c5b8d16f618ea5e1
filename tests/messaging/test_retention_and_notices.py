"""Old messages go with their files; a new message e-mails the other side a link, at most hourly."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from portail.messaging import services
from portail.messaging.models import Attachment, Message, NoticePreference, Thread
from tests.messaging.conftest import upload

pytestmark = pytest.mark.django_db


def test_purge_removes_old_messages_and_their_files(settings, agent, provider, attachments_folder):
    old = services.start_thread(
        provider=provider, subject="Ancien", body="Vieux", by=agent, attachments=[upload()]
    )
    recent = services.start_thread(provider=provider, subject="Récent", body="Neuf", by=agent)
    Message.objects.filter(thread=old).update(
        created_at=timezone.now() - timedelta(days=settings.MESSAGING_RETENTION_DAYS + 1)
    )
    call_command("purge_messages", stdout=io.StringIO())
    assert not Thread.objects.filter(pk=old.pk).exists()
    assert not Attachment.objects.exists()
    assert not list(attachments_folder.rglob("*.*"))
    assert Thread.objects.filter(pk=recent.pk).exists()


def test_a_message_emails_a_link_never_the_text(
    agent, provider, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.start_thread(provider=provider, subject="Visite", body="Texte secret", by=agent)
    (email,) = mailoutbox
    assert email.to == ["rsge@demo.test"]
    assert "Texte secret" not in email.body
    assert f"/messagerie/conversation/{thread.pk}/" in email.body


def test_at_most_one_email_an_hour_per_thread(
    agent, provider, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        thread = services.start_thread(provider=provider, subject="Visite", body="Un", by=agent)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(thread=thread, body="Deux", by=agent)
    assert len(mailoutbox) == 1
    Thread.objects.filter(pk=thread.pk).update(provider_notified_at=timezone.now() - timedelta(minutes=61))
    with django_capture_on_commit_callbacks(execute=True):
        services.reply(thread=thread, body="Trois", by=agent)
    assert len(mailoutbox) == 2


def test_a_provider_can_turn_the_emails_off(
    agent, provider, provider_user, mailoutbox, django_capture_on_commit_callbacks
):
    services.set_notice_emails(provider=provider, emails=False, by=provider_user)
    assert not NoticePreference.objects.get(provider=provider).emails
    with django_capture_on_commit_callbacks(execute=True):
        services.start_thread(provider=provider, subject="Visite", body="Un", by=agent)
    assert mailoutbox == []


def test_the_office_is_emailed_when_its_provider_writes(
    provider, provider_user, office, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.start_thread(provider=provider, subject="Absence", body="Fermé", by=provider_user)
    assert [email.to for email in mailoutbox] == [[office.email]]


def test_an_onboarding_reminder_is_recorded_in_the_provider_thread(agent, office):
    from portail.onboarding.services import send_reminders
    from tests.registry.factories import ProviderFactory

    late = ProviderFactory(office=office, email="retard@example.test")
    send_reminders(office=office, providers=[late], by=agent, portal_url="http://testserver/")
    message = Message.objects.get(thread__provider=late)
    assert (message.side, message.author) == ("office", agent)
