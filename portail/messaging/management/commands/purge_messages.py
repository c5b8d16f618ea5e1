"""Removes messages and attachments older than MESSAGING_RETENTION_DAYS, files included (the worker runs it
daily: portail.messaging.tasks.purge_messages_daily)."""

from typing import Any

from django.core.management.base import BaseCommand

from portail.messaging.retention import purge_old_messages


class Command(BaseCommand):
    help = "Removes messages and attachments older than MESSAGING_RETENTION_DAYS, with their files."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted, files = purge_old_messages()
        self.stdout.write(f"{deleted} rows removed, {files} files.")
