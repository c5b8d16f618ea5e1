"""Pages of onboarding: the office's tracking, reminders and claim codes; the provider's claim form."""

import csv
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portail.accounts.models import Role
from portail.accounts.permissions import is_office_admin, role_required
from portail.core.spreadsheets import csv_cell
from portail.onboarding import reminder_text, selectors, services
from portail.onboarding.forms import ClaimForm, ReminderTemplateForm
from portail.onboarding.selectors import Pending
from portail.registry.models import Provider

PAGE_SIZE = 50


def _pending(request: HttpRequest) -> Pending:
    try:
        return Pending(request.GET.get("pending", Pending.ALL))
    except ValueError:
        return Pending.ALL


def _tracking_url(pending: str) -> str:
    return f"{reverse('onboarding:tracking')}?pending={pending}"


@role_required(Role.OFFICE_AGENT)
@require_safe
def tracking(request: HttpRequest) -> HttpResponse:
    """The office's providers who have not joined or not published, with the counts of all."""
    pending = _pending(request)
    providers = selectors.providers_to_chase(request.user, pending=pending)  # type: ignore[arg-type]
    office = request.user.office_agent.office  # type: ignore[union-attr]
    return render(
        request,
        "onboarding/tracking.html",
        {
            "office": office,
            "wording_problems": selectors.reminder_wording_problems(office),
            "counts": selectors.onboarding_counts(request.user),  # type: ignore[arg-type]
            "page": Paginator(providers, PAGE_SIZE).get_page(request.GET.get("page")),
            "pending": pending,
            "filters": list(Pending),
        },
    )


@role_required(Role.OFFICE_AGENT)
@require_safe
def export(request: HttpRequest) -> HttpResponse:
    """The tracking list as CSV: providers' contact details only, UTF-8 with a BOM for Excel."""
    pending = _pending(request)
    providers = selectors.providers_to_chase(request.user, pending=pending)  # type: ignore[arg-type]
    filename = f"adhesion-{pending}-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Last name"),
            _("First name"),
            _("Register number"),
            _("E-mail"),
            _("Phone"),
            _("Municipality"),
            _("Recognition status"),
            _("Joined the portal"),
            _("Profile published"),
            _("Last reminder"),
        ]
    )
    for provider in providers.iterator(chunk_size=500):
        writer.writerow(
            [
                csv_cell(cell)
                for cell in (
                    provider.last_name,
                    provider.first_name,
                    provider.register_number,
                    provider.email,
                    provider.phone,
                    provider.municipality,
                    provider.get_status_display(),
                    _date(provider.joined_portal_at),
                    _date(provider.profile_published_at),
                    _date(provider.last_reminder_at),  # type: ignore[attr-defined]
                )
            ]
        )
    return response


def _date(moment: Any) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d}" if moment else ""


# The largest id a database's integer column holds: a bigger one posted would overflow SQLite's driver.
MAX_ID = 2**31 - 1
WORDING_BROKEN = gettext_lazy(
    "Your office's reminder e-mail cannot be sent as it is written: no reminder was sent. "
    'Ask your office\'s administrator to correct it in "Edit the reminder e-mail".'
)


def _is_id(value: str) -> bool:
    return value.isascii() and value.isdigit() and 0 < int(value) <= MAX_ID


@role_required(Role.OFFICE_AGENT)
@require_POST
def remind(request: HttpRequest) -> HttpResponse:
    """Sends the reminder e-mail to the selected providers of the agent's own office."""
    pending = _pending(request)
    ids = {int(value) for value in request.POST.getlist("providers") if _is_id(value)}
    if not ids:
        messages.warning(request, _("Select at least one provider to remind."))
        return redirect(_tracking_url(pending))
    # Only the office's own providers still to join or publish: any other id posted is ignored.
    to_chase = selectors.providers_to_chase(request.user, pending=Pending.ALL)  # type: ignore[arg-type]
    providers = list(to_chase.filter(pk__in=ids))
    if len(providers) < len(ids):
        messages.error(request, _("Some selected providers cannot be reminded; they were ignored."))
    try:
        outcome = services.send_reminders(
            office=request.user.office_agent.office,  # type: ignore[union-attr]
            providers=providers,
            by=request.user,  # type: ignore[arg-type]
            portal_url=request.build_absolute_uri(reverse("core:dashboard")),
        )
    except reminder_text.WordingError:
        messages.error(request, str(WORDING_BROKEN))
        return redirect(_tracking_url(pending))
    parts = [
        ngettext("%(count)d reminder sent", "%(count)d reminders sent", outcome.sent)
        % {"count": outcome.sent}
    ]
    if outcome.recently_reminded:
        parts.append(
            ngettext(
                "%(count)d provider already reminded less than 7 days ago",
                "%(count)d providers already reminded less than 7 days ago",
                outcome.recently_reminded,
            )
            % {"count": outcome.recently_reminded}
        )
    if outcome.without_email:
        parts.append(
            ngettext(
                "%(count)d provider without an e-mail address",
                "%(count)d providers without an e-mail address",
                outcome.without_email,
            )
            % {"count": outcome.without_email}
        )
    level = messages.SUCCESS if outcome.sent else messages.WARNING
    messages.add_message(request, level, ", ".join(parts) + ".")
    return redirect(_tracking_url(pending))


