"""What a call needs: a token of a live client, and the scope of the view's part of the API (`:read` to
read, `:write` to change); the services then authorize the client's account as they do an agent's."""

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

# A view whose `scope` is this needs a token, and no scope in particular (the change feed: it shows each
# client only the kinds of change its scopes read).
ANY_SCOPE = "*"


def needed_scope(view: Any, method: str) -> str | None:
    """The scope one method of a view needs; None when no scope in particular."""
    part = getattr(view, "scope", None)
    if part is None or part == ANY_SCOPE:
        return None
    return f"{part}:{'read' if method in SAFE_METHODS else 'write'}"


def granted(request: Any) -> set[str]:
    """The scopes of this call: the client's, and its token's (a token may ask fewer)."""
    client = getattr(request, "api_client", None)
    if client is None:
        return set()
    return set(client.scope_list) & set(request.auth.scope.split())


class HasScope(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        if getattr(view, "public", False):
            return True
        if getattr(request, "api_client", None) is None:
            return False  # DRF answers 401: no valid token
        scope = needed_scope(view, request.method)
        if scope is not None and scope not in granted(request):
            raise PermissionDenied(
                _(
                    "This software lacks the permission « %(scope)s »: the office can grant it on "
                    "« Logiciels de gestion »."
                )
                % {"scope": scope},
                code="scope_missing",
            )
        return True
