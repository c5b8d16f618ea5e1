"""Benchmarks of the office's attendance totals for a period (its biggest office), timed by `manage.py bench`.

The period timed is the one holding the most sheets. If the data set holds no attendance (a Québec-scale
seed made before the demo generator wrote any), the setup first writes one period of sheets in bulk for
every recorded agreement of Québec, days drawn from each agreement's days of attendance, and says so."""

import random
import sys
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Max, Q
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portail.agreements.models import AgreementVersion
from portail.agreements.models import Status as AgreementStatus
from portail.attendance.counting import period_totals
from portail.attendance.models import AttendanceSheet, Day, Status
from portail.attendance.periods import Period, period_of
from portail.demo.benchmarking import Benchmark
from portail.registry.models import OfficeAgent

BATCH_SIZE = 2000


def _days(period: Period, weekdays: int, first: date, last: date | None, rng: random.Random) -> str:
    codes = []
    for day in period.days:
        if day < first or (last is not None and day > last) or not weekdays & (1 << day.weekday()):
            codes.append(Day.NONE)
        else:
            codes.append(Day.PRESENT if rng.random() < 0.9 else Day.ABSENT)
    return "".join(codes)


def write_period(period: Period, *, seed: int = 14) -> int:
    """One sheet per agreement recorded (or ended) in force during `period`, in bulk; some signed, most
    confirmed. Returns how many."""
    rng = random.Random(seed)
    versions = (
        AgreementVersion.objects.filter(
            agreement__status__in=[AgreementStatus.RECORDED, AgreementStatus.ENDED],
            effective_from__lte=period.end,
        )
        .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=period.start))
        .filter(Q(agreement__end_date__isnull=True) | Q(agreement__end_date__gte=period.start))
        .order_by("agreement_id", "effective_from")
        .values_list(
            "agreement_id",
            "agreement__admission__provider_id",
            "agreement__admission__child__family__parent_id",
            "effective_from",
            "agreement__end_date",
            "days",
        )
    )
    sheets: dict[int, AttendanceSheet] = {}
    for agreement_id, provider_id, parent_id, effective_from, end_date, weekdays in versions.iterator(
        chunk_size=BATCH_SIZE
    ):
        if agreement_id in sheets:  # a second version in the period: the first one's days are kept
            continue
        status = rng.choices([Status.CONFIRMED, Status.SIGNED, Status.SUBMITTED], weights=[70, 20, 10])[0]
        signed = status in (Status.CONFIRMED, Status.SIGNED)
        sheets[agreement_id] = AttendanceSheet(
            agreement_id=agreement_id,
            provider_id=provider_id,
            period_start=period.start,
            status=status,
            days=_days(period, weekdays, effective_from, end_date, rng),
            submitted_on=period.end + timedelta(days=1),
            signed_on=period.end + timedelta(days=2) if signed else None,
            signed_by_id=parent_id if signed else None,
            confirmed_on=period.end + timedelta(days=4) if status == Status.CONFIRMED else None,
        )
    AttendanceSheet.objects.bulk_create(sheets.values(), batch_size=BATCH_SIZE)
    return len(sheets)


def _period_to_time() -> Period:
    """The period holding the most sheets; if there is none, one written for the occasion: the period after
    the last start of a recorded agreement (the demo's admissions start from next week on, so every past
    period would be empty), when every recorded agreement is in force."""
    busiest = (
        AttendanceSheet.objects.values("period_start")
        .annotate(sheets=Count("pk"))
        .order_by("-sheets")
        .first()
    )
    if busiest is not None:
        return Period(busiest["period_start"])
    latest = AgreementVersion.objects.filter(agreement__status=AgreementStatus.RECORDED).aggregate(
        latest=Max("effective_from")
    )["latest"]
    period = period_of(latest).next() if latest else period_of(timezone.localdate()).previous()
    written = write_period(period)
    print(f"attendance_totals: no attendance: wrote {written:,} sheets from {period.start}", file=sys.stderr)
    return period


def _biggest_office() -> dict[str, Any]:
    """An agent of the office with the most sheets in the period timed, and that period."""
    period = _period_to_time()
    biggest = (
        AttendanceSheet.objects.filter(period_start=period.start)
        .values("provider__office")
        .annotate(sheets=Count("pk"))
        .order_by("-sheets")
        .first()
    )
    office_id = biggest["provider__office"] if biggest else None
    agent = OfficeAgent.objects.select_related("user").filter(office_id=office_id, is_active=True).first()
    if agent is None:
        agent = OfficeAgent.objects.select_related("user").get(user__email="bc@demo.test")
    client = Client()
    client.force_login(agent.user)
    sheets = AttendanceSheet.objects.visible_to(agent.user).filter(period_start=period.start).count()
    print(f"attendance_totals: office {agent.office_id}, {sheets:,} sheets", file=sys.stderr)
    return {"client": client, "user": agent.user, "period": period}


def totals(fixture: dict[str, Any]) -> Any:
    """The counting: the office's sheets of the period (four columns), their versions, the providers."""
    return period_totals(AttendanceSheet.objects.visible_to(fixture["user"]), fixture["period"])


def totals_naive(fixture: dict[str, Any]) -> dict[int, list[int]]:
    """The naive way: every sheet as an object, each agreement's versions fetched alone, each day of the
    period matched to its version in Python."""
    period: Period = fixture["period"]
    found: dict[int, list[int]] = {}
    for sheet in AttendanceSheet.objects.visible_to(fixture["user"]).filter(period_start=period.start):
        versions = list(AgreementVersion.objects.filter(agreement_id=sheet.agreement_id))
        line = found.setdefault(sheet.provider_id, [0, 0, 0])
        used = False
        for index, day in enumerate(period.days):
            if sheet.days[index] not in Day.ATTENDED:
                continue
            for version in versions:
                if version.effective_from <= day and (
                    version.effective_until is None or day <= version.effective_until
                ):
                    line[1 if version.basis == "half_day" else 0] += 1
                    used = used or version.subsidized
                    break
        line[2] += used
    return found


def totals_page(fixture: dict[str, Any]) -> None:
    url = reverse("attendance_reports:totals") + f"?periode={fixture['period'].start.isoformat()}"
    assert fixture["client"].get(url).status_code == 200


def totals_csv(fixture: dict[str, Any]) -> None:
    url = reverse("attendance_reports:totals_export") + f"?periode={fixture['period'].start.isoformat()}"
    assert fixture["client"].get(url).status_code == 200


BENCHMARKS = [
    Benchmark(
        name="attendance totals of a period, biggest office",
        setup=_biggest_office,
        run=totals,
        baseline=totals_naive,
    ),
    Benchmark(name="attendance totals: whole request", setup=_biggest_office, run=totals_page),
    Benchmark(name="attendance totals: CSV, whole request", setup=_biggest_office, run=totals_csv),
]
