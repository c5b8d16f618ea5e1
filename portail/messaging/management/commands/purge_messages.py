"""Removes messages and attachments older than MESSAGING_RETENTION_DAYS, files included (run daily)."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from portail.messaging.models import Attachment, Message, Thread
from portail.messaging.storage import attachment_storage


class Command(BaseCommand):
    help = "Removes messages and attachments older than MESSAGING_RETENTION_DAYS, with their files."

    def handle(self, *args: Any, **options: Any) -> None:
        cutoff = timezone.now() - timedelta(days=settings.MESSAGING_RETENTION_DAYS)
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
        self.stdout.write(f"{deleted} rows removed, {len(names - kept)} files.")
