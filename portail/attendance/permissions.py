"""Who keeps, signs, contests, confirms or returns an attendance sheet: small predicates guarding both the
button and the write (services call them with their `by`), built on the agreements' own."""

from typing import Any

from django.core.exceptions import PermissionDenied

from portail.accounts.models import Role
from portail.accounts.permissions import has_role
from portail.admissions.permissions import NotDelegated, delegates_to_office
from portail.agreements.models import Agreement
from portail.agreements.models import Status as AgreementStatus
from portail.agreements.permissions import can_change, can_record
from portail.attendance.models import AttendanceSheet
from portail.registry.models import Provider
from portail.registry.permissions import reads_admitted_children

# Attendance is kept for an agreement the office recorded, and kept correctable once it ended.
KEPT_FOR = (AgreementStatus.RECORDED, AgreementStatus.ENDED)


def keeps_attendance(user: Any, provider: Provider) -> bool:
    """The provider itself, while it reads its admitted children (a suspended provider still does)."""
    return has_role(user, Role.PROVIDER) and provider.user_id == user.pk and reads_admitted_children(provider)


def keeping_refusal(user: Any, agreement: Agreement) -> PermissionDenied | None:
    """None when `user` keeps the agreement's sheets, else the refusal. The provider of a recorded agreement
    fills them (the daily sheet is the provider's word); an active agent of its office — its management
    software uploading the days — only while the provider's delegation to the office is on, as for admitting
    for it (admissions.permissions.admitting_refusal)."""
    if agreement.status not in KEPT_FOR:
        return PermissionDenied()
    provider = agreement.admission.provider
    if keeps_attendance(user, provider):
        return None if can_change(user, agreement) else PermissionDenied()
    if not (can_record(user, agreement) and reads_admitted_children(provider)):
        return PermissionDenied()
    return None if delegates_to_office(provider) else NotDelegated()


def can_keep(user: Any, agreement: Agreement) -> bool:
    return keeping_refusal(user, agreement) is None


def can_sign(user: Any, sheet: AttendanceSheet) -> bool:
    """The child's parent signs or contests its own family's sheets."""
    return has_role(user, Role.PARENT) and sheet.agreement.admission.child.family.parent_id == user.pk


def can_confirm(user: Any, sheet: AttendanceSheet) -> bool:
    """An active agent of the provider's office confirms or returns a signed sheet."""
    return can_record(user, sheet.agreement)


def sees_staff_names(user: Any, sheet: AttendanceSheet) -> bool:
    return keeps_attendance(user, sheet.provider) or can_confirm(user, sheet)
