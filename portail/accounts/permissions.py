"""Who may reach which pages: one role per account, checked in one place."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from portail.accounts.models import Role, User


def has_role(user: Any, role: str) -> bool:
    """Whether a signed-in user acts in a role; an office agent also needs an active membership."""
    if not user.is_authenticated or not user.is_active or user.role != role:
        return False
    if role == Role.OFFICE_AGENT:
        agent = getattr(user, "office_agent", None)
        return agent is not None and agent.is_active
    return True


def is_office_admin(user: User) -> bool:
    return has_role(user, Role.OFFICE_AGENT) and user.office_agent.is_admin


def is_ministry_staff(user: Any) -> bool:
    """Whether a user may use the ministry's administration: an active staff account of the ministry.

    Django's permission rows are never asked: nothing an account's form could grant widens the admin.
    """
    return bool(user.is_authenticated and user.is_active and user.is_staff and user.role == Role.MINISTRY)


def is_superuser(user: Any) -> bool:
    """The break-glass account made with `manage.py createsuperuser` on the server (docs/break-glass.md)."""
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def role_required(role: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A view only users of one role may reach; anyone else gets the 403 page."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not has_role(request.user, role):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
