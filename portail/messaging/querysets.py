"""Scoped reads of messaging: a user sees the threads of its side, and their messages and attachments."""

from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import F, Q

if TYPE_CHECKING:
    from portail.accounts.models import User

# A side has unread messages when the other side wrote after it last opened the thread.
UNREAD_BY_OFFICE = Q(last_from_provider_at__isnull=False) & (
    Q(office_read_at__isnull=True) | Q(last_from_provider_at__gt=F("office_read_at"))
)
UNREAD_BY_PROVIDER = Q(last_from_office_at__isnull=False) & (
    Q(provider_read_at__isnull=True) | Q(last_from_office_at__gt=F("provider_read_at"))
)


def _side(user: "User") -> tuple[str, Any] | None:
    """("office", office id) for an active agent, ("provider", provider id) for a provider, else None."""
    from portail.accounts.models import Role
    from portail.accounts.permissions import has_role

    if has_role(user, Role.OFFICE_AGENT):
        return "office", user.office_agent.office_id
    if has_role(user, Role.PROVIDER):
        provider = getattr(user, "provider", None)
        if provider is not None:
            return "provider", provider.pk
    return None


class ThreadQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: "User") -> "ThreadQuerySet":
        """An agent's office's threads, a provider's own; nobody else's."""
        side = _side(user) if user.is_authenticated else None
        if side is None:
            return self.none()
        kind, pk = side
        return self.filter(office_id=pk) if kind == "office" else self.filter(provider_id=pk)

    def unread_by(self, user: "User") -> "ThreadQuerySet":
        side = _side(user) if user.is_authenticated else None
        if side is None:
            return self.none()
        return self.visible_to(user).filter(UNREAD_BY_OFFICE if side[0] == "office" else UNREAD_BY_PROVIDER)


class AttachmentQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: "User") -> "AttachmentQuerySet":
        from portail.messaging.models import Thread

        return self.filter(message__thread__in=Thread.objects.visible_to(user))
