"""Agreement pages: the provider concludes (« Mes enfants »), the office records (« Enfants admis », its
queue, the export), and the parent, the provider or the office ends the services."""

import csv
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portail.accounts.models import Role
from portail.accounts.permissions import has_role, role_required
from portail.admissions.models import Admission
from portail.admissions.models import Status as AdmissionStatus
from portail.agreements import selectors
from portail.agreements.forms import AgreementForm, EligibilityForm, EndForm, ReturnForm
from portail.agreements.models import Agreement, Status, Step, allows
from portail.agreements.permissions import can_change, can_end, can_enter, can_record, sees_staff_names
from portail.agreements.services import (
    add_version,
    conclude_agreement,
    current_version,
    decide_eligibility,
    end_agreement,
    record_agreement,
    return_agreement,
    revise_agreement,
)
from portail.core.spreadsheets import csv_cell
from portail.families.access_log import record_read
from portail.registry.permissions import reads_admitted_children
from portail.registry.selectors import own_entry

PAGE_SIZE = 25
FORM_METHODS = ["GET", "HEAD", "POST"]
STEP_ACTORS = {
    Role.PARENT: gettext_lazy("You"),
    Role.PROVIDER: gettext_lazy("The childcare provider"),
    Role.OFFICE_AGENT: gettext_lazy("The coordinating office"),
}
SHOWN = {
    "": gettext_lazy("All"),
    "without": gettext_lazy("Without an agreement"),
    "to_record": gettext_lazy("To record"),
    "returned": gettext_lazy("Returned"),
    "recorded": gettext_lazy("Recorded"),
    "eligibility_due": gettext_lazy("Reduced contribution to decide"),
    "ended_this_month": gettext_lazy("Ended this month"),
}


def _show_refusal(form: Form, refusal: ValidationError) -> None:
    """Puts each of a service's refusals next to its field (or above the form)."""
    if hasattr(refusal, "error_dict"):
        for name, errors in refusal.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, refusal.messages)


def _staff(request: HttpRequest) -> bool:
    return has_role(request.user, Role.PROVIDER) or has_role(request.user, Role.OFFICE_AGENT)


def _visible(request: HttpRequest, pk: int) -> Agreement:
    return get_object_or_404(Agreement.objects.visible_to(request.user), pk=pk)


@role_required(Role.PROVIDER)
@require_safe
def provider_children(request: HttpRequest) -> HttpResponse:
    """« Mes enfants »: the provider's admitted children, with their agreement or the button to conclude."""
    provider = own_entry(request.user)
    admissions = selectors.provider_children(provider) if reads_admitted_children(provider) else []
    return render(request, "agreements/provider_children.html", {"admissions": admissions})


