"""Writes of messaging: starting a thread, replying, writing to many providers, reading, archiving."""

import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portail.accounts.models import Role, User
from portail.accounts.permissions import has_role
from portail.messaging.attachments import CheckedFile, check_files
from portail.messaging.models import BODY_MAX_LENGTH, Attachment, Message, NoticePreference, Side, Thread
from portail.messaging.permissions import side_of, writes_to, writes_to_office
from portail.messaging.storage import attachment_storage
from portail.messaging.tasks import send_notices
from portail.registry.models import CoordinatingOffice, Provider

SUBJECT_MAX_LENGTH = 200
BATCH_SIZE = 500


def clean_body(body: str) -> str:
    """A message's text, or a ValidationError saying it is empty or too long."""
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise ValidationError(_("Write a message."), code="empty")
    if len(body) > BODY_MAX_LENGTH:
        raise ValidationError(
            _("A message has at most %(limit)s characters; this one has %(length)s.")
            % {
                "limit": f"{BODY_MAX_LENGTH:,}".replace(",", " "),
                "length": f"{len(body):,}".replace(",", " "),
            },
            code="too_long",
        )
    return body


def clean_subject(subject: str) -> str:
    subject = " ".join((subject or "").split())
    if not subject:
        raise ValidationError(_("Give the message a subject."), code="empty")
    if len(subject) > SUBJECT_MAX_LENGTH:
        raise ValidationError(
            _("A subject has at most %(limit)d characters.") % {"limit": SUBJECT_MAX_LENGTH}, code="too_long"
        )
    return subject


def _store(files: Sequence[CheckedFile]) -> list[tuple[str, CheckedFile]]:
    """Saves each file once in the private storage, under a random name (the uploaded name is only shown)."""
    storage = attachment_storage()
    folder = timezone.now().strftime("%Y/%m/")
    stored = []
    for checked in files:
        checked.file.seek(0)
        extension = PurePath(checked.name).suffix.lower()
        stored.append((storage.save(f"{folder}{uuid.uuid4().hex}{extension}", checked.file), checked))
    return stored


@contextmanager
def _files_kept_only_if_saved(stored: list[tuple[str, CheckedFile]]) -> Iterator[None]:
    """Files are not transactional: a write that fails after saving them deletes them again."""
    try:
        yield
    except BaseException:
        storage = attachment_storage()
        for name, _checked in stored:
            storage.delete(name)
        raise


def _attachments(message: Message, stored: Sequence[tuple[str, CheckedFile]]) -> list[Attachment]:
    return [
        Attachment(
            message=message,
            file=name,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
        )
        for name, checked in stored
    ]


def _post(
    *,
    thread: Thread,
    side: Side,
    body: str,
    by: User | None,
    stored: Sequence[tuple[str, CheckedFile]],
    now: datetime,
    notify: bool = True,
) -> Message:
    message = Message.objects.create(thread=thread, author=by, side=side, body=body, created_at=now)
    Attachment.objects.bulk_create(_attachments(message, stored))
    fields = {
        "last_message_at": now,
        f"last_from_{side}_at": now,
        # The writer's side has read what it answers; the thread comes back for both.
        f"{side}_read_at": now,
        "office_archived": False,
        "provider_archived": False,
    }
    for name, value in fields.items():
        setattr(thread, name, value)
    Thread.objects.filter(pk=thread.pk).update(**fields)
    if notify:
        transaction.on_commit(partial(send_notices.enqueue, message_ids=[message.pk]))
    return message


@transaction.atomic
def start_thread(
    *, provider: Provider, subject: str, body: str, by: User, attachments: Sequence[Any] = ()
) -> Thread:
    """Opens a thread between a provider and its office, written by one of the two sides."""
    if writes_to(by, provider):
        side = Side.OFFICE
    elif writes_to_office(by, provider):
        side = Side.PROVIDER
    else:
        raise PermissionDenied
    subject, body, files = clean_subject(subject), clean_body(body), check_files(list(attachments))
    now = timezone.now()
    thread = Thread.objects.create(
        office_id=provider.office_id, provider=provider, subject=subject, created_at=now, last_message_at=now
    )
    stored = _store(files)
    with _files_kept_only_if_saved(stored):
        _post(thread=thread, side=side, body=body, by=by, stored=stored, now=now)
    return thread


