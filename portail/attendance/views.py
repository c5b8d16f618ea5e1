"""Attendance pages: the provider's day (« Présences ») and its 4-week grid, a child's period to correct,
a sheet with its versions and steps (signed or contested by the parent), and the office's queue."""

from collections.abc import Callable
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portail.accounts.models import Role
from portail.accounts.permissions import has_role, role_required
from portail.agreements.models import Agreement
from portail.attendance import selectors
from portail.attendance.counting import sheet_tallies
from portail.attendance.forms import ClosureForm, ContestForm, MarkForm, PeriodForm, ReturnForm
from portail.attendance.models import EDITABLE, AttendanceSheet, Closure, Day, Status, allows
from portail.attendance.periods import period_of
from portail.attendance.permissions import can_confirm, can_keep, can_sign, keeps_attendance, sees_staff_names
from portail.attendance.rules import Terms
from portail.attendance.services import (
    FIRST_DAY,
    MOST_DAYS_AHEAD,
    add_closure,
    confirm_sheets,
    contest_sheet,
    correct_period,
    mark_day,
    remove_closure,
    return_sheet,
    sign_sheet,
    submit_sheet,
)
from portail.families.access_log import record_read, record_reads
from portail.registry.models import Provider
from portail.registry.permissions import reads_admitted_children
from portail.registry.selectors import own_entry

# A page of the queue: 50 sheets to confirm and 50 late signatures — one screen an agent can check, and a
# whole request well under the 100 ms asked at Québec scale (docs/benchmarks.md).
QUEUE_PAGE_SIZE = 50
STEP_ACTORS = {
    Role.PARENT: gettext_lazy("You"),
    Role.PROVIDER: gettext_lazy("The childcare provider"),
    Role.OFFICE_AGENT: gettext_lazy("The coordinating office"),
}


def _day_from(value: str | None, *, default: date) -> date:
    """A day from the query, or `default` when it is not one the portal keeps attendance for."""
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return default
    return day if FIRST_DAY <= day <= timezone.localdate() + timedelta(days=MOST_DAYS_AHEAD) else default


def _refusal_messages(request: HttpRequest, refusal: ValidationError) -> None:
    for message in refusal.messages:
        messages.error(request, message)


def _show_refusal(form: Form, refusal: ValidationError) -> None:
    if hasattr(refusal, "error_dict"):
        for name, errors in refusal.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, refusal.messages)


def _own_provider(request: HttpRequest) -> Provider:
    provider = own_entry(request.user)
    if not reads_admitted_children(provider):
        raise PermissionDenied
    return provider


@role_required(Role.PROVIDER)
@require_safe
def today(request: HttpRequest) -> HttpResponse:
    """« Présences »: the day's sheet, one tap a child; another past day by `?jour=`."""
    provider = _own_provider(request)
    now = timezone.localdate()
    day = min(_day_from(request.GET.get("jour"), default=now), now)
    rows = selectors.provider_rows(provider, period=period_of(day), today=now, only_day=day)
    closed = Closure.objects.filter(provider=provider, day=day).exists()
    response = render(
        request,
        "attendance/today.html",
        {
            "day": day,
            "is_today": day == now,
            "previous": day - timedelta(days=1),
            "next": day + timedelta(days=1) if day < now else None,
            "rows": rows,
            "closed": closed,
            "period": period_of(day),
        },
    )
    record_reads(request, [(row.child, provider) for row in rows])
    return response


