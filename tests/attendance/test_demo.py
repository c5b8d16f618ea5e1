"""The demo's attendance: a period for every recorded agreement, and the demo accounts' month."""

from datetime import date

import pytest
from django.utils import timezone

from portail.agreements.models import Agreement
from portail.agreements.models import Status as AgreementStatus
from portail.attendance.models import AbsenceAlert, AttendanceSheet, Closure, Status
from portail.attendance.periods import period_of
from portail.attendance.selectors import office_queue
from portail.demo.generator import SCALES, generate
from portail.registry.models import OfficeAgent

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 28)


def test_the_demo_has_a_month_of_attendance_and_a_queue_for_its_office():
    generate(scale=SCALES["tiny"], seed=1, today=TODAY)
    last = period_of(TODAY).previous()
    recorded = Agreement.objects.filter(
        status=AgreementStatus.RECORDED, versions__effective_from__lte=last.end
    )
    assert AttendanceSheet.objects.filter(period_start=last.start).count() == recorded.distinct().count()
    demo = AttendanceSheet.objects.filter(provider__user__email="rsge@demo.test")
    emile = demo.filter(agreement__admission__child__first_name="Émile")
    assert emile.get(period_start=last.start).status == Status.DRAFT  # for rsge@ to submit
    assert emile.get(period_start=last.previous().start).status == Status.SIGNED
    assert emile.get(period_start=last.previous().start).agreement.admission.child.family.parent.email == (
        "parent@demo.test"
    )
    assert demo.filter(status=Status.CONTESTED, events__to_status=Status.CONTESTED).exists()
    assert demo.filter(period_start=period_of(TODAY).start).exclude(days="-" * 28).exists()
    assert Closure.objects.filter(provider__user__email="rsge@demo.test").count() == 2
    agent = OfficeAgent.objects.get(user__email="bc@demo.test").user
    queue = list(office_queue(agent, today=TODAY))
    assert queue and queue[0].flagged
    assert AbsenceAlert.objects.filter(provider__office__agents__user=agent).exists()
    for sheet in AttendanceSheet.objects.all()[:500]:
        assert sheet.attended <= 20 or sheet.justification


def test_the_attendance_benchmarks_run_and_report_the_storage_of_a_period():
    from io import StringIO

    from django.core.management import call_command

    generate(scale=SCALES["tiny"], seed=1, today=timezone.localdate())
    out = StringIO()
    call_command("bench", "provider's", "office's queue", "--repeat", "2", "--warmup", "1", stdout=out)
    text = out.getvalue()
    assert (
        "attendance: provider's 4-week grid: rows" in text
        and "attendance: office's queue, whole request" in text
    )
    assert "MB for that period" in text
