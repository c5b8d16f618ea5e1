"""The change feed under concurrent writes (PostgreSQL): a reader following the cursor while admissions are
confirmed at the same moment sees every event once, in id order, none skipped by a late commit."""

import threading

import pytest
from django.db import connection, connections

from portail.admissions.models import Admission, Status
from portail.admissions.services import confirm_admission
from portail.api.models import ChangeEvent
from tests.admissions.factories import AdmissionFactory

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
    office_id = provider.office_id
    start = (
        ChangeEvent.objects.filter(office_id=office_id).order_by("-pk").values_list("pk", flat=True).first()
        or 0
    )
    barrier = threading.Barrier(WRITERS + 1)
    done = threading.Event()
    seen: list[int] = []

    def write(admission: Admission) -> None:
        try:
            barrier.wait()
            confirm_admission(admission=admission, by=agent)
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

    writers = [threading.Thread(target=write, args=[admission]) for admission in admissions]
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
    assert len(committed) == WRITERS
    assert seen == committed
