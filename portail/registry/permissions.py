"""Who may do what: office agents read and edit the register, office admins manage agents, and what a
provider may read follows its recognition."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from portail.accounts.models import Role
from portail.accounts.permissions import has_role, is_office_admin, role_required
from portail.registry.models import Provider, RecognitionStatus


def reads_children(provider: Provider) -> bool:
    """Only a provider whose recognition is in force reads its reserve and looks up registration numbers."""
    return provider.status == RecognitionStatus.RECOGNIZED


def reads_admitted_children(provider: Provider) -> bool:
    """A suspended provider keeps reading the files of the children it admitted; a revoked, not renewed or
    ceased one reads no child's file."""
    return provider.status in (RecognitionStatus.RECOGNIZED, RecognitionStatus.SUSPENDED)


def acting_provider(user: Any) -> Provider | None:
    """The register entry of a signed-in provider (read once per request, cached on the user)."""
    if not has_role(user, Role.PROVIDER):
        return None
    return getattr(user, "provider", None)


def office_admin_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view only the administrators of an office may reach; other agents get the 403 page."""

    @role_required(Role.OFFICE_AGENT)
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_office_admin(request.user):  # type: ignore[arg-type]
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
