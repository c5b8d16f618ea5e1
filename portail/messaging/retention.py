"""Messages and attachments older than MESSAGING_RETENTION_DAYS go, files included (docs/privacy.md)."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portail.messaging.models import Attachment, Message, Thread
from portail.messaging.storage import attachment_storage


def purge_old_messages(*, now: datetime | None = None) -> tuple[int, int]:
    """Deletes the old messages, their attachments and the threads left empty; returns (rows, files)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.MESSAGING_RETENTION_DAYS)
    with transaction.atomic():
        old = Message.objects.filter(created_at__lt=cutoff)
        names = set(Attachment.objects.filter(message__in=old).values_list("file", flat=True))
        deleted, _by_model = old.delete()
        # A broadcast's copies share one file: it goes when no remaining message holds it.
        kept = set(Attachment.objects.filter(file__in=names).values_list("file", flat=True))
        Thread.objects.filter(messages__isnull=True).delete()
    storage = attachment_storage()
    for name in names - kept:
        storage.delete(name)
    return deleted, len(names - kept)