@role_required(Role.PROVIDER)
@require_POST
def mark(request: HttpRequest) -> HttpResponse:
    """One tap: present or absent. htmx gets the child's row back; a plain form goes back to the day."""
    form = MarkForm(request.POST)
    if (
        not form.is_valid()
        or _day_from(request.POST.get("day"), default=FIRST_DAY - timedelta(days=1)) < FIRST_DAY
    ):
        messages.error(request, _("Choose present or absent for a day."))
        return redirect("attendance:today")
    data = form.cleaned_data
    agreement = get_object_or_404(Agreement.objects.visible_to(request.user), pk=data["agreement"])
    error = ""
    try:
        mark_day(
            agreement=agreement,
            day=data["day"],
            state=data["state"],
            extra=data["extra"],
            by=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as refusal:
        error = " ".join(refusal.messages)
    if request.htmx:  # type: ignore[attr-defined]
        provider = agreement.admission.provider
        now = timezone.localdate()
        day = data["day"]
        rows = selectors.provider_rows(provider, period=period_of(day), today=now, only_day=day)
        row = next(row for row in rows if row.agreement.pk == agreement.pk)
        response = render(request, "attendance/_today_row.html", {"row": row, "day": day, "error": error})
        patch_vary_headers(response, ["HX-Request"])
        return response
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request, _("Attendance of %(name)s saved.") % {"name": agreement.admission.child.first_name}
        )
    return redirect(f"{reverse('attendance:today')}?jour={data['day'].isoformat()}")


@role_required(Role.PROVIDER)
@require_POST
def closure(request: HttpRequest) -> HttpResponse:
    """« Fermeture »: closed for all the children on a day (or open again)."""
    provider = _own_provider(request)
    form = ClosureForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the day of the closure."))
        return redirect("attendance:today")
    day = form.cleaned_data["day"]
    try:
        if form.cleaned_data["reopen"]:
            remove_closure(provider=provider, day=day, by=request.user)  # type: ignore[arg-type]
            messages.success(request, _("The day is open again."))
        else:
            add_closure(provider=provider, day=day, by=request.user)  # type: ignore[arg-type]
            messages.success(request, _("The closure is recorded for all your children."))
    except ValidationError as refusal:
        _refusal_messages(request, refusal)
    back = request.POST.get("back", "")
    if back == "grid":
        return redirect(f"{reverse('attendance:grid')}?debut={period_of(day).start.isoformat()}")
    return redirect(f"{reverse('attendance:today')}?jour={min(day, timezone.localdate()).isoformat()}")


@role_required(Role.PROVIDER)
@require_safe
def grid(request: HttpRequest) -> HttpResponse:
    """The 4-week grid: every child and every day of a period, to see it and correct it, and submit it."""
    provider = _own_provider(request)
    now = timezone.localdate()
    period = period_of(_day_from(request.GET.get("debut"), default=now))
    rows = selectors.provider_rows(provider, period=period, today=now)
    closed = set(
        Closure.objects.filter(provider=provider, day__range=(period.start, period.end)).values_list(
            "day", flat=True
        )
    )
    response = render(
        request,
        "attendance/grid.html",
        {
            "period": period,
            "rows": rows,
            "days": [(day, day in closed) for day in period.days],
            "over": period.is_over(now),
            "previous": period.previous(),
            "next": period.next() if not period.contains(now) else None,
            "submittable": (Status.DRAFT, Status.CONTESTED, Status.RETURNED),
        },
    )
    record_reads(request, [(row.child, provider) for row in rows])
    return response


def _may_keep_some(request: HttpRequest) -> None:
    # The provider, or an agent of its office while it delegates (can_keep decides for each agreement).
    if not (has_role(request.user, Role.PROVIDER) or has_role(request.user, Role.OFFICE_AGENT)):
        raise PermissionDenied


