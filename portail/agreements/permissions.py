"""Who may enter, record, return, decide, change or end an agreement: small predicates guarding both the
button and the write (services call them with their `by`)."""

from typing import Any

from portail.accounts.models import Role
from portail.accounts.permissions import has_role
from portail.admissions.models import Admission
from portail.agreements.models import Agreement
from portail.registry.models import Provider
from portail.registry.permissions import reads_admitted_children


def _is_the_provider(user: Any, provider: Provider) -> bool:
    return has_role(user, Role.PROVIDER) and provider.user_id == user.pk and reads_admitted_children(provider)


def _agent_of_office(user: Any, provider: Provider) -> bool:
    return (
        has_role(user, Role.OFFICE_AGENT)
        and user.office_agent.is_active
        and user.office_agent.office_id == provider.office_id
    )


def _parent_of(user: Any, admission: Admission) -> bool:
    return has_role(user, Role.PARENT) and admission.child.family.parent_id == user.pk


def can_enter(user: Any, admission: Admission) -> bool:
    """The provider concludes and enters the agreement; its office may enter it too (it holds the paper,
    or the provider delegates to it)."""
    return _is_the_provider(user, admission.provider) or _agent_of_office(user, admission.provider)


def can_record(user: Any, agreement: Agreement) -> bool:
    """An agent of the provider's office records, returns, and decides the reduced contribution."""
    return _agent_of_office(user, agreement.admission.provider)


def can_change(user: Any, agreement: Agreement) -> bool:
    """The provider or its office enters a new version (the state machine says when)."""
    return can_enter(user, agreement.admission)


def can_end(user: Any, agreement: Agreement) -> bool:
    """The parent, the provider or its office ends the services."""
    return can_enter(user, agreement.admission) or _parent_of(user, agreement.admission)


def ends_in_the_past(user: Any, agreement: Agreement) -> bool:
    """Only the office records an end already past (late paperwork)."""
    return _agent_of_office(user, agreement.admission.provider)


def sees_staff_names(user: Any, agreement: Agreement) -> bool:
    return can_enter(user, agreement.admission)
