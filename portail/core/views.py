"""The public home page, each role's home page, and the error pages."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from portail.accounts.models import Role
from portail.accounts.permissions import is_office_admin, role_required
from portail.admissions.forms import DelegationForm
from portail.admissions.models import HOLDING_A_PLACE, Admission, DelegationEvent
from portail.admissions.permissions import delegates_to_office
from portail.admissions.selectors import occupancy
from portail.profiles.services import profile_of
from portail.registry.models import Provider
from portail.registry.permissions import reads_children

ROLE_HOMES = {
    Role.PARENT: "families:home",
    Role.PROVIDER: "core:provider_home",
    Role.OFFICE_AGENT: "core:office_home",
    Role.MINISTRY: "admin:index",
}


@login_not_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Where sign-in lands: the home page of the user's role."""
    return redirect(ROLE_HOMES[Role(request.user.role)])  # type: ignore[union-attr]


@role_required(Role.PROVIDER)
@require_GET
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
@require_GET
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