@require_http_methods(FORM_METHODS)
def conclude(request: HttpRequest, admission_id: int) -> HttpResponse:
    """« Conclure une entente de services » for a confirmed admission."""
    if not _staff(request):
        raise PermissionDenied
    admission = get_object_or_404(
        Admission.objects.visible_to(request.user).filter(status=AdmissionStatus.CONFIRMED, agreement=None),
        pk=admission_id,
    )
    if not can_enter(request.user, admission):
        raise PermissionDenied
    form = AgreementForm(
        request.POST or None,
        initial={
            "effective_from": admission.planned_start_date,
            "days": [],
            "signed_on": timezone.localdate(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreement = conclude_agreement(
                admission=admission,
                by=request.user,  # type: ignore[arg-type]
                terms=form.terms(),
                submit="draft" not in request.POST,
            )
        except ValidationError as refusal:
            _show_refusal(form, refusal)
        else:
            messages.success(
                request,
                _("The agreement is saved as a draft.")
                if agreement.status == Status.DRAFT
                else _("The agreement is sent to the coordinating office, which will record it."),
            )
            return redirect("agreements:detail", pk=agreement.pk)
    response = render(
        request,
        "agreements/form.html",
        {"form": form, "admission": admission, "title": _("Conclude a service agreement")},
    )
    record_read(request, admission.child, provider=admission.provider)
    return response


@require_http_methods(FORM_METHODS)
def revise(request: HttpRequest, pk: int) -> HttpResponse:
    """Corrects a draft or an agreement the office returned, then sends it."""
    agreement = _visible(request, pk)
    if not can_change(request.user, agreement) or agreement.status not in (Status.DRAFT, Status.RETURNED):
        raise PermissionDenied
    version = current_version(agreement)
    form = AgreementForm(request.POST or None, initial=AgreementForm.initial_from(version) if version else {})
    if request.method == "POST" and form.is_valid():
        try:
            revise_agreement(
                agreement=agreement,
                by=request.user,  # type: ignore[arg-type]
                terms=form.terms(),
                submit="draft" not in request.POST,
            )
        except ValidationError as refusal:
            _show_refusal(form, refusal)
        else:
            messages.success(request, _("The agreement is corrected."))
            return redirect("agreements:detail", pk=agreement.pk)
    response = render(
        request,
        "agreements/form.html",
        {
            "form": form,
            "admission": agreement.admission,
            "agreement": agreement,
            "title": _("Correct the agreement"),
        },
    )
    record_read(request, agreement.admission.child, provider=agreement.admission.provider)
    return response


@require_http_methods(FORM_METHODS)
def new_version(request: HttpRequest, pk: int) -> HttpResponse:
    """A change of days, hours or basis: new terms from a date."""
    agreement = _visible(request, pk)
    if not can_change(request.user, agreement) or agreement.status != Status.RECORDED:
        raise PermissionDenied
    version = current_version(agreement)
    initial = AgreementForm.initial_from(version) if version else {}
    initial |= {"effective_from": None, "signed_on": timezone.localdate()}
    form = AgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            add_version(agreement=agreement, by=request.user, terms=form.terms())  # type: ignore[arg-type]
        except ValidationError as refusal:
            _show_refusal(form, refusal)
        else:
            messages.success(request, _("The new terms are recorded."))
            return redirect("agreements:detail", pk=agreement.pk)
    response = render(
        request,
        "agreements/form.html",
        {
            "form": form,
            "admission": agreement.admission,
            "agreement": agreement,
            "title": _("New terms from a date"),
            "new_version": True,
        },
    )
    record_read(request, agreement.admission.child, provider=agreement.admission.provider)
    return response


@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An agreement: its versions, every step, and the actions its reader may take."""
    agreement = _visible(request, pk)
    names = sees_staff_names(request.user, agreement)
    events = [
        (event, event.by.get_full_name() if names else STEP_ACTORS.get(Role(event.by.role), ""))
        for event in agreement.events.select_related("by")
    ]
    office = can_record(request.user, agreement)
    response = render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            "admission": agreement.admission,
            "versions": agreement.versions.prefetch_related("fees"),
            "events": events,
            "Step": Step,
            "names": names,
            "can_record": office and allows(agreement, Status.RECORDED),
            "can_revise": can_change(request.user, agreement)
            and agreement.status in (Status.DRAFT, Status.RETURNED),
            "can_add_version": can_change(request.user, agreement) and agreement.status == Status.RECORDED,
            "can_decide": office
            and agreement.status in (Status.SUBMITTED, Status.RECORDED)
            and bool((version := current_version(agreement)) and version.subsidized),
            "can_end": can_end(request.user, agreement) and allows(agreement, Status.ENDED),
            "return_form": ReturnForm(),
            "eligibility_form": EligibilityForm(),
        },
    )
    record_read(request, agreement.admission.child, provider=agreement.admission.provider)
    return response


@require_http_methods(FORM_METHODS)
def end(request: HttpRequest, pk: int) -> HttpResponse:
    """« Mettre fin à l'entente »: the last day and the reason; the admission ends with it."""
    agreement = _visible(request, pk)
    if not can_end(request.user, agreement) or not allows(agreement, Status.ENDED):
        raise PermissionDenied
    form = EndForm(request.POST or None, initial={"end_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            end_agreement(
                agreement=agreement,
                by=request.user,  # type: ignore[arg-type]
                end_date=form.cleaned_data["end_date"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as refusal:
            _show_refusal(form, refusal)
        else:
            messages.success(request, _("The agreement is ended. The place is free from the next day."))
            if has_role(request.user, Role.PARENT):
                return redirect("families:child", file_id=agreement.admission.child.file_id)
            return redirect("agreements:detail", pk=agreement.pk)
    response = render(request, "agreements/end.html", {"form": form, "agreement": agreement})
    record_read(request, agreement.admission.child, provider=agreement.admission.provider)
    return response


def _office_step(request: HttpRequest, pk: int, do: Callable[[Agreement], object], done: str) -> HttpResponse:
    agreement = _visible(request, pk)
    try:
        do(agreement)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("agreements:detail", pk=agreement.pk)


@role_required(Role.OFFICE_AGENT)
@require_POST
def record(request: HttpRequest, pk: int) -> HttpResponse:
    return _office_step(
        request,
        pk,
        lambda agreement: record_agreement(agreement=agreement, by=request.user),  # type: ignore[arg-type]
        _("The agreement is recorded."),
    )


@role_required(Role.OFFICE_AGENT)
@require_POST
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReturnForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _office_step(
        request,
        pk,
        lambda agreement: return_agreement(agreement=agreement, by=request.user, reason=reason),  # type: ignore[arg-type]
        _("The agreement is returned to the provider."),
    )


@role_required(Role.OFFICE_AGENT)
@require_POST
def eligibility(request: HttpRequest, pk: int) -> HttpResponse:
    form = EligibilityForm(request.POST)
    form.is_valid()
    return _office_step(
        request,
        pk,
        lambda agreement: decide_eligibility(
            agreement=agreement,
            by=request.user,  # type: ignore[arg-type]
            eligibility=form.cleaned_data.get("eligibility", ""),
            reason=form.cleaned_data.get("reason", ""),
        ),
        _("The decision is recorded; the provider is told by e-mail."),
    )


@role_required(Role.OFFICE_AGENT)
@require_safe
def office_children(request: HttpRequest) -> HttpResponse:
    """« Enfants admis »: the children admitted at the office's providers and their agreements."""
    search = request.GET.get("q", "").replace("\x00", "")[:100]
    shown = request.GET.get("shown", "")
    shown = shown if shown in SHOWN else ""
    admissions = selectors.admitted_children(
        request.user, search=search, shown=shown, today=timezone.localdate()
    )
    page = Paginator(admissions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = "&".join(
        part for part in (f"q={search}" if search else "", f"shown={shown}" if shown else "") if part
    )
    return render(
        request,
        "agreements/office_children.html",
        {"page": page, "search": search, "shown": shown, "filters": SHOWN.items(), "query": query},
    )


@role_required(Role.OFFICE_AGENT)
@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    """The office's work: agreements to record, and reduced contributions to decide (overdue first)."""
    return render(
        request,
        "agreements/queue.html",
        {
            "to_record": selectors.to_record(request.user)[:100],
            "decisions": selectors.decisions_due(request.user)[:100],
            "today": timezone.localdate(),
        },
    )


@role_required(Role.OFFICE_AGENT)
@require_safe
def export(request: HttpRequest) -> HttpResponse:
    """The recorded agreements as CSV for the office's accounting: no parent contact, no child's number."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ententes-{timezone.localdate():%Y-%m-%d}.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Child's last name"),
            _("Child's first name"),
            _("Provider"),
            _("Register number"),
            _("Start date"),
            _("End date"),
            _("Basis"),
            _("Days of attendance"),
            _("Arrival"),
            _("Departure"),
            _("Subsidized place"),
            _("Reduced contribution"),
            _("Status"),
        ]
    )
    for agreement in selectors.recorded(request.user).iterator(chunk_size=500):
        child, provider = agreement.admission.child, agreement.admission.provider
        current = agreement.current_versions  # type: ignore[attr-defined]
        version = current[0] if current else None
        writer.writerow(
            [
                csv_cell(cell)
                for cell in (
                    child.last_name,
                    child.first_name,
                    provider.full_name,
                    provider.register_number,
                    agreement.admission.planned_start_date.isoformat(),
                    agreement.end_date.isoformat() if agreement.end_date else "",
                    version.get_basis_display() if version else "",
                    ", ".join(version.day_names) if version else "",
                    f"{version.arrival:%H:%M}" if version else "",
                    f"{version.departure:%H:%M}" if version else "",
                    (_("Yes") if version.subsidized else _("No")) if version else "",
                    agreement.get_eligibility_display() if version and version.subsidized else "",
                    agreement.get_status_display(),
                )
            ]
        )
    return response