@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """One child's period: its 28 days, the contribution paid, the justification beyond 20 days."""
    _may_keep_some(request)
    agreement = get_object_or_404(Agreement.objects.visible_to(request.user), pk=pk)
    if not can_keep(request.user, agreement):
        raise PermissionDenied
    now = timezone.localdate()
    period = period_of(_day_from(request.GET.get("debut"), default=now))
    sheet = AttendanceSheet.objects.filter(agreement=agreement, period_start=period.start).first()
    if sheet is not None and sheet.status not in EDITABLE:
        return redirect("attendance:sheet", pk=sheet.pk)
    closed = set(
        Closure.objects.filter(
            provider=agreement.admission.provider, day__range=(period.start, period.end)
        ).values_list("day", flat=True)
    )
    form = PeriodForm(
        request.POST or None,
        period=period,
        days=sheet.days if sheet else Day.EMPTY,
        closed=closed,
        initial={
            "contribution_paid": sheet.contribution_paid if sheet else None,
            "justification": sheet.justification if sheet else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = correct_period(
                agreement=agreement,
                period=period,
                by=request.user,  # type: ignore[arg-type]
                days=form.days(),
                contribution_paid=form.cleaned_data["contribution_paid"],
                justification=form.cleaned_data["justification"],
            )
        except ValidationError as refusal:
            _show_refusal(form, refusal)
        else:
            messages.success(request, _("The period is saved."))
            return redirect("attendance:sheet", pk=saved.pk)
    terms = Terms.of(agreement)
    response = render(
        request,
        "attendance/edit.html",
        {
            "form": form,
            "agreement": agreement,
            "child": agreement.admission.child,
            "period": period,
            "sheet": sheet,
            "signed": sheet is not None and sheet.signed_on is not None,
            "planned": [terms.plans(day) for day in period.days],
            "provider_view": keeps_attendance(request.user, agreement.admission.provider),
        },
    )
    record_read(request, agreement.admission.child, provider=agreement.admission.provider)
    return response


def _visible_sheet(request: HttpRequest, pk: int) -> AttendanceSheet:
    return get_object_or_404(
        AttendanceSheet.objects.visible_to(request.user).select_related(
            "agreement__admission__child__family", "provider__office"
        ),
        pk=pk,
    )


@require_safe
def sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """A sheet: its 4 weeks, the amount paid, every version and step, and the actions its reader may take."""
    found = _visible_sheet(request, pk)
    terms = Terms.of(found.agreement)
    names = sees_staff_names(request.user, found)
    events = [
        (event, event.by.get_full_name() if names else STEP_ACTORS.get(Role(event.by.role), ""))
        for event in found.events.select_related("by")
    ]
    now = timezone.localdate()
    period = found.period
    weeks = [
        [(day, found.days[period.index_of(day)], terms.plans(day)) for day in period.days[start : start + 7]]
        for start in range(0, 28, 7)
    ]
    total = sheet_tallies([found])[found.pk]
    response = render(
        request,
        "attendance/sheet.html",
        {
            "sheet": found,
            "child": found.agreement.admission.child,
            "weeks": weeks,
            "total": total,
            "events": events,
            "versions": found.versions.select_related("signed_by"),
            "names": names,
            "over_twenty": found.attended > 20,
            "can_edit": can_keep(request.user, found.agreement) and found.status in EDITABLE,
            "can_submit": can_keep(request.user, found.agreement)
            and allows(found, Status.SUBMITTED)
            and found.status != Status.SIGNED
            and period.is_over(now),
            "can_sign": can_sign(request.user, found)
            and found.status == Status.SUBMITTED
            and period.is_over(now),
            "can_confirm": can_confirm(request.user, found) and found.status == Status.SIGNED,
            "contest_form": ContestForm(),
            "return_form": ReturnForm(),
            "Day": Day,
        },
    )
    record_read(request, found.agreement.admission.child, provider=found.provider)
    return response


def _sheet_step(
    request: HttpRequest, pk: int, do: Callable[[AttendanceSheet], object], done: str
) -> HttpResponse:
    found = _visible_sheet(request, pk)
    try:
        do(found)
    except ValidationError as refusal:
        _refusal_messages(request, refusal)
    else:
        messages.success(request, done)
    return redirect("attendance:sheet", pk=found.pk)


@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    _may_keep_some(request)
    return _sheet_step(
        request,
        pk,
        lambda found: submit_sheet(sheet=found, by=request.user),  # type: ignore[arg-type]
        _("The period is sent to the parent, to sign."),
    )


@role_required(Role.PARENT)
@require_POST
def sign(request: HttpRequest, pk: int) -> HttpResponse:
    """« J'ai vérifié les présences et le montant payé »: the box must be ticked."""
    if request.POST.get("checked") != "1":
        found = _visible_sheet(request, pk)
        messages.error(request, _("Tick « I checked the attendance and the amount paid » to sign."))
        return redirect("attendance:sheet", pk=found.pk)
    return _sheet_step(
        request,
        pk,
        lambda found: sign_sheet(sheet=found, by=request.user),  # type: ignore[arg-type]
        _("You signed the attendance sheet: it goes to the coordinating office."),
    )


@role_required(Role.PARENT)
@require_POST
def contest(request: HttpRequest, pk: int) -> HttpResponse:
    form = ContestForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    return _sheet_step(
        request,
        pk,
        lambda found: contest_sheet(sheet=found, by=request.user, comment=comment),  # type: ignore[arg-type]
        _("Your comment is sent to the provider, who will correct the sheet."),
    )


@role_required(Role.OFFICE_AGENT)
@require_POST
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReturnForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _sheet_step(
        request,
        pk,
        lambda found: return_sheet(sheet=found, by=request.user, reason=reason),  # type: ignore[arg-type]
        _("The sheet is returned to the provider."),
    )


@require_safe
def agreement_sheets(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendance sheets of one agreement, for its parent, its provider and its office."""
    agreement = get_object_or_404(Agreement.objects.visible_to(request.user), pk=pk)
    sheets = list(
        AttendanceSheet.objects.visible_to(request.user).filter(agreement=agreement).order_by("-period_start")
    )
    totals = sheet_tallies(sheets)
    response = render(
        request,
        "attendance/agreement_sheets.html",
        {
            "agreement": agreement,
            "child": agreement.admission.child,
            "rows": [(found, totals[found.pk]) for found in sheets],
            "provider_view": keeps_attendance(request.user, agreement.admission.provider),
        },
    )
    record_read(request, agreement.admission.child, provider=agreement.admission.provider)
    return response


@role_required(Role.OFFICE_AGENT)
@require_safe
def queue(request: HttpRequest) -> HttpResponse:
    """Sheets signed by parents, to confirm: what needs a look first; the late signatures; long absences."""
    now = timezone.localdate()
    page = Paginator(selectors.office_queue(request.user, today=now), QUEUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    late = list(selectors.unsigned_late(request.user, today=now)[:QUEUE_PAGE_SIZE])
    alerts = list(selectors.office_alerts(request.user)[:QUEUE_PAGE_SIZE])
    response = render(
        request,
        "attendance/queue.html",
        {"page": page, "late": late, "alerts": alerts, "query": "", "limit": 20},
    )
    shown = [*page.object_list, *late]
    record_reads(request, [(found.agreement.admission.child, found.provider) for found in shown])
    return response


@role_required(Role.OFFICE_AGENT)
@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    """« Confirmer la fréquentation » for the sheets ticked (or the one of the sheet's page)."""
    ids = [int(value) for value in request.POST.getlist("sheets") if value.isdigit() and int(value) < 2**31][
        :QUEUE_PAGE_SIZE
    ]
    found = list(AttendanceSheet.objects.visible_to(request.user).filter(pk__in=ids))
    if len(found) != len(set(ids)):
        raise Http404  # a sheet outside the office's territory

    try:
        confirmed = confirm_sheets(sheets=found, by=request.user)  # type: ignore[arg-type]
    except ValidationError as refusal:
        _refusal_messages(request, refusal)
    else:
        messages.success(
            request, _("Attendance confirmed for %(count)s sheet(s).") % {"count": len(confirmed)}
        )
    if len(ids) == 1 and request.POST.get("back") == "sheet":
        return redirect("attendance:sheet", pk=ids[0])
    return redirect("attendance:queue")
