"""Who may admit, confirm or refuse: small predicates, the same rules as the querysets of views."""

from typing import Any

from portail.accounts.models import Role
from portail.accounts.permissions import has_role
from portail.admissions.models import Admission, Delegation
from portail.registry.models import Provider


def can_admit_for(user: Any, provider: Provider) -> bool:
    """The provider itself, or an agent of its office while the provider's delegation is on."""
    if has_role(user, Role.PROVIDER) and provider.user_id == user.pk:
        return True
    return (
        has_role(user, Role.OFFICE_AGENT)
        and user.office_agent.office_id == provider.office_id
        and Delegation.objects.filter(provider=provider, is_active=True).exists()
    )


def can_confirm(user: Any, admission: Admission) -> bool:
    """An agent of the admitting provider's office."""
    return has_role(user, Role.OFFICE_AGENT) and user.office_agent.office_id == admission.provider.office_id


def can_cancel(user: Any, admission: Admission) -> bool:
    """The provider itself (before its office confirms: the state machine says when)."""
    return has_role(user, Role.PROVIDER) and admission.provider.user_id == user.pk
