"""Reads of onboarding, always through the user's scope of the register."""

import enum
from typing import TYPE_CHECKING, Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from portail.onboarding import reminder_text
from portail.onboarding.models import ClaimCode, ReminderLog, ReminderTemplate
from portail.registry.models import CoordinatingOffice, Provider, RecognitionStatus
from portail.registry.querysets import JOINED, PUBLISHED
from portail.registry.selectors import BY_NAME

if TYPE_CHECKING:
    from portail.accounts.models import User

# Providers an office still works with; not renewed, revoked or ceased ones are not chased.
CURRENT = Q(status__in=[RecognitionStatus.RECOGNIZED, RecognitionStatus.SUSPENDED])


class Pending(enum.StrEnum):
    """Which providers the office's tracking list shows."""

    NOT_JOINED = "not_joined"
    NOT_PUBLISHED = "not_published"
    ALL = "all"

    @property
    def label(self) -> str:
        return str(PENDING_LABELS[self])


PENDING_LABELS = {
    Pending.NOT_JOINED: _("Not joined"),
    Pending.NOT_PUBLISHED: _("Joined, profile not published"),
    Pending.ALL: _("All who have not finished"),
}
PENDING_FILTERS = {
    Pending.NOT_JOINED: ~JOINED,
    Pending.NOT_PUBLISHED: JOINED & ~PUBLISHED,
    Pending.ALL: ~JOINED | ~PUBLISHED,
}


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def onboarding_counts(user: "User") -> dict[str, int]:
    """How many of the user's office's current providers joined the portal and published, in one query."""
    counts = (
        Provider.objects.visible_to(user)
        .filter(CURRENT)
        .aggregate(
            total=Count("pk"), joined=Count("pk", filter=JOINED), published=Count("pk", filter=PUBLISHED)
        )
    )
    return {
        **counts,
        "joined_percent": _percent(counts["joined"], counts["total"]),
        "published_percent": _percent(counts["published"], counts["total"]),
    }


def providers_to_chase(user: "User", *, pending: Pending) -> QuerySet[Provider]:
    """The user's office's current providers still to join or publish, with their last reminder's date."""
    last_reminder = (
        ReminderLog.objects.filter(provider=OuterRef("pk")).order_by("-sent_at").values("sent_at")[:1]
    )
    return (
        Provider.objects.visible_to(user)
        .filter(CURRENT)
        .filter(PENDING_FILTERS[pending])
        .annotate(last_reminder_at=Subquery(last_reminder))
        .order_by(*BY_NAME)
    )


def reminder_wording_of(office: CoordinatingOffice) -> tuple[str, str]:
    """The subject and message an office's reminders use: its own, or the default text."""
    template = ReminderTemplate.objects.filter(office=office).first()
    if template is None:
        return reminder_text.default_subject(), reminder_text.default_body()
    return template.subject, template.body


def reminder_wording_problems(office: CoordinatingOffice) -> list[str]:
    """What keeps an office's stored wording from being sent (an old text saved before today's rules)."""
    subject, body = reminder_wording_of(office)
    errors = reminder_text.wording_errors(subject=subject, body=body)
    return [message for messages in errors.values() for message in messages]


def reminders_visible_to(user: "User", provider: Provider) -> QuerySet[ReminderLog]:
    """The reminders sent to a provider, if the user may read its register entry."""
    return (
        ReminderLog.objects.filter(provider=provider, provider__in=Provider.objects.visible_to(user))
        .select_related("sent_by")
        .order_by("-sent_at")
    )


def open_claim_code_of(provider: Provider) -> ClaimCode | None:
    return ClaimCode.objects.filter(provider=provider, used_at__isnull=True, revoked_at__isnull=True).first()


def email_matches_several_entries(user: Any) -> bool:
    """Whether several register entries carry the account's e-mail, so that it must use a claim code."""
    return bool(user.email) and Provider.objects.filter(email__iexact=user.email).count() > 1
