"""Benchmarks of attendance, timed by `manage.py bench`: the provider's day and its 4-week grid (the provider
with the most children attending), the office's queue for its biggest office; and the storage of a period."""

from datetime import timedelta
from typing import Any

from django.db import connection
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portail.agreements.models import Agreement, AgreementVersion
from portail.agreements.models import Status as AgreementStatus
from portail.attendance.models import AbsenceAlert, AttendanceSheet, Closure, Day, Status
from portail.attendance.periods import period_of
from portail.attendance.rules import Terms
from portail.attendance.selectors import office_queue, provider_rows
from portail.attendance.views import QUEUE_PAGE_SIZE
from portail.demo.benchmarking import Benchmark
from portail.registry.models import OfficeAgent, Provider


def _provider_with_most_children() -> dict[str, Any]:
    busiest = (
        Agreement.objects.filter(status=AgreementStatus.RECORDED, admission__provider__user__isnull=False)
        .values("admission__provider")
        .annotate(children=Count("pk"))
        .order_by("-children", "admission__provider")
        .first()
    )
    provider = Provider.objects.select_related("user").get(
        pk=busiest["admission__provider"]
        if busiest
        else Provider.objects.get(user__email="rsge@demo.test").pk
    )
    client = Client()
    client.force_login(provider.user)
    last = period_of(timezone.localdate()).previous()
    return {"client": client, "provider": provider, "last": last}


def _agent_of_the_biggest_office() -> dict[str, Any]:
    biggest = (
        AttendanceSheet.objects.filter(status=Status.SIGNED)
        .values("provider__office")
        .annotate(sheets=Count("pk"))
        .order_by("-sheets")
        .first()
    )
    agent = (
        OfficeAgent.objects.select_related("user")
        .filter(office_id=biggest["provider__office"] if biggest else None, is_active=True)
        .first()
    )
    if agent is None:  # no agent in the data set for that office: make one for the run's reads
        from portail.accounts.models import Role, User

        office_id = biggest["provider__office"] if biggest else None
        user, _ = User.objects.get_or_create(
            email=f"bench-office-{office_id}@example.test", defaults={"role": Role.OFFICE_AGENT}
        )
        agent, _ = OfficeAgent.objects.get_or_create(user=user, defaults={"office_id": office_id})
    client = Client()
    client.force_login(agent.user)
    return {"client": client, "user": agent.user}


def today_page(fixture: dict[str, Any]) -> None:
    assert fixture["client"].get(reverse("attendance:today")).status_code == 200


def grid_page(fixture: dict[str, Any]) -> None:
    response = fixture["client"].get(reverse("attendance:grid"), {"debut": fixture["last"].start.isoformat()})
    assert response.status_code == 200


def grid_rows(fixture: dict[str, Any]) -> list[Any]:
    """The selector: five queries for the provider's children over a period."""
    return provider_rows(fixture["provider"], period=fixture["last"], today=timezone.localdate())


def grid_rows_naive(fixture: dict[str, Any]) -> list[Any]:
    """The naive way: each child's agreement, versions, sheet and each day's closure fetched one by one."""
    provider, period = fixture["provider"], fixture["last"]
    rows = []
    for agreement in Agreement.objects.filter(admission__provider=provider, status=AgreementStatus.RECORDED):
        terms = Terms.of(agreement, AgreementVersion.objects.filter(agreement=agreement))
        sheet = AttendanceSheet.objects.filter(agreement=agreement, period_start=period.start).first()
        days = sheet.days if sheet else Day.EMPTY
        cells = [
            (code, terms.plans(day), Closure.objects.filter(provider=provider, day=day).exists())
            for code, day in zip(days, period.days, strict=True)
        ]
        rows.append((agreement.admission.child.first_name, cells))
    return rows


def queue_page(fixture: dict[str, Any]) -> None:
    assert fixture["client"].get(reverse("attendance:queue")).status_code == 200


def queue_rows(fixture: dict[str, Any]) -> list[Any]:
    """The selector: the first page of signed sheets, flags computed and sorted in SQL."""
    return [
        (sheet.agreement.admission.child.last_name, sheet.flagged, sheet.attended_days)  # type: ignore[attr-defined]
        for sheet in office_queue(fixture["user"], today=timezone.localdate())[:QUEUE_PAGE_SIZE]
    ]


def queue_naive(fixture: dict[str, Any]) -> list[Any]:
    """The naive way: every signed sheet of the office as objects, flags in Python (an alert query each)."""
    sheets = list(
        AttendanceSheet.objects.visible_to(fixture["user"])
        .filter(status=Status.SIGNED)
        .select_related("agreement__admission__child", "provider")
    )
    rows = []
    for sheet in sheets:
        long_absence = AbsenceAlert.objects.filter(agreement_id=sheet.agreement_id).exists()
        flagged = sheet.attended > 20 or Day.EXTRA in sheet.days or long_absence
        rows.append(
            (
                not flagged,
                sheet.period_start,
                sheet.provider.last_name,
                sheet.agreement.admission.child.last_name,
                sheet.pk,
            )
        )
    rows.sort()
    return rows[:QUEUE_PAGE_SIZE]


def storage_of_a_period() -> str:
    """The attendance sheets' table and indexes on disk, per full period of Québec (the table's share)."""
    last = period_of(timezone.localdate() - timedelta(days=28))
    rows = AttendanceSheet.objects.count()
    in_last = AttendanceSheet.objects.filter(period_start=last.start).count()
    table = AttendanceSheet._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size(%s)", [table])
        else:
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name = %s OR name IN "
                "(SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s)",
                [table, table],
            )
        size = cursor.fetchone()[0] or 0
    per_period = size * in_last / rows if rows else 0
    per_sheet = per_period / in_last if in_last else 0
    return (
        f"{rows:,} sheets ({in_last:,} in the period from {last.start}): {size / 1e6:.1f} MB with indexes, "
        f"{per_period / 1e6:.1f} MB for that period, {per_sheet:.0f} bytes a sheet"
    )


BENCHMARKS = [
    Benchmark(name="provider's day, whole request", setup=_provider_with_most_children, run=today_page),
    Benchmark(
        name="provider's 4-week grid, whole request", setup=_provider_with_most_children, run=grid_page
    ),
    Benchmark(
        name="provider's 4-week grid: rows",
        setup=_provider_with_most_children,
        run=grid_rows,
        baseline=grid_rows_naive,
    ),
    Benchmark(
        name="office's queue, biggest office: first page's rows",
        setup=_agent_of_the_biggest_office,
        run=queue_rows,
        baseline=queue_naive,
    ),
    Benchmark(name="office's queue, whole request", setup=_agent_of_the_biggest_office, run=queue_page),
]
FACTS = [storage_of_a_period]
