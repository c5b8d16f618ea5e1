"""The access log of children's files: one row per page a provider or an office agent opened a child's
file on, written after the page is built, and the parent's view of it."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from portail.accounts.models import Role
from portail.families.models import Child, ChildFileRead
from portail.registry.models import Provider
from portail.registry.permissions import acting_provider

STAFF_ROLES = (Role.PROVIDER, Role.OFFICE_AGENT)


def record_read(request: HttpRequest, child: Child, *, provider: Provider | None = None) -> None:
    """Records that the signed-in provider or agent read `child`'s file on this page (one insert).

    Views call it once the response is built, so a refused read (403, 404, an error) is never logged; a
    parent reading its own child's file is not logged. `provider` is the service an agent acted for.
    """
    user: Any = request.user
    if user.role not in STAFF_ROLES:
        return
    own = acting_provider(user)
    if own is not None:
        provider, office_id = own, own.office_id
    else:
        office_id = user.office_agent.office_id
    match = request.resolver_match
    ChildFileRead.objects.create(
        child=child,
        reader=user,
        role=user.role,
        office_id=office_id,
        provider=provider,
        page=match.view_name if match else request.path[:60],
    )


def record_reads(request: HttpRequest, children: list[tuple[Child, Provider | None]]) -> None:
    """The same for a page that shows several children's files (a list of attendance sheets), each with
    the service it was read for: one insert."""
    user: Any = request.user
    if user.role not in STAFF_ROLES or not children:
        return
    own = acting_provider(user)
    office_id = own.office_id if own is not None else user.office_agent.office_id
    match = request.resolver_match
    page = match.view_name if match else request.path[:60]
    ChildFileRead.objects.bulk_create(
        ChildFileRead(
            child=child, reader=user, role=user.role, office_id=office_id, provider=own or provider, page=page
        )
        for child, provider in children
    )


def reads_of(child: Child, *, user: Any) -> list[ChildFileRead]:
    """Who opened the child's file, most recent first, as its parent may see it (roles and services)."""
    return list(
        ChildFileRead.objects.visible_to(user)
        .filter(child=child)
        .select_related("office", "provider")
        .only("role", "page", "at", "office__name", "provider__service_name", "provider__municipality")[:200]
    )


def purge(*, now: Any = None) -> int:
    """Deletes the reads older than ACCESS_LOG_RETENTION_DAYS; returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
    deleted, _by_model = ChildFileRead.objects.filter(at__lt=cutoff).delete()
    return deleted
