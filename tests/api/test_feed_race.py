"""The change feed under concurrent writes (PostgreSQL): a reader following the cursor while admissions (and
attendance sheets) are confirmed at the same moment sees every event once, in id order, none skipped by a
late commit."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections
from django.utils import timezone

from portail.admissions.models import Admission, Status
from portail.admissions.services import confirm_admission
from portail.api.models import ChangeEvent
from portail.attendance.models import AttendanceSheet
from portail.attendance.models import Status as SheetStatus
from portail.attendance.periods import period_of
from portail.attendance.services import confirm_sheets
from tests.admissions.factories import AdmissionFactory
from tests.attendance.factories import SheetFactory
from tests.attendance.factories_reports import recorded_agreement

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent commits need PostgreSQL"),
]
WRITERS = 6


def test_a_reader_following_the_cursor_misses_no_event(transactional_db, demo_accounts):
    agent = demo_accounts["office_agent"]
    provider = demo_accounts["provider"].provider
    admissions = [
        AdmissionFactory(provider=provider, admitted_by=demo_accounts["provider"], status=Status.ADMITTED)
        for _ in range(WRITERS)
    ]

    def confirm(admission: Admission) -> Callable[[], object]:
        return lambda: confirm_admission(admission=admission, by=agent)

    _race(provider.office_id, [confirm(admission) for admission in admissions])


def test_sheets_and_admissions_confirmed_at_once_miss_no_event(transactional_db, demo_accounts):
    agent = demo_accounts["office_agent"]
    provider = demo_accounts["provider"].provider
    admissions = [
        AdmissionFactory(provider=provider, admitted_by=demo_accounts["provider"], status=Status.ADMITTED)
        for _ in range(WRITERS // 2)
    ]
    period = period_of(timezone.localdate()).previous()
    sheets = []
    for _ in range(WRITERS - len(admissions)):
        agreement = recorded_agreement(provider=provider, start=period.start)
        sheets.append(
            SheetFactory(
                agreement=agreement,
                period_start=period.start,
                status=SheetStatus.SIGNED,
                contribution_paid=0,
                signed_on=period.end,
                signed_by=agreement.admission.child.family.parent,
            )
        )

    def confirm(admission: Admission) -> Callable[[], object]:
        return lambda: confirm_admission(admission=admission, by=agent)

    def confirm_sheet(sheet: AttendanceSheet) -> Callable[[], object]:
        return lambda: confirm_sheets(sheets=[sheet], by=agent)

    _race(provider.office_id, [*map(confirm, admissions), *map(confirm_sheet, sheets)])


def _race(office_id: int, writes: list[Callable[[], object]]) -> None:
    """Runs `writes` at the same moment while a reader follows the feed's cursor: it sees every event."""
    start = (
        ChangeEvent.objects.filter(office_id=office_id).order_by("-pk").values_list("pk", flat=True).first()
        or 0
    )
    barrier = threading.Barrier(len(writes) + 1)
    done = threading.Event()
    seen: list[int] = []

    def write(one: Callable[[], object]) -> None:
        try:
            barrier.wait()
            one()
        finally:
            connections.close_all()

    def read() -> None:
        cursor = start
        try:
            barrier.wait()
            while True:
                finished = done.is_set()
                page = list(
                    ChangeEvent.objects.filter(office_id=office_id, pk__gt=cursor)
                    .order_by("pk")
                    .values_list("pk", flat=True)
                )
                seen.extend(page)
                cursor = page[-1] if page else cursor
                if finished:
                    return
        finally:
            connections.close_all()

    writers = [threading.Thread(target=write, args=[one]) for one in writes]
    reader = threading.Thread(target=read)
    for thread in [reader, *writers]:
        thread.start()
    for thread in writers:
        thread.join()
    done.set()
    reader.join()

    committed = list(
        ChangeEvent.objects.filter(office_id=office_id, pk__gt=start)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    assert len(committed) == len(writes)
    assert seen == committed
