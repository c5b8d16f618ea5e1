"""Deletes the answers kept for Idempotency-Key retries older than their retention (the worker runs it
daily: portail.api.tasks.purge_idempotent_answers_daily)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from portail.api.services import purge_idempotent_answers


class Command(BaseCommand):
    help = "Deletes the answers kept for Idempotency-Key retries older than API_IDEMPOTENCY_HOURS (24)."

    def handle(self, *args: Any, **options: Any) -> None:
        hours, deleted = settings.API_IDEMPOTENCY_HOURS, purge_idempotent_answers()
        self.stdout.write(f"{deleted} idempotency answers older than {hours} hours deleted.")
