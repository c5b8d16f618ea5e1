"""Pages of onboarding: the office's tracking, reminders and claim codes; the provider's claim form."""

import csv
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portail.accounts.models import Role
from portail.accounts.permissions import role_required
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
@require_GET
def tracking(request: HttpRequest) -> HttpResponse:
    """The office's providers who have not joined or not published, with the counts of all."""
    pending = _pending(request)
    providers = selectors.providers_to_chase(request.user, pending=pending)  # type: ignore[arg-type]
    return render(
        request,
        "onboarding/tracking.html",
        {
            "office": request.user.office_agent.office,  # type: ignore[union-attr]
            "counts": selectors.onboarding_counts(request.user),  # type: ignore[arg-type]
            "page": Paginator(providers, PAGE_SIZE).get_page(request.GET.get("page")),
            "pending": pending,
            "filters": list(Pending),
        },
    )


def _csv_cell(value: Any) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


@role_required(Role.OFFICE_AGENT)
@require_GET
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
                _csv_cell(cell)
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


@role_required(Role.OFFICE_AGENT)
@require_POST
def remind(request: HttpRequest) -> HttpResponse:
    """Sends the reminder e-mail to the selected providers of the agent's own office."""
    pending = _pending(request)
    ids = {value for value in request.POST.getlist("providers") if value.isdigit()}
    if not ids:
        messages.warning(request, _("Select at least one provider to remind."))
        return redirect(_tracking_url(pending))
    # Only the office's own providers still to join or publish: any other id posted is ignored.
    to_chase = selectors.providers_to_chase(request.user, pending=Pending.ALL)  # type: ignore[arg-type]
    providers = list(to_chase.filter(pk__in=ids))
    if len(providers) < len(ids):
        messages.error(request, _("Some selected providers cannot be reminded; they were ignored."))
    outcome = services.send_reminders(
        office=request.user.office_agent.office,  # type: ignore[union-attr]
        providers=providers,
        by=request.user,  # type: ignore[arg-type]
        portal_url=request.build_absolute_uri(reverse("core:dashboard")),
    )
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


@role_required(Role.OFFICE_AGENT)
@require_http_methods(["GET", "POST"])
def reminder_template(request: HttpRequest) -> HttpResponse:
    """The office's wording of the reminder e-mail."""
    office = request.user.office_agent.office  # type: ignore[union-attr]
    subject, body = selectors.reminder_wording_of(office)
    form = ReminderTemplateForm(request.POST or None, initial={"subject": subject, "body": body})
    if request.method == "POST" and form.is_valid():
        services.save_reminder_template(office=office, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, _("The reminder e-mail was saved."))
        return redirect("onboarding:tracking")
    return render(
        request,
        "onboarding/reminder_template.html",
        {"form": form, "placeholders": reminder_text.PLACEHOLDERS},
    )


@role_required(Role.OFFICE_AGENT)
@require_http_methods(["GET", "POST"])
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
            "max_attempts": services.MAX_FAILED_ATTEMPTS,
            "now": timezone.now(),
        },
    )


CLAIM_MESSAGES = {
    services.ClaimResult.EXPIRED: gettext_lazy(
        "This code has expired. Ask your coordinating office for a new one."
    ),
    services.ClaimResult.LOCKED: gettext_lazy(
        "This code was blocked after too many wrong tries. Ask your coordinating office for a new one."
    ),
    services.ClaimResult.TOO_MANY_ATTEMPTS: gettext_lazy(
        "Too many wrong tries. Try again tomorrow, or call your coordinating office."
    ),
    services.ClaimResult.NOT_ALLOWED: gettext_lazy("This account cannot be linked to a register entry."),
}


@role_required(Role.PARENT)
@require_http_methods(["GET", "POST"])
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