# The preview fills the text for a made-up provider: no real person's name on the screen.
SAMPLE_PROVIDER = {"first_name": "Jeanne", "last_name": "Lavoie"}


@role_required(Role.OFFICE_AGENT)
@require_http_methods(["GET", "HEAD", "POST"])
def reminder_template(request: HttpRequest) -> HttpResponse:
    """The office's reminder wording: every agent reads and previews it, only its admin changes it."""
    office = request.user.office_agent.office  # type: ignore[union-attr]
    may_edit = is_office_admin(request.user)  # type: ignore[arg-type]
    subject, body = selectors.reminder_wording_of(office)
    form = ReminderTemplateForm(request.POST or None, initial={"subject": subject, "body": body})
    preview = None
    if request.method == "POST" and "preview" in request.POST:
        if form.is_valid():
            values = {
                **SAMPLE_PROVIDER,
                "office": office.name,
                "link": request.build_absolute_uri(reverse("core:dashboard")),
            }
            preview = {
                "subject": reminder_text.fill(form.cleaned_data["subject"], **values),
                "body": reminder_text.fill(form.cleaned_data["body"], **values),
            }
    elif request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.save_reminder_template(office=office, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The reminder e-mail was saved."))
                return redirect("onboarding:tracking")
    return render(
        request,
        "onboarding/reminder_template.html",
        {
            "form": form,
            "placeholders": reminder_text.PLACEHOLDERS,
            "may_edit": may_edit,
            "preview": preview,
            "sample": SAMPLE_PROVIDER,
            "wording_problems": selectors.reminder_wording_problems(office)
            if request.method != "POST"
            else [],
        },
    )


@role_required(Role.OFFICE_AGENT)
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def claim_code(request: HttpRequest, provider_id: int) -> HttpResponse:
    """Generates a provider's one-time claim code; the code is shown on this response only."""
    provider = get_object_or_404(Provider.objects.visible_to(request.user), pk=provider_id)  # type: ignore[arg-type]
    code = None
    if request.method == "POST":
        if provider.user_id is not None:
            messages.error(request, _("This provider has already joined the portal."))
        else:
            code = services.issue_claim_code(provider=provider, by=request.user)  # type: ignore[arg-type]
    return render(
        request,
        "onboarding/claim_code.html",
        {
            "provider": provider,
            "code": code,
            "open_code": selectors.open_claim_code_of(provider),
            "now": timezone.now(),
        },
    )


CLAIM_MESSAGES = {
    services.ClaimResult.EXPIRED: gettext_lazy(
        "This code has expired. Ask your coordinating office for a new one."
    ),
    services.ClaimResult.TOO_MANY_ATTEMPTS: gettext_lazy(
        "Too many wrong tries. Try again in an hour, or call your coordinating office."
    ),
    services.ClaimResult.NOT_ALLOWED: gettext_lazy("This account cannot be linked to a register entry."),
}


@role_required(Role.PARENT)
@require_http_methods(["GET", "HEAD", "POST"])
def claim(request: HttpRequest) -> HttpResponse:
    """A signed-in account claims its register entry with its number and its office's code."""
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = services.claim_provider_entry(user=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        if outcome.result is services.ClaimResult.LINKED:
            messages.success(request, _("Your account is now linked to your entry in the register."))
            return redirect("core:provider_home")
        if outcome.result is services.ClaimResult.REFUSED and outcome.attempts_left > 0:
            form.add_error(
                None,
                ngettext(
                    "This register number and code do not match. You have %(count)d try left.",
                    "This register number and code do not match. You have %(count)d tries left.",
                    outcome.attempts_left,
                )
                % {"count": outcome.attempts_left},
            )
        elif outcome.result is services.ClaimResult.REFUSED:
            form.add_error(None, str(CLAIM_MESSAGES[services.ClaimResult.TOO_MANY_ATTEMPTS]))
        else:
            form.add_error(None, str(CLAIM_MESSAGES[outcome.result]))
    return render(request, "onboarding/claim.html", {"form": form})
