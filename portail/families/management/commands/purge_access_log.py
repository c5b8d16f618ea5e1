"""Deletes the reads of children's files older than the retention period (the worker runs it daily:
portail.families.tasks.purge_access_log_daily)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from portail.families.access_log import purge


class Command(BaseCommand):
    help = "Deletes the access log's rows older than ACCESS_LOG_RETENTION_DAYS (default 730 days)."

    def handle(self, *args: Any, **options: Any) -> None:
        days = settings.ACCESS_LOG_RETENTION_DAYS
        self.stdout.write(f"{purge()} reads older than {days} days deleted from the access log.")
