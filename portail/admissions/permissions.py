"""Who may admit, confirm, refuse, cancel, end or delegate: small predicates that guard both the button
and the write (services call them with their `by`), the same rules as the querysets of views."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from portail.accounts.models import Role
from portail.accounts.permissions import has_role
from portail.admissions.models import Admission, Delegation
from portail.registry.models import Provider
from portail.registry.permissions import reads_children


def _is_the_provider(user: Any, provider: Provider) -> bool:
    return has_role(user, Role.PROVIDER) and provider.user_id == user.pk


def _agent_of_office(user: Any, provider: Provider) -> bool:
    return has_role(user, Role.OFFICE_AGENT) and user.office_agent.office_id == provider.office_id


def delegates_to_office(provider: Provider) -> bool:
    """Whether the provider's delegation is on; read from `provider.delegation` when a batch fetched it
    with the provider (`select_related("delegation")`), else asked."""
    if Provider._meta.get_field("delegation").is_cached(provider):
        delegation = getattr(provider, "delegation", None)
        return delegation is not None and delegation.is_active
    return Delegation.objects.filter(provider=provider, is_active=True).exists()


class NotDelegated(PermissionDenied):
    """Refused to an agent of the provider's office only because the provider's delegation is off: the API
    says so (403 `not_delegated`), a screen refuses it as any other."""

    message = _("The provider has not authorized its office to act for it.")


def admitting_refusal(user: Any, provider: Provider) -> PermissionDenied | None:
    """None for the provider itself, or an agent of its office while the provider's delegation is on; in both
    cases only while the provider's recognition is in force. Else the refusal. The same rule opens look-ups
    by number."""
    if not reads_children(provider):
        return PermissionDenied()
    if _is_the_provider(user, provider):
        return None
    if not _agent_of_office(user, provider):
        return PermissionDenied()
    return None if delegates_to_office(provider) else NotDelegated()


def can_admit_for(user: Any, provider: Provider) -> bool:
    return admitting_refusal(user, provider) is None


def can_confirm(user: Any, admission: Admission) -> bool:
    """An agent of the admitting provider's office confirms or refuses (the state machine says when)."""
    return _agent_of_office(user, admission.provider)


def can_end(user: Any, admission: Admission, *, ending_agreement: bool = False) -> bool:
    """An agent of the provider's office records the end of services; when they end with the service
    agreement (agreements.services.end_agreement), the provider itself or the child's parent too."""
    if _agent_of_office(user, admission.provider):
        return True
    if not ending_agreement:
        return False
    is_parent = has_role(user, Role.PARENT) and admission.child.family.parent_id == user.pk
    return _is_the_provider(user, admission.provider) or is_parent


def can_cancel(user: Any, admission: Admission) -> bool:
    """The provider itself (before its office confirms: the state machine says when)."""
    return _is_the_provider(user, admission.provider)


def can_set_delegation(user: Any, provider: Provider) -> bool:
    """Only the provider itself turns its authorization for its office on or off."""
    return _is_the_provider(user, provider)


def sees_staff_names(user: Any, admission: Admission) -> bool:
    """The provider and its office see who took each step; a parent sees roles, never staff names."""
    return _is_the_provider(user, admission.provider) or _agent_of_office(user, admission.provider)