@transaction.atomic
def reply(*, thread: Thread, body: str, by: User, attachments: Sequence[Any] = ()) -> Message:
    """Adds a message to a thread, for the side its author speaks for; any agent answers for its office."""
    side = side_of(by, thread)
    if side is None:
        raise PermissionDenied
    body, files = clean_body(body), check_files(list(attachments))
    locked = Thread.objects.select_for_update().get(pk=thread.pk)
    stored = _store(files)
    with _files_kept_only_if_saved(stored):
        message = _post(thread=locked, side=side, body=body, by=by, stored=stored, now=timezone.now())
    thread.refresh_from_db()
    return message


@transaction.atomic
def broadcast(
    *,
    office: CoordinatingOffice,
    by: User,
    subject: str,
    body: str,
    providers: Iterable[Provider],
    attachments: Sequence[Any] = (),
) -> int:
    """Writes one message to many of an office's providers, each in a thread of its own, in bulk."""
    if not has_role(by, Role.OFFICE_AGENT) or by.office_agent.office_id != office.pk:
        raise PermissionDenied
    subject, body, files = clean_subject(subject), clean_body(body), check_files(list(attachments))
    provider_ids = [provider.pk for provider in providers if provider.office_id == office.pk]
    if not provider_ids:
        raise ValidationError(_("No provider matches these recipients."), code="no_recipient")
    now = timezone.now()
    threads = Thread.objects.bulk_create(
        [
            Thread(
                office=office,
                provider_id=provider_id,
                subject=subject,
                created_at=now,
                last_message_at=now,
                last_from_office_at=now,
                office_read_at=now,
            )
            for provider_id in provider_ids
        ],
        batch_size=BATCH_SIZE,
    )
    messages = Message.objects.bulk_create(
        [
            Message(thread=thread, author=by, side=Side.OFFICE, body=body, created_at=now)
            for thread in threads
        ],
        batch_size=BATCH_SIZE,
    )
    stored = _store(files)
    with _files_kept_only_if_saved(stored):
        Attachment.objects.bulk_create(
            [attachment for message in messages for attachment in _attachments(message, stored)],
            batch_size=BATCH_SIZE,
        )
    message_ids = [message.pk for message in messages]
    transaction.on_commit(partial(send_notices.enqueue, message_ids=message_ids))
    return len(messages)


def mark_read(*, thread: Thread, by: User) -> None:
    """Records that the reader's side has read the thread up to now."""
    side = side_of(by, thread)
    if side is None:
        raise PermissionDenied
    Thread.objects.filter(pk=thread.pk).update(**{f"{side}_read_at": timezone.now()})


def archive(*, thread: Thread, by: User, archived: bool = True) -> None:
    """Puts a thread out of (or back into) its reader's side's inbox; a new message brings it back."""
    side = side_of(by, thread)
    if side is None:
        raise PermissionDenied
    Thread.objects.filter(pk=thread.pk).update(**{f"{side}_archived": archived})


def set_notice_emails(*, provider: Provider, emails: bool, by: User) -> None:
    """A provider turns the e-mails telling it of a new message on or off."""
    if not writes_to_office(by, provider):
        raise PermissionDenied
    NoticePreference.objects.update_or_create(provider=provider, defaults={"emails": emails})


@transaction.atomic
def record_reminders(*, reminders: Iterable[Any]) -> None:
    """Writes each onboarding reminder in its provider's thread of that subject, without notice."""
    for reminder in reminders:
        thread = (
            Thread.objects.select_for_update()
            .filter(office_id=reminder.office_id, provider_id=reminder.provider_id, subject=reminder.subject)
            .first()
        )
        if thread is None:
            thread = Thread.objects.create(
                office_id=reminder.office_id,
                provider_id=reminder.provider_id,
                subject=reminder.subject or _("Reminder"),
                created_at=reminder.sent_at,
                last_message_at=reminder.sent_at,
            )
        _post(
            thread=thread,
            side=Side.OFFICE,
            body=reminder.body[:BODY_MAX_LENGTH] or reminder.subject,
            by=reminder.sent_by,
            stored=(),
            now=reminder.sent_at,
            notify=False,
        )
