"""The jobs the task worker runs once a day (the retention purges), with no cron: each app registers its
job's task in its AppConfig.ready(); `manage.py schedule_daily_jobs`, run where a worker starts, makes sure
each has its next run queued; each run queues the next before doing its work."""

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

# Local time, the quiet hour of a portal for Québec's families.
RUN_AT = time(3, 0)

JOBS: dict[str, Task[Any, Any]] = {}


def register(task: Task[Any, Any]) -> None:
    JOBS[task.module_path] = task


def next_run(now: datetime | None = None) -> datetime:
    """The next RUN_AT, local time, strictly after now."""
    now = timezone.localtime(now)
    run = now.replace(hour=RUN_AT.hour, minute=RUN_AT.minute, second=0, microsecond=0)
    return run if run > now else (run + timedelta(days=1))


def is_queued(task: Task[Any, Any]) -> bool:
    """A run of the task waits in the database queue (the one running now is RUNNING, not READY)."""
    return DBTaskResult.objects.filter(
        task_path=task.module_path, backend_name=task.backend, status=TaskResultStatus.READY
    ).exists()


def queue_next(task: Task[Any, Any], *, now: datetime | None = None) -> bool:
    """Queues the task's next daily run unless one already waits; False when none was added. Only the
    database queue holds deferred runs: with another backend (the tests' immediate one), nothing is queued."""
    if not isinstance(task.get_backend(), DatabaseBackend) or is_queued(task):
        return False
    task.using(run_after=next_run(now)).enqueue()
    return True
