"""Attendance: a recorded agreement with its version, and its sheets."""

import factory

from portail.agreements.models import Status as AgreementStatus
from portail.attendance.models import AttendanceSheet, Day, Status
from tests.agreements.factories import AgreementFactory


class RecordedAgreementFactory(AgreementFactory):
    status = AgreementStatus.RECORDED


class SheetFactory(factory.django.DjangoModelFactory[AttendanceSheet]):
    class Meta:
        model = AttendanceSheet

    agreement = factory.SubFactory(RecordedAgreementFactory)
    provider = factory.LazyAttribute(lambda sheet: sheet.agreement.admission.provider)
    status = Status.DRAFT
    days = Day.EMPTY
