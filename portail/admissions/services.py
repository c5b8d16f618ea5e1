"""Writes of admissions: admit (never overbooking), confirm, refuse, cancel, end; delegation."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portail.accounts.models import User
from portail.admissions.models import (
    Admission,
    AdmissionEvent,
    Delegation,
    DelegationEvent,
    NumberLookup,
    Status,
    allows,
    holding_a_place_from,
)
from portail.admissions.permissions import (
    admitting_refusal,
    can_cancel,
    can_confirm,
    can_end,
    can_set_delegation,
)
from portail.admissions.rules import RuleBroken, Stay, check_places
from portail.admissions.selectors import LOOKUPS_PER_HOUR, lookups_in_the_last_hour
from portail.admissions.tasks import send_admission_email, send_start_date_change_to_provider
from portail.families import numbers
from portail.families.models import Child
from portail.registry.models import Provider, RecognitionStatus

MAX_DAYS_AHEAD = 548  # about 18 months


def _refuse_unless_allowed(admission: Admission, to: Status) -> None:
    if not allows(admission, to):
        raise RuleBroken(
            _("This admission is already « %(status)s »: it cannot be changed that way.")
            % {"status": admission.get_status_display()}
        )


def _transition(admission: Admission, to: Status, *, by: User, reason: str = "") -> Admission:
    """Moves an admission to a new status if its life allows it, and records the step."""
    _refuse_unless_allowed(admission, to)
    AdmissionEvent.objects.create(
        admission=admission, from_status=admission.status, to_status=to, by=by, reason=reason
    )
    admission.status = to
    admission.save(update_fields=["status", "end_date"])
    return admission


def _check_start_date(start_date: date, *, today: date) -> None:
    if start_date < today:
        raise RuleBroken(_("The planned start date cannot be in the past."))
    if start_date > today + timedelta(days=MAX_DAYS_AHEAD):
        raise RuleBroken(_("The planned start date cannot be more than 18 months ahead."))


def _check_places_on(
    locked_provider: Provider, *, child: Child, start_date: date, moving: Admission | None = None
) -> None:
    """Refuses a start on `start_date` that would break the capacity or the infant limit (the caller holds
    the provider's row lock); `moving` is the admission whose date changes, not counted twice."""
    # Ended admissions still hold their place until their end date.
    holding = Admission.objects.filter(
        holding_a_place_from(start_date), provider=locked_provider
    ).select_related("child")
    if moving is not None:
        holding = holding.exclude(pk=moving.pk)
    if any(admission.child_id == child.pk for admission in holding):
        raise RuleBroken(_("This child already holds a place with this provider for that period."))
    check_places(
        stays=[Stay(a.child.birth_date, a.planned_start_date, a.end_date) for a in holding],
        new=Stay(child.birth_date, start_date),
        capacity=locked_provider.capacity,
        infant_limit=locked_provider.infant_limit,
    )


@transaction.atomic
def admit_child(
    *, provider: Provider, child: Child, start_date: date, by: User, today: date | None = None
) -> Admission:
    """Admits a child at a provider from a planned start date, if every rule holds on that date.

    The provider's row is locked for the whole check and write, so two admissions at the same moment
    are checked one after the other and can never overbook it.
    """
    _check_start_date(start_date, today=today or timezone.localdate())
    if (refusal := admitting_refusal(by, provider)) is not None:
        raise refusal
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    if provider.status != RecognitionStatus.RECOGNIZED:
        raise RuleBroken(_("A provider whose recognition is not in force cannot admit children."))
    _check_places_on(provider, child=child, start_date=start_date)
    on_behalf = provider.user_id != by.pk
    try:
        with transaction.atomic():
            admission = Admission.objects.create(
                child=child,
                provider=provider,
                planned_start_date=start_date,
                admitted_by=by,
                on_behalf_of_provider=on_behalf,
            )
    except IntegrityError:
        raise RuleBroken(_("This child already holds a place with this provider for that period.")) from None
    AdmissionEvent.objects.create(
        admission=admission,
        to_status=Status.ADMITTED,
        by=by,
        reason=_("Admitted by the office for the provider") if on_behalf else "",
    )
    _tell_parent(admission, Status.ADMITTED)
    return admission


def _locked(admission: Admission) -> Admission:
    return Admission.objects.select_for_update().select_related("child", "provider").get(pk=admission.pk)


def _authorize(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _tell_parent(admission: Admission, step: Status, **details: str) -> None:
    """Queues the parent's e-mail about this step, once, after the commit."""
    transaction.on_commit(
        lambda: send_admission_email.enqueue(admission_id=admission.pk, step=step, **details)
    )


@transaction.atomic
def confirm_admission(
    *, admission: Admission, by: User, start_date: date | None = None, today: date | None = None
) -> Admission:
    """The office confirms the admission (once « mise en service ») and indicates the planned start date:
    the provider's, or another that keeps every rule of an admission on it. The parent is told, and the
    provider too when the date changed."""
    _authorize(can_confirm(by, admission))
    # The provider's row first, as admit_child locks it: a new date is checked against every other place.
    provider = Provider.objects.select_for_update().get(pk=admission.provider_id)
    admission = _locked(admission)
    _refuse_unless_allowed(admission, Status.CONFIRMED)
    previous, details = admission.planned_start_date, {}
    if start_date is not None and start_date != previous:
        _check_start_date(start_date, today=today or timezone.localdate())
        _check_places_on(provider, child=admission.child, start_date=start_date, moving=admission)
        admission.planned_start_date = start_date
        admission.save(update_fields=["planned_start_date"])
        AdmissionEvent.objects.create(
            admission=admission,
            from_status=admission.status,
            to_status=admission.status,
            by=by,
            reason=_("Planned start date changed by the office from %(before)s to %(after)s")
            % {"before": previous.isoformat(), "after": start_date.isoformat()},
        )
        transaction.on_commit(
            lambda: send_start_date_change_to_provider.enqueue(
                admission_id=admission.pk, previous_start=previous.isoformat()
            )
        )
        details["previous_start"] = previous.isoformat()
    admission = _transition(admission, Status.CONFIRMED, by=by)
    _tell_parent(admission, Status.CONFIRMED, **details)
    return admission


@transaction.atomic
def refuse_admission(*, admission: Admission, by: User, reason: str) -> Admission:
    """The office refuses the admission with a reason: the place is freed, and the parent told why."""
    admission = _locked(admission)
    _authorize(can_confirm(by, admission))
    if not reason.strip():
        raise RuleBroken(_("Give the reason for the refusal."))
    admission = _transition(admission, Status.REFUSED, by=by, reason=reason.strip())
    _tell_parent(admission, Status.REFUSED)
    return admission


@transaction.atomic
def cancel_admission(*, admission: Admission, by: User, reason: str) -> Admission:
    """The provider cancels, with a reason, an admission its office has not confirmed yet: the place is
    freed, and the parent told why."""
    admission = _locked(admission)
    _authorize(can_cancel(by, admission))
    if not reason.strip():
        raise RuleBroken(_("Give the reason for the cancellation."))
    admission = _transition(admission, Status.CANCELLED, by=by, reason=reason.strip())
    _tell_parent(admission, Status.CANCELLED)
    return admission


@transaction.atomic
def end_admission(
    *, admission: Admission, by: User, end_date: date, ending_agreement: bool = False
) -> Admission:
    """Ends a confirmed admission on a date: the place is free the day after. `ending_agreement`: called
    by the end of its service agreement, which the parent or the provider may also decide."""
    admission = _locked(admission)
    _authorize(can_end(by, admission, ending_agreement=ending_agreement))
    if end_date < admission.planned_start_date:
        raise RuleBroken(_("The end date cannot come before the start date."))
    admission.end_date = end_date
    return _transition(admission, Status.ENDED, by=by)


@transaction.atomic
def set_delegation(*, provider: Provider, active: bool, by: User) -> Delegation:
    """Turns on or off the provider's authorization for its office to admit children for it, recording
    who did it and when (a change that changes nothing records nothing)."""
    _authorize(can_set_delegation(by, provider))
    delegation, created = Delegation.objects.select_for_update().get_or_create(
        provider=provider, defaults={"is_active": active}
    )
    if created or delegation.is_active != active:
        delegation.is_active = active
        delegation.save(update_fields=["is_active", "changed_at"])
        DelegationEvent.objects.create(provider=provider, is_active=active, by=by)
    # The provider's own cached delegation (delegates_to_office reads it when loaded) is this one now.
    provider.delegation = delegation
    return delegation


NUMBER_MESSAGES = {
    "length": gettext_lazy("A registration number has 9 characters, like K7M-4QX-R2P."),
    "symbol": gettext_lazy(
        "This number has a character that registration numbers never use (0, 1, I, L, O, U, Z)."
    ),
    "check": gettext_lazy(
        "This number is not valid: check each character with the parent (a typo is likely)."
    ),
}


def look_up_number(*, provider: Provider, by: User, typed: str) -> Child:
    """Finds a child by the registration number its parent gave, logging every look-up, found or not.

    Refused past LOOKUPS_PER_HOUR look-ups an hour for a provider, so that numbers cannot be enumerated.
    """
    if (denied := admitting_refusal(by, provider)) is not None:
        raise denied
    typed = typed.strip()[:40]
    child, refusal = None, None
    with transaction.atomic():
        # One look-up at a time per provider, so that the hourly limit holds under concurrent requests.
        Provider.objects.select_for_update().filter(pk=provider.pk).first()
        if lookups_in_the_last_hour(provider) >= LOOKUPS_PER_HOUR:
            # Refused, but still recorded: an enumeration shows in the log even past the limit.
            refusal = _("Too many look-ups in the last hour: try again later.")
            NumberLookup.objects.create(provider=provider, by=by, typed=typed, found=None, refused=True)
        else:
            try:
                child = Child.objects.filter(registration_number=numbers.normalize(typed)).first()
            except numbers.InvalidNumber as error:
                refusal = str(NUMBER_MESSAGES[error.code])
            else:
                if child is None:
                    refusal = _("No child is registered with this number. Check it with the parent.")
            NumberLookup.objects.create(provider=provider, by=by, typed=typed, found=child)
    if refusal or child is None:
        raise RuleBroken(refusal)
    return child
