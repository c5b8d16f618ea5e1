"""Attendance for the reports' tests: a recorded agreement of a family, its sheets, a change of its terms."""

from datetime import date, time, timedelta

import factory

from portail.agreements.models import AgreementVersion, Basis, Status
from portail.attendance.models import AttendanceSheet, Day
from portail.attendance.models import Status as SheetStatus
from tests.agreements.factories import AgreementFactory, ConfirmedAdmissionFactory
from tests.families.factories import ChildFactory, FamilyFileFactory


def recorded_agreement(
    *, provider, parent=None, start: date, basis: str = Basis.FULL_DAY, subsidized=True, **kwargs
):
    """A recorded agreement of `parent`'s child (a new family's when none) at `provider` from `start`."""
    family = FamilyFileFactory(parent=parent) if parent is not None else FamilyFileFactory()
    admission = ConfirmedAdmissionFactory(
        child=ChildFactory(family=family, birth_date=start - timedelta(days=3 * 365)),
        provider=provider,
        planned_start_date=start,
    )
    agreement = AgreementFactory(
        admission=admission,
        status=kwargs.pop("status", Status.RECORDED),
        version__subsidized=subsidized,
        **kwargs,
    )
    if basis != Basis.FULL_DAY:
        agreement.versions.update(basis=basis, arrival=time(8, 0), departure=time(11, 30))
    return agreement


def change_terms(agreement, *, effective_from: date, basis: str, subsidized: bool = True) -> AgreementVersion:
    """New terms from a date, the version in force closed the day before (as `add_version` does)."""
    current = agreement.versions.get(effective_until__isnull=True)
    current.effective_until = effective_from - timedelta(days=1)
    current.save()
    half = basis == Basis.HALF_DAY
    return AgreementVersion.objects.create(
        agreement=agreement,
        effective_from=effective_from,
        basis=basis,
        days=31,
        arrival=time(8, 0),
        departure=time(11, 30) if half else time(17, 0),
        subsidized=subsidized,
        signed_on=effective_from,
        created_by=current.created_by,
    )


def days(*marks: tuple[int, str]) -> str:
    """A sheet's 28 days, nothing entered but `(index, code)`'s."""
    codes = [Day.NONE] * 28
    for index, code in marks:
        codes[index] = code
    return "".join(codes)


class SheetFactory(factory.django.DjangoModelFactory[AttendanceSheet]):
    class Meta:
        model = AttendanceSheet

    agreement = factory.SubFactory(AgreementFactory)
    provider = factory.LazyAttribute(lambda sheet: sheet.agreement.admission.provider)
    period_start = date(2025, 9, 1)
    status = SheetStatus.DRAFT
    days = Day.EMPTY
