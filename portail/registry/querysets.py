"""Scoped reads of the register: every list a user sees starts from one of these."""

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from portail.accounts.models import User


class ProviderQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: "User") -> "ProviderQuerySet":
        """The register entries a user may read: an agent its office's, a provider its own."""
        if not user.is_authenticated:
            return self.none()
        agent = getattr(user, "office_agent", None)
        if agent is not None and agent.is_active:
            return self.filter(office_id=agent.office_id)
        return self.filter(user=user)

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
