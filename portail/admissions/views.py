"""Admission pages: a provider (or its office, by delegation) admits; the office confirms or refuses."""

from collections.abc import Callable
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portail.accounts.models import Role
from portail.accounts.permissions import has_role, role_required
from portail.admissions.forms import (
    AdmitForm,
    CancelForm,
    ConfirmForm,
    DelegationForm,
    LookupForm,
    RefuseForm,
)
from portail.admissions.models import Admission, DelegationEvent, Status, allows
from portail.admissions.permissions import can_admit_for, can_cancel, can_confirm, sees_staff_names
from portail.admissions.rules import RuleBroken
from portail.admissions.selectors import child_for_admission, places_held_elsewhere, to_confirm
from portail.admissions.services import (
    admit_child,
    cancel_admission,
    confirm_admission,
    look_up_number,
    refuse_admission,
    set_delegation,
)
from portail.families.access_log import record_read
from portail.families.ages import age_in_months
from portail.families.models import Child, ChildFileRead, Guardian
from portail.registry.models import Provider
from portail.registry.names import of_name
from portail.registry.permissions import office_admin_required
from portail.registry.selectors import own_entry

PAGE_SIZE = 25


def _acting_for(request: HttpRequest, provider_id: int | None) -> Provider:
    """The provider admitting: the user's own, or the one its office agent acts for (delegation on)."""
    if provider_id is None:
        if not has_role(request.user, Role.PROVIDER):
            raise PermissionDenied
        provider = own_entry(request.user)
    else:
        provider = get_object_or_404(Provider.objects.visible_to(request.user), pk=provider_id)  # type: ignore[arg-type]
    if not can_admit_for(request.user, provider):
        raise PermissionDenied
    return provider


def _may_admit(request: HttpRequest) -> bool:
    return has_role(request.user, Role.PROVIDER) or has_role(request.user, Role.OFFICE_AGENT)


@require_http_methods(["GET", "HEAD", "POST"])
def lookup(request: HttpRequest, provider_id: int | None = None) -> HttpResponse:
    """« Rechercher un enfant »: the number the parent gave, checked and logged."""
    if not _may_admit(request):
        raise PermissionDenied
    provider = _acting_for(request, provider_id)
    form = LookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            child = look_up_number(provider=provider, by=request.user, typed=form.cleaned_data["number"])  # type: ignore[arg-type]
        except RuleBroken as refusal:
            form.add_error("number", str(refusal))
        else:
            response = redirect(_admit_url(provider_id, child))
            record_read(request, child, provider=provider)
            return response
    return render(
        request, "admissions/lookup.html", {"form": form, "provider": provider, "provider_id": provider_id}
    )


def _admit_url(provider_id: int | None, child: Child) -> str:
    if provider_id is None:
        return reverse("admissions:admit", args=[child.file_id])
    return reverse("admissions:admit_for", args=[provider_id, child.file_id])


@require_http_methods(["GET", "HEAD", "POST"])
def admit(request: HttpRequest, file_id: UUID, provider_id: int | None = None) -> HttpResponse:
    """« Admettre »: the child's record and the parent's contact, then the planned start date."""
    if not _may_admit(request):
        raise PermissionDenied
    provider = _acting_for(request, provider_id)
    child = get_object_or_404(child_for_admission(request.user, provider), file_id=file_id)
    initial_start = max(child.desired_start_date, timezone.localdate())
    form = AdmitForm(request.POST or None, initial={"start_date": initial_start})
    if request.method == "POST" and form.is_valid():
        try:
            admission = admit_child(
                provider=provider,
                child=child,
                start_date=form.cleaned_data["start_date"],
                by=request.user,  # type: ignore[arg-type]
            )
        except RuleBroken as refusal:
            form.add_error("start_date", str(refusal))
        else:
            messages.success(
                request,
                _("The admission %(of_name)s is recorded. The office will now confirm it.")
                % {"of_name": of_name(child.first_name)},
            )
            return redirect("admissions:detail", pk=admission.pk)
    response = render(
        request,
        "admissions/admit.html",
        {
            "form": form,
            "child": child,
            "guardians": child.family.guardians.all(),
            "provider": provider,
            "held_elsewhere": list(places_held_elsewhere(child, provider)),
        },
    )
    record_read(request, child, provider=provider)
    return response


# Who took a step, as a parent reads it: a role, never a staff member's name.
STEP_ACTORS = {
    Role.PARENT: gettext_lazy("You"),
    Role.PROVIDER: gettext_lazy("The childcare provider"),
    Role.OFFICE_AGENT: gettext_lazy("The coordinating office"),
}


