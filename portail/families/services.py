"""Writes to family files: guardians, a child's registration, the services chosen for a child."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from portail.accounts.models import Role, User
from portail.accounts.permissions import has_role
from portail.admissions.models import HOLDING_A_PLACE, Admission
from portail.families import numbers
from portail.families.models import Child, Choice, FamilyFile, Guardian
from portail.families.phones import normalize_phone
from portail.families.rules import check_birth_date, check_desired_start
from portail.families.tasks import send_registration_confirmation
from portail.registry.models import Facility, Provider

NUMBER_ATTEMPTS = 5


def family_file_of(parent: User) -> FamilyFile:
    """The parent's family file, created on first use."""
    family, _created = FamilyFile.objects.get_or_create(parent=parent)
    return family


@transaction.atomic
def save_guardians(*, family: FamilyFile, guardians: list[Guardian], removed: list[Guardian]) -> None:
    """Keeps the one or two guardians given, numbered in order; each phone a North-American number (a
    provider calls it), refused otherwise whatever the caller checked."""
    for guardian in guardians:
        guardian.phone = normalize_phone(guardian.phone)
    for guardian in removed:
        if guardian.pk:
            guardian.delete()
    for position, guardian in enumerate(guardians, start=1):
        guardian.family = family
        guardian.position = position
        guardian.save()


@transaction.atomic
def register_child(
    *,
    family: FamilyFile,
    first_name: str,
    last_name: str,
    birth_date: date,
    desired_start_date: date,
    schedule_days: int,
    schedule_kind: str,
    accepts_partial_match: bool,
    accepts_replacement: bool,
    has_special_needs: bool,
    special_needs_note: str = "",
) -> Child:
    """Registers a child with a new registration number, and e-mails the confirmation after commit."""
    today = timezone.localdate()
    check_birth_date(birth_date, today=today)
    check_desired_start(desired_start_date, today=today)
    for _attempt in range(NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                child = Child.objects.create(
                    family=family,
                    registration_number=numbers.generate(),
                    first_name=first_name,
                    last_name=last_name,
                    birth_date=birth_date,
                    desired_start_date=desired_start_date,
                    schedule_days=schedule_days,
                    schedule_kind=schedule_kind,
                    accepts_partial_match=accepts_partial_match,
                    accepts_replacement=accepts_replacement,
                    has_special_needs=has_special_needs,
                    special_needs_note=special_needs_note,
                )
            break
        except IntegrityError:
            # Another child drew the same number (one chance in 5·10¹¹): draw again.
            continue
    else:
        raise RuntimeError("Could not draw a free registration number.")
    transaction.on_commit(lambda: send_registration_confirmation.enqueue(child_id=child.pk))
    return child


@transaction.atomic
def change_child_wishes(
    *,
    child: Child,
    by: User,
    desired_start_date: date,
    schedule_days: int,
    schedule_kind: str,
    accepts_partial_match: bool,
    accepts_replacement: bool,
) -> Child:
    """Changes what the parent wishes for a child, and every choice's copy of the date with it."""
    # The child's own parent only; its row locked, so that two changes at once apply one after the other.
    if not has_role(by, Role.PARENT):
        raise PermissionDenied
    locked = Child.objects.visible_to(by).select_for_update().filter(pk=child.pk).first()
    if locked is None:
        raise PermissionDenied
    check_desired_start(desired_start_date, today=timezone.localdate())
    locked.desired_start_date = desired_start_date
    locked.schedule_days = schedule_days
    locked.schedule_kind = schedule_kind
    locked.accepts_partial_match = accepts_partial_match
    locked.accepts_replacement = accepts_replacement
    locked.save(
        update_fields=[
            "desired_start_date",
            "schedule_days",
            "schedule_kind",
            "accepts_partial_match",
            "accepts_replacement",
        ]
    )
    # Choice.desired_start_date is the reserve's index copy: this service is the only one that moves it.
    locked.choices.update(desired_start_date=desired_start_date)
    return locked


@transaction.atomic
def add_choice(*, child: Child, provider: Provider | None = None, facility: Facility | None = None) -> Choice:
    """Adds a service to a child's choices; a provider's reserve holds the child from now on."""
    return Choice.objects.create(
        child=child, provider=provider, facility=facility, desired_start_date=child.desired_start_date
    )


@transaction.atomic
def remove_choice(*, choice: Choice) -> None:
    """Withdraws a service from a child's choices (and the child from that provider's reserve)."""
    choice.delete()


@transaction.atomic
def withdraw_other_choices(*, child: Child) -> int:
    """Once a child holds a place, withdraws its choices of every other service; returns how many."""
    holding = Admission.objects.filter(child=child, status__in=HOLDING_A_PLACE).values("provider_id")
    deleted, _per_model = child.choices.exclude(provider_id__in=holding).delete()
    return deleted
