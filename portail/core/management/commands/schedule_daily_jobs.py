"""Makes sure each daily job (portail/core/daily.py) has its next run in the task queue; idempotent, run it
where a worker starts (scripts/serve-demo, docs/deployment.md)."""

from typing import Any

from django.core.management.base import BaseCommand

from portail.core import daily


class Command(BaseCommand):
    help = "Queues the next run of each daily job (the retention purges) unless one already waits."

    def handle(self, *args: Any, **options: Any) -> None:
        for path, task in sorted(daily.JOBS.items()):
            queued = daily.queue_next(task)
            said = f"queued for {daily.next_run():%Y-%m-%d %H:%M}" if queued else "already queued"
            self.stdout.write(f"{path}: {said}")
