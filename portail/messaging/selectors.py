"""Reads of messaging: a broadcast's recipients (the register's filters), the inbox, a thread, the counts."""

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db.models import BooleanField as BooleanOutput
from django.db.models import Case, Exists, OuterRef, Prefetch, Q, QuerySet, Value, When

from portail.core.text import any_contains
from portail.messaging.models import Attachment, Message, Side, Thread
from portail.messaging.querysets import UNREAD_BY_OFFICE, UNREAD_BY_PROVIDER
from portail.registry.models import Provider
from portail.registry.selectors import search_providers

if TYPE_CHECKING:
    from portail.accounts.models import User


@dataclass(frozen=True)
class Recipients:
    """Who a broadcast goes to: one provider, or the register's filters (all empty: every provider)."""

    provider_id: int | None = None
    status: str = ""
    joined: str = ""
    published: str = ""
    returning: bool = False


def recipients_of(user: "User", recipients: Recipients, *, today: date) -> QuerySet[Provider]:
    """The providers of the user's office a broadcast reaches: the register's own search, no name typed."""
    providers = search_providers(
        user,
        q="",
        status=recipients.status,
        joined=recipients.joined,
        published=recipients.published,
        returning=recipients.returning,
        today=today,
    )
    if recipients.provider_id is not None:
        providers = providers.filter(pk=recipients.provider_id)
    return providers


def reader_side(user: "User") -> Side | None:
    from portail.accounts.models import Role
    from portail.accounts.permissions import has_role

    if has_role(user, Role.OFFICE_AGENT):
        return Side.OFFICE
    if has_role(user, Role.PROVIDER) and getattr(user, "provider", None) is not None:
        return Side.PROVIDER
    return None


def unread_condition(side: Side) -> Q:
    return UNREAD_BY_OFFICE if side == Side.OFFICE else UNREAD_BY_PROVIDER


def unread_count(user: "User") -> int:
    """How many of the user's side's threads have a message it has not read: one query."""
    return Thread.objects.unread_by(user).count()


def inbox(user: "User", *, q: str = "", order: str = "date", archived: bool = False) -> QuerySet[Thread]:
    """The user's side's threads, searched in subject and text, unread first or newest first."""
    side = reader_side(user)
    threads = Thread.objects.visible_to(user)
    if side is None:
        return threads
    archived_field = "office_archived" if side == Side.OFFICE else "provider_archived"
    threads = threads.filter(**{archived_field: archived})
    for term in q.split()[:10]:
        in_text = Message.objects.filter(Q(thread=OuterRef("pk")) & any_contains(["body"], term))
        threads = threads.filter(any_contains(["subject"], term) | Q(Exists(in_text)))
    threads = threads.annotate(
        unread=Case(
            When(unread_condition(side), then=Value(True)), default=Value(False), output_field=BooleanOutput()
        )
    ).select_related("provider")
    ordering: list[Any] = ["-last_message_at", "-pk"]
    if order == "unread":
        ordering = ["-unread", *ordering]
    return threads.order_by(*ordering)


def thread_for(user: "User", pk: int) -> Thread:
    """A thread of the user's side, with its messages, their authors and attachments; a 404 otherwise."""
    from django.shortcuts import get_object_or_404

    messages = Message.objects.select_related("author").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.only("pk", "message_id", "original_name", "size"))
    )
    return get_object_or_404(
        Thread.objects.visible_to(user)
        .select_related("provider", "office")
        .prefetch_related(Prefetch("messages", queryset=messages)),
        pk=pk,
    )


def emails_on(provider: Provider) -> bool:
    preference = getattr(provider, "notice_preference", None)
    return preference is None or preference.emails
