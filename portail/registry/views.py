"""The office's register pages: its providers, an entry with its history, the edit form, its agents."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from portail.accounts.models import Role
from portail.accounts.permissions import is_office_admin, role_required
from portail.registry import selectors, services
from portail.registry.forms import AddAgentForm, AgentForm, ProviderForm, ProviderSearchForm
from portail.registry.models import Provider
from portail.registry.permissions import office_admin_required

PAGE_SIZE = 50


def _page(request: HttpRequest, paginator: Paginator) -> tuple[Page, str]:
    """The asked page; anything but an existing page number gives page 1 and says so."""
    asked = request.GET.get("page", "1")
    if asked.isdigit() and 1 <= int(asked) <= paginator.num_pages:
        return paginator.page(int(asked)), ""
    return paginator.page(1), _("There is no page “%(page)s” in this list: here is the first page.") % {
        "page": asked[:10]
    }


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@role_required(Role.OFFICE_AGENT)
@require_safe
def providers(request: HttpRequest) -> HttpResponse:
    """The office's register: searched, filtered and paged, with the office's counts at the top."""
    form = ProviderSearchForm(request.GET)
    found = selectors.search_providers(
        request.user,  # type: ignore[arg-type]
        **form.filters(),
        today=timezone.localdate(),
    )
    page, page_notice = _page(request, Paginator(found, PAGE_SIZE))
    context = {
        "office": request.user.office_agent.office,  # type: ignore[union-attr]
        "counts": selectors.register_counts(request.user),  # type: ignore[arg-type]
        "form": form,
        "page": page,
        "page_notice": page_notice,
        "query": _query_without_page(request),
    }
    partial = request.htmx and not request.htmx.history_restore_request  # type: ignore[attr-defined]
    template = "registry/_provider_results.html" if partial else "registry/provider_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@role_required(Role.OFFICE_AGENT)
@require_safe
def provider(request: HttpRequest, pk: int) -> HttpResponse:
    """One entry of the office's register, its private home and its history."""
    entry = get_object_or_404(
        Provider.objects.visible_to(request.user).select_related("home"),  # type: ignore[arg-type]
        pk=pk,
    )
    return render(
        request, "registry/provider.html", {"provider": entry, "history": selectors.history_of(entry)}
    )


@role_required(Role.OFFICE_AGENT)
@require_http_methods(["GET", "HEAD", "POST"])
def provider_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Changes an entry of the office's register, with the reason kept in its history."""
    entry = get_object_or_404(
        Provider.objects.visible_to(request.user).select_related("home"),  # type: ignore[arg-type]
        pk=pk,
    )
    form = ProviderForm(request.POST or None, provider=entry)
    if request.method == "POST" and form.is_valid():
        changes = services.pending_changes(provider=entry, changes=form.changes())
        if not changes:
            messages.info(request, _("Nothing was changed in the entry."))
            return redirect("registry:provider", pk=entry.pk)
        try:
            services.update_provider(
                provider=entry,
                by=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
                **changes,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The entry was saved."))
            return redirect("registry:provider", pk=entry.pk)
    return render(request, "registry/provider_edit.html", {"provider": entry, "form": form})


@office_admin_required
@require_safe
def agents(request: HttpRequest) -> HttpResponse:
    """The office's agents, for its administrators."""
    return render(
        request,
        "registry/agents.html",
        {
            "office": request.user.office_agent.office,  # type: ignore[union-attr]
            "agents": selectors.agents_visible_to(request.user),  # type: ignore[arg-type]
        },
    )


@office_admin_required
@require_http_methods(["GET", "HEAD", "POST"])
def agent_add(request: HttpRequest) -> HttpResponse:
    """Adds an agent to the office by e-mail address."""
    form = AddAgentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_office_agent(
                office=request.user.office_agent.office,  # type: ignore[union-attr]
                by=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            # The same words whatever the address's account: the admin learns nothing of who has one.
            messages.success(
                request,
                _("An invitation was sent if the address can receive this role."),
            )
            return redirect("registry:agents")
    return render(request, "registry/agent_add.html", {"form": form})


@office_admin_required
@require_http_methods(["GET", "HEAD", "POST"])
def agent_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Changes an agent's role, or deactivates or reactivates its membership."""
    agent = get_object_or_404(selectors.agents_visible_to(request.user), pk=pk)  # type: ignore[arg-type]
    form = AgentForm(request.POST or None, initial={"role": agent.role, "is_active": agent.is_active})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_office_agent(agent=agent, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The agent was saved."))
            # An admin who made itself a plain agent may no longer see the list of agents.
            request.user.office_agent.refresh_from_db()  # type: ignore[union-attr]
            return redirect("registry:agents" if is_office_admin(request.user) else "core:office_home")  # type: ignore[arg-type]
    return render(request, "registry/agent_edit.html", {"agent": agent, "form": form})
