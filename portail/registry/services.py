"""Writes to the register: entries, their homes and their history; the office's agents."""

from datetime import date
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portail.accounts.models import Role, User
from portail.accounts.permissions import is_ministry_staff, is_office_admin
from portail.registry.capacity import busiest_days, stays_holding_a_place
from portail.registry.geo import approximate_position
from portail.registry.models import CoordinatingOffice, OfficeAgent, Provider, ProviderHome, RecognitionStatus
from portail.registry.rules import CAPACITY_FIELDS, SUBSIDIZED_FIELDS, SUSPENSION_FIELDS, entry_errors
from portail.registry.tasks import send_agent_invitation, send_new_agent_notice

# What may change in an entry after it is entered; the office, the number and the account do not.
PROVIDER_FIELDS = frozenset(
    {
        "first_name",
        "last_name",
        "service_name",
        "email",
        "phone",
        "municipality",
        "recognition_date",
        "status",
        "capacity",
        "subsidized_places",
        "has_assistant",
        "suspension_start",
        "suspension_planned_return",
        "show_before_return",
    }
)
HOME_FIELDS = frozenset({"street_address", "postal_code", "latitude", "longitude"})


def public_position_of(*, register_number: str, latitude: float, longitude: float) -> tuple[float, float]:
    """The approximate position the public sees for a home (docs/privacy.md)."""
    return approximate_position(
        lat=latitude, lon=longitude, register_number=register_number, secret=settings.PUBLIC_POSITION_SECRET
    )


def _record_as(instance: Provider | ProviderHome, *, by: User | None, reason: str | None) -> None:
    # django-simple-history reads these on save: set here, imports and the API record them too.
    # Without `by`, it falls back on the request's user (HistoryRequestMiddleware).
    if by is not None:
        instance._history_user = by  # type: ignore[union-attr]
    instance._change_reason = reason  # type: ignore[union-attr]


@transaction.atomic
def create_provider(
    *,
    office: CoordinatingOffice,
    register_number: str,
    first_name: str,
    last_name: str,
    municipality: str,
    recognition_date: date,
    capacity: int,
    street_address: str,
    postal_code: str,
    latitude: float,
    longitude: float,
    by: User | None = None,
    reason: str | None = None,
    **fields: Any,
) -> Provider:
    """Enters a provider in the register, with its private home and its derived public position."""
    if fields.get("user") is not None and fields.get("joined_portal_at") is None:
        # Entered with its account: it joins the portal now (provider_account_has_joined).
        fields["joined_portal_at"] = timezone.now()
    public_lat, public_lon = public_position_of(
        register_number=register_number, latitude=latitude, longitude=longitude
    )
    provider = Provider(
        office=office,
        register_number=register_number,
        first_name=first_name,
        last_name=last_name,
        municipality=municipality,
        recognition_date=recognition_date,
        capacity=capacity,
        public_latitude=public_lat,
        public_longitude=public_lon,
        **fields,
    )
    _record_as(provider, by=by, reason=reason)
    provider.save(force_insert=True)
    home = ProviderHome(
        provider=provider,
        street_address=street_address,
        postal_code=postal_code,
        latitude=latitude,
        longitude=longitude,
    )
    _record_as(home, by=by, reason=reason)
    home.save(force_insert=True)
    return provider


def pending_changes(*, provider: Provider, changes: dict[str, Any]) -> dict[str, Any]:
    """The changes that differ from the entry and its home as they are; refuses a field one may not change."""
    unknown = set(changes) - PROVIDER_FIELDS - HOME_FIELDS
    if unknown:
        raise TypeError(f"These fields of the register cannot be changed: {sorted(unknown)}")
    return {
        name: value
        for name, value in changes.items()
        if getattr(provider.home if name in HOME_FIELDS else provider, name) != value
    }


@transaction.atomic
def update_provider(*, provider: Provider, by: User | None, reason: str, **changes: Any) -> Provider:
    """Changes an entry and its home, recording who and why in their history; nothing if nothing differs."""
    locked = Provider.objects.select_for_update(of=("self",)).select_related("home").get(pk=provider.pk)
    changed = pending_changes(provider=locked, changes=changes)
    if not changed:
        return locked
    _refuse_broken_rules(locked, changed)
    _refuse_below_places_held(locked, changed)
    entry_changes = {name: value for name, value in changed.items() if name not in HOME_FIELDS}
    if locked.status == RecognitionStatus.SUSPENDED and changed.get("status", locked.status) != locked.status:
        # The suspension is over: its dates and the early display go with it.
        entry_changes |= {
            "suspension_start": None,
            "suspension_planned_return": None,
            "show_before_return": False,
        }
    if len(entry_changes) < len(changed):
        home = locked.home
        for name, value in changed.items():
            if name in HOME_FIELDS:
                setattr(home, name, value)
        _record_as(home, by=by, reason=reason)
        home.save()
        position = public_position_of(
            register_number=locked.register_number, latitude=home.latitude, longitude=home.longitude
        )
        if position != (locked.public_latitude, locked.public_longitude):
            entry_changes["public_latitude"], entry_changes["public_longitude"] = position
    if entry_changes:
        for name, value in entry_changes.items():
            setattr(locked, name, value)
        _record_as(locked, by=by, reason=reason)
        locked.save()
    return locked


