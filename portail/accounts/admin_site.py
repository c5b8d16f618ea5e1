"""The ministry's administration: its site, who may do what in it, and the log of who used it.

Every model admin says what ministry staff may do through `is_ministry_staff` (never Django's permission
rows, so that nothing can be granted by editing an account); what no rule names is for the break-glass
superuser only (docs/break-glass.md). A model registered on Django's own `admin.site` is not served: register
on `site` below.
"""

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib import admin
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase
from django.utils.translation import gettext_lazy as _

from portail.accounts.permissions import is_ministry_staff, is_superuser

logger = logging.getLogger("portail.admin")

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


class PortalAdminSite(admin.AdminSite):
    site_header = _("Portal administration")
    site_title = _("Portal administration")
    index_title = _("Ministry staff")

    def has_permission(self, request: HttpRequest) -> bool:
        return is_ministry_staff(request.user)

    def admin_view(self, view: View, cacheable: bool = False) -> View:
        guarded = super().admin_view(view, cacheable)

        @wraps(guarded)
        def logged(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            # The superuser is outside every rule: each of its requests is on record (the path only: a
            # query string may hold what was searched for).
            if is_superuser(request.user):
                user, method, path = request.user.pk, request.method, request.path
                logger.info("superuser admin request: user=%s %s %s", user, method, path)
            return guarded(request, *args, **kwargs)

        return cast(View, logged)


site = PortalAdminSite(name="admin")


@receiver(user_logged_in, dispatch_uid="portail.admin.sign_in")
def log_admin_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Every sign-in of an account that may use the administration, from whichever page."""
    if is_ministry_staff(user):
        logger.info("admin sign-in: user=%s superuser=%s", user.pk, user.is_superuser)


class MinistryAdmin(admin.ModelAdmin[Any]):
    """What ministry staff keep: they see, add and change; deleting is the superuser's."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_ministry_staff(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_ministry_staff(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_ministry_staff(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_ministry_staff(request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_superuser(request.user)


class MinistryReadOnlyAdmin(MinistryAdmin):
    """What belongs to someone else (the offices' register, the onboarding's records): ministry staff read."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class SuperuserOnlyAdmin(admin.ModelAdmin[Any]):
    """A library's model (e-mail addresses, sign-in locks, task results): for the break-glass superuser only.

    Mixed in before the library's own admin, whose rules still apply on top.
    """

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_superuser(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_superuser(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_superuser(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_superuser(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_superuser(request.user) and super().has_delete_permission(request, obj)


def register_for_superuser(model: Any, model_admin: type[admin.ModelAdmin[Any]]) -> None:
    """Serves a library's model admin, its permissions narrowed to the superuser's."""
    narrowed = type(f"SuperuserOnly{model_admin.__name__}", (SuperuserOnlyAdmin, model_admin), {})
    site.register(model, narrowed)
