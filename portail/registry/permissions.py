"""Who may do what in the register's pages: office agents read and edit; office admins manage agents."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from portail.accounts.models import Role
from portail.accounts.permissions import is_office_admin, role_required


def office_admin_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view only the administrators of an office may reach; other agents get the 403 page."""

    @role_required(Role.OFFICE_AGENT)
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_office_admin(request.user):  # type: ignore[arg-type]
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