def _refuse_broken_rules(provider: Provider, changes: dict[str, Any]) -> None:
    """Refuses an edit that breaks the entry's rules (registry.rules) — for the import and the API as for
    the form — judged on the entry as it would be, by the rules whose fields the edit touches."""
    names = CAPACITY_FIELDS | SUBSIDIZED_FIELDS | SUSPENSION_FIELDS
    values = {name: changes.get(name, getattr(provider, name)) for name in names}
    errors = entry_errors(values, touched=frozenset(changes))
    if errors:
        raise ValidationError(
            {field: ValidationError(message, code="invalid_entry") for field, message in errors.items()}
        )


def _refuse_below_places_held(provider: Provider, changes: dict[str, Any]) -> None:
    """Refuses a lower capacity, or the assistant's removal, that the children holding a place would exceed
    on some day from today on, with the numbers. The caller holds the provider's row locked, as
    `admissions.services.admit_child` does, so no admission can slip in between the count and the save."""
    capacity = changes.get("capacity", provider.capacity)
    has_assistant = changes.get("has_assistant", provider.has_assistant)
    lowered = capacity < provider.capacity
    infant_limit = Provider.infant_limit_with(has_assistant=has_assistant)
    tightened = infant_limit < provider.infant_limit
    if not (lowered or tightened):
        return
    today = timezone.localdate()
    children, infants = busiest_days(stays_holding_a_place(provider, today), from_day=today)
    errors = []
    if lowered and children.count > capacity:
        errors.append(
            _("%(count)s children hold a place on %(day)s: the capacity cannot go down to %(capacity)s.")
            % {"count": children.count, "day": children.day.isoformat(), "capacity": capacity}
        )
    if tightened and infants.count > infant_limit:
        errors.append(
            _("%(count)s children under 18 months hold a place on %(day)s: the assistant cannot be removed.")
            % {"count": infants.count, "day": infants.day.isoformat()}
        )
    if errors:
        # Each message carries the code: Django drops a list's own code (the API answers `places_held`).
        raise ValidationError([ValidationError(error, code="places_held") for error in errors])


def _active_admins(office: CoordinatingOffice) -> int:
    return OfficeAgent.objects.filter(office=office, role=OfficeAgent.Role.ADMIN, is_active=True).count()


@transaction.atomic
def add_office_agent(
    *, office: CoordinatingOffice, email: str, first_name: str, last_name: str, role: str, by: User
) -> OfficeAgent | None:
    """Makes a person an agent of the office and invites them by e-mail; None if the address cannot be one.

    The office's admin is told the same either way: it must not learn whether an address has an account, or
    of which kind. Only a new account, or an agent's account without another office, becomes an agent.
    """
    if not is_office_admin(by) or by.office_agent.office_id != office.pk:
        raise PermissionDenied
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    agent: OfficeAgent | None
    if user is None:
        # No password: the agent chooses one with « Mot de passe oublié ? » on the sign-in page.
        user = User.objects.create_user(
            email, None, role=Role.OFFICE_AGENT, first_name=first_name, last_name=last_name
        )
        agent = OfficeAgent.objects.create(user=user, office=office, role=role)
    else:
        agent = OfficeAgent.objects.filter(user=user).first()
        if agent is not None and agent.office_id == office.pk and agent.is_active:
            # Already in the office's own list of agents: saying so reveals nothing.
            raise ValidationError(_("This person is already an agent of your office."))
        if user.role != Role.OFFICE_AGENT or (agent is not None and agent.office_id != office.pk):
            return None
        if agent is None:
            agent = OfficeAgent.objects.create(user=user, office=office, role=role)
        else:
            agent.role, agent.is_active = role, True
            agent.save(update_fields=["role", "is_active"])
    transaction.on_commit(partial(send_agent_invitation.enqueue, agent_id=agent.pk))
    return agent


@transaction.atomic
def update_office_agent(*, agent: OfficeAgent, by: User, role: str, is_active: bool) -> OfficeAgent:
    """Changes an agent's role or membership; the office always keeps an active administrator."""
    # Locking the office's admins: two admins demoting each other at once cannot leave none.
    list(
        OfficeAgent.objects.select_for_update().filter(office_id=agent.office_id, role=OfficeAgent.Role.ADMIN)
    )
    agent.refresh_from_db()
    if not is_active and agent.user_id == by.pk:
        raise ValidationError(_("You cannot deactivate yourself."))
    was_active_admin = agent.is_active and agent.role == OfficeAgent.Role.ADMIN
    stays_active_admin = is_active and role == OfficeAgent.Role.ADMIN
    if was_active_admin and not stays_active_admin and _active_admins(agent.office) == 1:
        raise ValidationError(_("The office must keep at least one active administrator."))
    agent.role, agent.is_active = role, is_active
    agent.save(update_fields=["role", "is_active"])
    return agent


def agent_added_by_ministry(*, agent: OfficeAgent, by: User) -> None:
    """Ministry staff made someone an agent of an office (the admin): the office's administrators are told
    after commit, so that no one joins an office's side of children's files unseen (an agent's account made
    on a ministry mailbox, say)."""
    if not is_ministry_staff(by):
        raise PermissionDenied
    transaction.on_commit(partial(send_new_agent_notice.enqueue, agent_id=agent.pk))
