"""The public home page, each role's home page, and the error pages."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from portail.accounts.models import Role
from portail.accounts.permissions import role_required
from portail.admissions.forms import DelegationForm
from portail.admissions.models import HOLDING_A_PLACE
from portail.admissions.selectors import admissions_visible_to, delegates_to_office, occupancy
from portail.profiles.services import profile_of
from portail.registry.models import Provider

ROLE_HOMES = {
    Role.PARENT: "families:home",
    Role.PROVIDER: "core:provider_home",
    Role.OFFICE_AGENT: "core:office_home",
    Role.MINISTRY: "admin:index",
}


@login_not_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


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
            "admissions": admissions_visible_to(request.user).filter(status__in=HOLDING_A_PLACE),
            "occupancy": occupancy(provider),
        },
    )


@role_required(Role.OFFICE_AGENT)
@require_safe
def office_home(request: HttpRequest) -> HttpResponse:
    agent = request.user.office_agent  # type: ignore[union-attr]
    return render(request, "core/office_home.html", {"agent": agent, "office": agent.office})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
