"""Scoped reads of the register: every list a user sees starts from one of these."""

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from portail.accounts.models import User

# The one definition of each, for counts (`Count(filter=JOINED)`) and for the methods below.
JOINED = Q(joined_portal_at__isnull=False)
PUBLISHED = Q(profile_published_at__isnull=False)


class ProviderQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: "User") -> "ProviderQuerySet":
        """The register entries a user may read: an agent its office's, a provider its own."""
        if not user.is_authenticated:
            return self.none()
        agent = getattr(user, "office_agent", None)
        if agent is not None and agent.is_active:
            return self.filter(office_id=agent.office_id)
        return self.filter(user=user)

    def joined(self) -> "ProviderQuerySet":
        """Entries that joined the portal: one linked to an account always has (a check constraint)."""
        return self.filter(JOINED)

    def not_joined(self) -> "ProviderQuerySet":
        return self.filter(~JOINED)

    def published(self) -> "ProviderQuerySet":
        """Entries whose profile parents see (the profile's stored version is only its content)."""
        return self.filter(PUBLISHED)

    def not_published(self) -> "ProviderQuerySet":
        return self.filter(~PUBLISHED)

    def shown_on_map(self, *, today: date, early_display_days: int) -> "ProviderQuerySet":
        """Recognized providers, and suspended ones returning soon whose office turned early display on."""
        return self.filter(
            Q(status="recognized")
            | Q(
                status="suspended",
                show_before_return=True,
                suspension_planned_return__lte=today + timedelta(days=early_display_days),
            )
        )
