"""django-axes for the Django admin's sign-in only: the portal's own sign-in has allauth's rate limits.

AXES_ONLY_ADMIN_SITE makes axes *check* only admin requests, yet axes still *counts* every failed
`authenticate()`, allauth's included: failures on /comptes/login/ then locked ministry staff out of
/admin/. This handler records nothing that did not happen on the admin site.
"""

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.http import HttpRequest


class AdminOnlyAxesHandler(AxesDatabaseHandler):
    def _on_admin_site(self, request: HttpRequest | None) -> bool:
        return request is not None and self.is_admin_request(request)

    def user_login_failed(self, sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
        if self._on_admin_site(request):
            super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        if self._on_admin_site(request):
            super().user_logged_in(sender, request, user, **kwargs)

    def user_logged_out(self, sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        if self._on_admin_site(request):
            super().user_logged_out(sender, request, user, **kwargs)
