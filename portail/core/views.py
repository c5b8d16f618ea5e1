"""The public home page, each role's home page, the error pages, and the load balancer's health check."""

import logging
import uuid

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django.views.i18n import set_language as django_set_language

from portail.accounts.models import Role
from portail.accounts.permissions import is_office_admin, role_required
from portail.admissions.forms import DelegationForm
from portail.admissions.models import HOLDING_A_PLACE, Admission, DelegationEvent
from portail.admissions.permissions import delegates_to_office
from portail.admissions.selectors import occupancy
from portail.core.db_router import public_read
from portail.profiles.services import profile_of
from portail.registry.models import Provider
from portail.registry.permissions import reads_children

logger = logging.getLogger(__name__)

ROLE_HOMES = {
    Role.PARENT: "families:home",
    Role.PROVIDER: "core:provider_home",
    Role.OFFICE_AGENT: "core:office_home",
    Role.MINISTRY: "admin:index",
}


@login_not_required
@require_safe
@public_read
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


# What a browser says of a request's origin (Fetch Metadata): the page that posted is the portal's own, or
# the visitor typed the address.
OWN_SITE = frozenset({"same-origin", "none"})


def _posted_from_the_portal(request: HttpRequest) -> bool:
    """A post from one of the portal's own pages, as far as the browser tells: its Sec-Fetch-Site, else its
    Origin. A client that sends neither (an old browser, a script) is let through: see set_language."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in OWN_SITE
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    own = f"{request.scheme}://{request.get_host()}"
    return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS


@login_not_required
@csrf_exempt
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch without its CSRF token, so that an anonymous visitor's public pages set no
    cookie and a proxy may keep them. The switch writes nothing but the language cookie and redirects to a
    page of the portal (Django checks `next`): a forged post could at worst change a visitor's language,
    and a browser's post from another site is refused by its Fetch Metadata or its Origin."""
    if request.method == "POST" and not _posted_from_the_portal(request):
        raise PermissionDenied
    return django_set_language(request)


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    """Where sign-in lands: the home page of the user's role."""
    return redirect(ROLE_HOMES[Role(request.user.role)])  # type: ignore[union-attr]


@role_required(Role.PROVIDER)
@require_safe
def provider_home(request: HttpRequest) -> HttpResponse:
    """The provider's checklist: joined, profile completed, profile published."""
    provider = Provider.objects.select_related("office").filter(user=request.user).first()
    if provider is None:
        return render(request, "core/provider_home.html", {"provider": None})
    return render(
        request,
        "core/provider_home.html",
        {
            "provider": provider,
            "profile": profile_of(provider),
            "delegation_form": DelegationForm(initial={"active": delegates_to_office(provider)}),
            "delegation_changes": DelegationEvent.objects.visible_to(request.user).select_related("by")[:10],
            "reads_children": reads_children(provider),
            "admissions": Admission.objects.visible_to(request.user).filter(status__in=HOLDING_A_PLACE),
            "occupancy": occupancy(provider),
        },
    )


@role_required(Role.OFFICE_AGENT)
@require_safe
def office_home(request: HttpRequest) -> HttpResponse:
    agent = request.user.office_agent  # type: ignore[union-attr]
    return render(
        request,
        "core/office_home.html",
        {"agent": agent, "office": agent.office, "is_office_admin": is_office_admin(request.user)},  # type: ignore[arg-type]
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: the database does not answer.")
        return False


def _cache_answers() -> bool:
    key = f"health:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        answered = cache.get(key) == "ok"
        cache.delete(key)
        return answered
    except Exception:
        logger.exception("Health check: the cache does not answer.")
        return False


@login_not_required
@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """For the load balancer: 200 when this server's database and shared cache answer, 503 naming those that
    do not. It reads no session and names nobody."""
    failing = [
        name
        for name, answers in (("database", _database_answers), ("cache", _cache_answers))
        if not answers()
    ]
    if failing:
        return JsonResponse({"status": "unavailable", "failing": failing}, status=503)
    return JsonResponse({"status": "ok"})


# Whom to call for what (the source document's public contacts); each one a setting, so that a deployment
# names its own without a change of code.
HELP_CONTACTS = {
    "SUPPORT_PHONE": "1 855-336-8568",
    "SUPPORT_EMAIL": "renseignements@mfa.gouv.qc.ca",
    "SUPPORT_HOURS": gettext_lazy("Monday to Friday, 8:30 a.m. to 4:30 p.m., Thursday from 10 a.m."),
    "OFFICE_DETAILS_EMAIL": "mfa.permis@mfa.gouv.qc.ca",
    "BUSINESS_LOGIN_SUPPORT_PHONE": "1 866 423-3234",
    "BUSINESS_LOGIN_SUPPORT_HOURS": gettext_lazy("Monday to Friday, 8:30 a.m. to 4:30 p.m."),
    "CITIZEN_LOGIN_SUPPORT_PHONE": "1 877 644-4545",
}


@login_not_required
@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for on pages that name no icon (the admin's, allauth's bare ones)."""
    return redirect(static("favicon.svg"))


@login_not_required
@require_safe
def help_page(request: HttpRequest) -> HttpResponse:
    """« Aide et soutien »: whom to contact for what, for every visitor, signed in or not."""
    contacts = {name.lower(): getattr(settings, name, default) for name, default in HELP_CONTACTS.items()}
    return render(request, "core/help.html", {"contacts": contacts})
