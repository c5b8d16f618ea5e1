"""Template tags of onboarding, for pages other apps render."""

from typing import Any

from django import template
from django.db.models import QuerySet

from portail.onboarding.models import ReminderLog
from portail.onboarding.selectors import reminders_visible_to
from portail.registry.models import Provider

register = template.Library()


@register.simple_tag(takes_context=True)
def reminders_of(context: dict[str, Any], provider: Provider) -> QuerySet[ReminderLog]:
    """The reminders sent to a provider, as the signed-in user may see them."""
    return reminders_visible_to(context["request"].user, provider)