@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An admission and every step of its life, with the actions the reader may take."""
    admission = get_object_or_404(Admission.objects.visible_to(request.user), pk=pk)
    names = sees_staff_names(request.user, admission)
    events = [
        (event, event.by.get_full_name() if names else STEP_ACTORS.get(Role(event.by.role), ""))
        for event in admission.events.select_related("by")
    ]
    response = render(
        request,
        "admissions/detail.html",
        {
            "admission": admission,
            "events": events,
            "shows_provider": names,
            "can_confirm": can_confirm(request.user, admission) and allows(admission, Status.CONFIRMED),
            "can_cancel": can_cancel(request.user, admission) and allows(admission, Status.CANCELLED),
            "refuse_form": RefuseForm(),
            "cancel_form": CancelForm(),
            "confirm_form": ConfirmForm(initial={"start_date": admission.planned_start_date}),
            "child_age": age_in_months(admission.child.birth_date, timezone.localdate()),
            "guardians": Guardian.objects.visible_to(request.user).filter(family_id=admission.child.family_id)
            if names
            else [],
        },
    )
    record_read(request, admission.child, provider=admission.provider)
    return response


@role_required(Role.OFFICE_AGENT)
@require_safe
def confirmations(request: HttpRequest) -> HttpResponse:
    """« Confirmer une admission »: the office's admissions waiting for confirmation."""
    # PostgreSQL refuses a NUL byte in a query; nobody types one.
    search = request.GET.get("q", "").replace("\x00", "")[:100]
    admissions = to_confirm(request.user, search=search).prefetch_related("child__family__guardians")
    page = Paginator(admissions, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = [
        {
            "admission": admission,
            "age_months": age_in_months(admission.child.birth_date, today),
            "guardians": admission.child.family.guardians.all(),
        }
        for admission in page.object_list
    ]
    delegating = Provider.objects.visible_to(request.user).filter(delegation__is_active=True)  # type: ignore[arg-type]
    changes = DelegationEvent.objects.visible_to(request.user).select_related("provider", "by")[:20]
    return render(
        request,
        "admissions/confirmations.html",
        {
            "page": page,
            "rows": rows,
            "search": search,
            "query": f"q={search}" if search else "",
            "delegating": delegating,
            "delegation_changes": changes,
        },
    )


def _step(request: HttpRequest, pk: int, do: Callable[[Admission], object], done: str) -> HttpResponse:
    """Moves one of the reader's admissions a step on its way, then says how it went."""
    admission = get_object_or_404(Admission.objects.visible_to(request.user), pk=pk)
    try:
        do(admission)
    except RuleBroken as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, done)
    return redirect("admissions:detail", pk=admission.pk)


@role_required(Role.OFFICE_AGENT)
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirms at the planned start date the office indicates (the provider's, when none is posted)."""
    start_date = None
    if "start_date" in request.POST:
        form = ConfirmForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the planned start date as a date, for example 2027-01-15."))
            return redirect("admissions:detail", pk=pk)
        start_date = form.cleaned_data["start_date"]
    return _step(
        request,
        pk,
        lambda admission: confirm_admission(admission=admission, by=request.user, start_date=start_date),  # type: ignore[arg-type]
        _("Admission confirmed. The parent is told by e-mail."),
    )


@role_required(Role.OFFICE_AGENT)
@require_POST
def refuse(request: HttpRequest, pk: int) -> HttpResponse:
    form = RefuseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the refusal."))
        return redirect("admissions:detail", pk=pk)
    reason = form.cleaned_data["reason"]
    return _step(
        request,
        pk,
        lambda admission: refuse_admission(admission=admission, by=request.user, reason=reason),  # type: ignore[arg-type]
        _("Admission refused: the place is free again."),
    )


@role_required(Role.PROVIDER)
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for the cancellation."))
        return redirect("admissions:detail", pk=pk)
    reason = form.cleaned_data["reason"]
    return _step(
        request,
        pk,
        lambda admission: cancel_admission(admission=admission, by=request.user, reason=reason),  # type: ignore[arg-type]
        _("Admission cancelled: the place is free again. The parent is told by e-mail."),
    )


@role_required(Role.PROVIDER)
@require_POST
def delegation(request: HttpRequest) -> HttpResponse:
    provider = own_entry(request.user)
    form = DelegationForm(request.POST)
    form.is_valid()
    active = bool(form.cleaned_data.get("active"))
    set_delegation(provider=provider, active=active, by=request.user)  # type: ignore[arg-type]
    if active:
        messages.success(request, _("Your coordinating office may now admit children for you."))
    else:
        messages.success(request, _("Your coordinating office may no longer admit children for you."))
    return redirect("core:provider_home")


@office_admin_required
@require_safe
def file_reads(request: HttpRequest) -> HttpResponse:
    """The office's admin reads its own agents' reads of children's files."""
    reads = ChildFileRead.objects.visible_to(request.user).select_related("reader", "child", "provider")
    page = Paginator(reads, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "admissions/file_reads.html", {"page": page, "query": ""})
