"""Writes the change feed: one row per step of an admission, an agreement or an attendance sheet and per
register change,
in the same transaction as the change (connected in ApiConfig.ready: the domain apps know nothing of it)."""

from typing import Any

from django.db import transaction

from portail.admissions.models import AdmissionEvent, Status
from portail.agreements.models import AgreementEvent, Step
from portail.api.models import ChangeEvent, EventKind
from portail.attendance.models import SheetEvent
from portail.attendance.models import Status as SheetStatus
from portail.registry.models import CoordinatingOffice, Provider

ADMISSION_KINDS: dict[str, EventKind] = {
    Status.ADMITTED: EventKind.ADMISSION_CREATED,
    Status.CONFIRMED: EventKind.ADMISSION_CONFIRMED,
    Status.REFUSED: EventKind.ADMISSION_REFUSED,
}

SHEET_KINDS: dict[str, EventKind] = {
    SheetStatus.SUBMITTED: EventKind.ATTENDANCE_SUBMITTED,  # also a correction after the signature
    SheetStatus.SIGNED: EventKind.ATTENDANCE_SIGNED,
    SheetStatus.CONTESTED: EventKind.ATTENDANCE_CONTESTED,
    SheetStatus.CONFIRMED: EventKind.ATTENDANCE_CONFIRMED,
    SheetStatus.RETURNED: EventKind.ATTENDANCE_RETURNED,
}


def _write(*, office_id: int, kind: str, object_id: int, status: str) -> None:
    # The office's row is held until the commit, so that an office's events commit in the order of their
    # ids: a reader following the cursor never skips one committed late (PostgreSQL; SQLite writes one at
    # a time).
    # (A write outside any transaction, a script's say, takes the lock for its own insert only.)
    with transaction.atomic():
        CoordinatingOffice.objects.select_for_update().filter(pk=office_id).values_list("pk").first()
        ChangeEvent.objects.create(office_id=office_id, kind=kind, object_id=object_id, status=status)


def admission_step(sender: Any, instance: AdmissionEvent, created: bool, **kwargs: Any) -> None:
    if not created:
        return
    admission = instance.admission
    kind = ADMISSION_KINDS.get(instance.to_status, EventKind.ADMISSION_CHANGED)
    if instance.from_status == instance.to_status:
        kind = EventKind.ADMISSION_CHANGED  # a new start date, confirmed by the office
    _write(
        office_id=admission.provider.office_id, kind=kind, object_id=admission.pk, status=instance.to_status
    )


def agreement_step(sender: Any, instance: AgreementEvent, created: bool, **kwargs: Any) -> None:
    if not created:
        return
    agreement = instance.agreement
    kind = EventKind.AGREEMENT_VERSION if instance.step == Step.VERSION else EventKind.AGREEMENT_STEP
    _write(
        office_id=agreement.admission.provider.office_id,
        kind=kind,
        object_id=agreement.pk,
        status=instance.to_status,
    )


def register_change(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if created:
        _write(
            office_id=instance.office_id,
            kind=EventKind.PROVIDER_CHANGED,
            object_id=instance.id,
            status=instance.status,
        )


def _sheet_kind(event: SheetEvent) -> EventKind | None:
    # A change of status only: a returned sheet corrected stays returned (a new version, no new step).
    if event.from_status == event.to_status:
        return None
    return SHEET_KINDS.get(event.to_status)


def sheet_step(sender: Any, instance: SheetEvent, created: bool, **kwargs: Any) -> None:
    kind = _sheet_kind(instance)
    if not created or kind is None:
        return
    sheet = instance.sheet
    office_id = Provider.objects.filter(pk=sheet.provider_id).values_list("office_id", flat=True).get()
    _write(office_id=office_id, kind=kind, object_id=sheet.pk, status=instance.to_status)


def sheet_steps(sender: Any, events: list[SheetEvent], **kwargs: Any) -> None:
    """The steps an upload wrote in bulk (attendance.signals): one row each, each office locked once, in
    the order of the steps."""
    steps = [(event, kind) for event in events if (kind := _sheet_kind(event)) is not None]
    if not steps:
        return
    provider_ids = {event.sheet.provider_id for event, _kind in steps}
    offices = dict(Provider.objects.filter(pk__in=provider_ids).values_list("pk", "office_id"))
    with transaction.atomic():
        for office_id in sorted(set(offices.values())):
            CoordinatingOffice.objects.select_for_update().filter(pk=office_id).values_list("pk").first()
        ChangeEvent.objects.bulk_create(
            ChangeEvent(
                office_id=offices[event.sheet.provider_id],
                kind=kind,
                object_id=event.sheet.pk,
                status=event.to_status,
            )
            for event, kind in steps
        )
