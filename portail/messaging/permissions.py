"""Who may write where: an office's agents for its providers, a provider in its own threads."""

from typing import Any

from portail.accounts.models import Role
from portail.accounts.permissions import has_role
from portail.messaging.models import Side, Thread
from portail.registry.models import Provider


def side_of(user: Any, thread: Thread) -> Side | None:
    """The side a user speaks for in a thread: its office's agents, its provider, or none."""
    if has_role(user, Role.OFFICE_AGENT) and user.office_agent.office_id == thread.office_id:
        return Side.OFFICE
    provider = getattr(user, "provider", None) if has_role(user, Role.PROVIDER) else None
    if provider is not None and provider.pk == thread.provider_id:
        return Side.PROVIDER
    return None


def writes_to(user: Any, provider: Provider) -> bool:
    """An active agent writes to the providers of its own office only."""
    return has_role(user, Role.OFFICE_AGENT) and user.office_agent.office_id == provider.office_id


def writes_to_office(user: Any, provider: Provider) -> bool:
    """A provider writes to its own office only, about its own entry."""
    return has_role(user, Role.PROVIDER) and getattr(user, "provider", None) == provider


def writes_in(user: Any, thread: Thread) -> bool:
    return side_of(user, thread) is not None
