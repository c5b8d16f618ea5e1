"""Reads of the register for its office: the searched list, its counts, an entry's history, the agents."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Model, Q, QuerySet
from django.db.models.expressions import Combinable
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portail.accounts.models import SERVICE_ACCOUNT_DOMAIN
from portail.accounts.permissions import is_office_admin
from portail.core.text import Folded, any_contains
from portail.registry.models import OfficeAgent, Provider, ProviderHome, RecognitionStatus
from portail.registry.querysets import JOINED, PUBLISHED

if TYPE_CHECKING:
    from portail.accounts.models import User

# What a row of the office's list shows: nothing else is read, and nothing per row.
LIST_COLUMNS = [
    "pk",
    "register_number",
    "first_name",
    "last_name",
    "service_name",
    "municipality",
    "status",
    "capacity",
    "suspension_planned_return",
    "joined_portal_at",
    "profile_published_at",
]
# What the office's search looks in, case and accents aside.
SEARCHED = ["last_name", "first_name", "service_name", "register_number"]
# Names in the order of a French list: « Bédard » before « Brassard », then accents, then the entry.
BY_NAME: list[str | Combinable] = [Folded("last_name"), Folded("first_name"), "last_name", "first_name", "pk"]
# Who linked the account and where the public position lies are not the office's edits: left out.
HISTORY_EXCLUDED = ["office", "user"]


def register_counts(user: "User") -> dict[str, int]:
    """How many entries the user's office has, joined the portal, published and suspended, in one query."""
    return Provider.objects.visible_to(user).aggregate(
        total=Count("pk"),
        joined=Count("pk", filter=JOINED),
        published=Count("pk", filter=PUBLISHED),
        suspended=Count("pk", filter=Q(status=RecognitionStatus.SUSPENDED)),
    )


def returning_soon(today: date) -> Q:
    """Suspended entries whose planned return is within the early-display period."""
    return Q(
        status=RecognitionStatus.SUSPENDED,
        suspension_planned_return__gte=today,
        suspension_planned_return__lte=today + timedelta(days=settings.EARLY_DISPLAY_DAYS),
    )


def search_providers(
    user: "User", *, q: str, status: str, joined: str, published: str, returning: bool, today: date
) -> QuerySet[Provider]:
    """The user's office's entries matching a search by name or number and the list's filters, by name."""
    providers = Provider.objects.visible_to(user)
    for term in q.split():
        providers = providers.filter(any_contains(SEARCHED, term))
    if status:
        providers = providers.filter(status=status)
    if joined:
        providers = providers.joined() if joined == "yes" else providers.not_joined()
    if published:
        providers = providers.published() if published == "yes" else providers.not_published()
    if returning:
        providers = providers.filter(returning_soon(today))
    return providers.only(*LIST_COLUMNS).order_by(*BY_NAME)


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    reason: str
    created: bool
    changes: list[Change]


def _display(model: type[Model], name: str, value: Any) -> str:
    field = model._meta.get_field(name)
    if value is None or value == "":
        return "—"
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))  # type: ignore[union-attr]
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def _label(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    return str(getattr(field, "verbose_name", name)).capitalize()


def _entries(model: type[Model], records: list[Any]) -> list[HistoryEntry]:
    entries = []
    for previous, record in zip([None, *records], records, strict=False):
        if previous is None or record.history_type == "+":
            changes = []
        else:
            delta = record.diff_against(previous, excluded_fields=HISTORY_EXCLUDED)
            changes = [
                Change(
                    label=_label(model, change.field),
                    old=_display(model, change.field, change.old),
                    new=_display(model, change.field, change.new),
                )
                for change in delta.changes
            ]
            if not changes:
                continue
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=user.get_full_name() if user is not None else _("The system"),
                reason=record.history_change_reason or "",
                created=record.history_type == "+",
                changes=changes,
            )
        )
    return entries


def history_of(provider: Provider) -> list[HistoryEntry]:
    """Who changed what in an entry and its home, and why, most recent first."""
    entry_records = list(
        provider.history.select_related("history_user").order_by("history_date", "history_id")
    )
    home_records = list(
        ProviderHome.history.filter(provider_id=provider.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    # The home's creation is the entry's: only its later changes are shown.
    home_entries = [entry for entry in _entries(ProviderHome, home_records) if not entry.created]
    entries = _entries(Provider, entry_records) + home_entries
    return sorted(entries, key=lambda entry: entry.when, reverse=True)


def agents_visible_to(user: "User") -> QuerySet[OfficeAgent]:
    """The agents of the user's office, if the user administers it."""
    if not is_office_admin(user):
        return OfficeAgent.objects.none()
    return (
        OfficeAgent.objects.filter(office_id=user.office_agent.office_id)
        .exclude(user__email__endswith="@" + SERVICE_ACCOUNT_DOMAIN)  # its software: « Logiciels de gestion »
        .select_related("user")
        .order_by("-is_active", "user__last_name", "user__first_name", "pk")
    )


def own_entry(user: Any) -> Provider:
    """The register entry linked to a provider's account; a 404 for an account that has none."""
    return get_object_or_404(Provider.objects.select_related("office"), user=user)
