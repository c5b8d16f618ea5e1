"""Writing: who may write to whom, what a message may hold, a broadcast in bulk, reading and archiving."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portail.messaging import services
from portail.messaging.models import Attachment, Message, Side, Thread
from portail.messaging.selectors import unread_count
from tests.messaging.conftest import EXECUTABLE, JPEG, PDF, PNG, upload
from tests.registry.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def _start(provider, agent, **kwargs):
    values = {"subject": "Visite", "body": "Bonjour, je passe mardi.", **kwargs}
    return services.start_thread(provider=provider, by=agent, **values)


def test_an_agent_writes_to_its_office_provider(agent, provider, provider_user):
    thread = _start(provider, agent)
    message = thread.messages.get()
    assert (message.author, message.side) == (agent, Side.OFFICE)
    assert unread_count(provider_user) == 1
    assert unread_count(agent) == 0


def test_an_agent_cannot_write_to_another_office_provider(other_agent, provider):
    with pytest.raises(PermissionDenied):
        _start(provider, other_agent)
    assert not Thread.objects.exists()


def test_a_provider_writes_only_about_itself(provider_user, provider, neighbour):
    _start(provider, provider_user)
    with pytest.raises(PermissionDenied):
        _start(neighbour, provider_user)


def test_a_provider_cannot_reply_in_another_provider_thread(agent, neighbour, provider_user):
    thread = _start(neighbour, agent)
    with pytest.raises(PermissionDenied):
        services.reply(thread=thread, body="Je lis ceci", by=provider_user)
    assert thread.messages.count() == 1


def test_any_agent_of_the_office_answers_and_is_named(agent, colleague, provider, provider_user):
    thread = _start(provider, provider_user)
    message = services.reply(thread=thread, body="Réponse de Julie", by=colleague)
    assert (message.author, message.side) == (colleague, Side.OFFICE)
    assert unread_count(agent) == 0  # the office's side has read what one of its agents answered


def test_an_empty_message_is_refused(agent, provider):
    with pytest.raises(ValidationError) as error:
        _start(provider, agent, body="   \n ")
    assert error.value.code == "empty"
    assert not Thread.objects.exists()


def test_a_100000_character_message_is_refused(agent, provider):
    with pytest.raises(ValidationError) as error:
        _start(provider, agent, body="a" * 100_000)
    assert error.value.code == "too_long"
    assert not Message.objects.exists()


def test_pdf_png_and_jpeg_are_accepted(agent, provider, attachments_folder):
    thread = _start(
        provider,
        agent,
        attachments=[
            upload(PDF),
            upload(PNG, "photo.png", "image/png"),
            upload(JPEG, "photo.jpg", "image/jpeg"),
        ],
    )
    types = list(Attachment.objects.filter(message__thread=thread).values_list("content_type", flat=True))
    assert types == ["application/pdf", "image/png", "image/jpeg"]
    assert len(list(attachments_folder.rglob("*.*"))) == 3


def test_an_executable_renamed_pdf_is_refused(agent, provider, attachments_folder):
    with pytest.raises(ValidationError) as error:
        _start(provider, agent, attachments=[upload(EXECUTABLE, "facture.pdf")])
    assert error.value.code == "wrong_type"
    assert not Thread.objects.exists()
    assert not attachments_folder.exists() or not list(attachments_folder.rglob("*.*"))


def test_an_11_mb_file_is_refused(agent, provider):
    with pytest.raises(ValidationError) as error:
        _start(provider, agent, attachments=[upload(PDF + b"0" * (11 * 1024 * 1024))])
    assert error.value.code == "too_large"
    assert not Thread.objects.exists()


def test_a_sixth_attachment_is_refused(agent, provider):
    with pytest.raises(ValidationError) as error:
        _start(provider, agent, attachments=[upload() for _ in range(6)])
    assert error.value.code == "too_many"
    _start(provider, agent, attachments=[upload() for _ in range(5)])


def test_a_failed_write_deletes_the_files_it_saved(agent, provider, attachments_folder, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(Attachment.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        _start(provider, agent, attachments=[upload()])
    assert not list(attachments_folder.rglob("*.*"))


def test_broadcast_writes_one_thread_per_provider_in_a_few_queries(agent, office, provider):
    providers = [provider, *ProviderFactory.create_batch(30, office=office)]
    with CaptureQueriesContext(connection) as queries:
        sent = services.broadcast(
            office=office,
            by=agent,
            subject="Formation",
            body="Webinaire jeudi",
            providers=providers,
            attachments=[upload()],
        )
    assert sent == 31
    assert Thread.objects.filter(office=office).count() == 31
    # Threads, messages, attachments: a handful of inserts, not one per provider.
    assert len(queries) < 15
    assert Attachment.objects.values("file").distinct().count() == 1


def test_broadcast_ignores_another_office_providers(agent, office, provider, other_agent):
    foreign = ProviderFactory()
    sent = services.broadcast(
        office=office, by=agent, subject="Info", body="Texte", providers=[provider, foreign]
    )
    assert sent == 1
    assert not Thread.objects.filter(provider=foreign).exists()


def test_broadcast_by_another_office_is_refused(office, other_agent, provider):
    with pytest.raises(PermissionDenied):
        services.broadcast(office=office, by=other_agent, subject="Info", body="Texte", providers=[provider])


def test_reading_clears_the_unread_count(agent, provider, provider_user):
    thread = _start(provider, agent)
    services.mark_read(thread=thread, by=provider_user)
    assert unread_count(provider_user) == 0
    services.reply(thread=thread, body="Merci", by=provider_user)
    assert unread_count(agent) == 1


def test_an_archived_thread_comes_back_with_a_new_message(agent, provider, provider_user):
    thread = _start(provider, agent)
    services.archive(thread=thread, by=provider_user)
    thread.refresh_from_db()
    assert thread.provider_archived
    services.reply(thread=thread, body="Encore une chose", by=agent)
    thread.refresh_from_db()
    assert not thread.provider_archived
