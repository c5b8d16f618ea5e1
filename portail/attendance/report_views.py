"""Attendance's reports: the attestation of services provided (its page, its PDF, the e-mail to the parent)
and the office's totals per provider for a period, with their CSV export for its accounting."""

import csv
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from portail.accounts.models import Role
from portail.accounts.permissions import has_role, role_required
from portail.agreements.models import Agreement
from portail.attendance import attestations
from portail.attendance.attestations import (
    Attestation,
    attestation_for,
    attested,
    default_year,
    request_attestation,
    start_of,
    year_from,
    years_of,
)
from portail.attendance.counting import period_totals, recent_periods
from portail.attendance.models import AttendanceSheet
from portail.attendance.periods import Period, is_period_start
from portail.core.spreadsheets import csv_cell
from portail.families.access_log import record_read


def _agreement(request: HttpRequest, pk: int) -> Agreement:
    return get_object_or_404(attested(request.user).select_related("admission__child__family"), pk=pk)


def _attestation(
    request: HttpRequest, agreement: Agreement, value: str | None
) -> tuple[Attestation, list[Any]]:
    today = timezone.localdate()
    years = years_of(agreement, start=start_of(agreement), today=today)
    year = year_from(value, choices=years) or default_year(agreement, today=today)
    if years and year not in years:
        year = years[0]
    return attestation_for(agreement, year, today=today), years


def _staff(request: HttpRequest) -> bool:
    return has_role(request.user, Role.PROVIDER) or has_role(request.user, Role.OFFICE_AGENT)


@require_safe
def attestation(request: HttpRequest, pk: int) -> HttpResponse:
    """« Attestation des services de garde fournis » of a reference year, printable."""
    agreement = _agreement(request, pk)
    document, years = _attestation(request, agreement, request.GET.get("annee"))
    response = render(
        request,
        "attendance/reports/attestation.html",
        {"attestation": document, "years": years, "staff": _staff(request)},
    )
    record_read(request, agreement.admission.child, provider=agreement.admission.provider)
    return response


@require_safe
def attestation_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The attestation as a PDF, downloaded and never kept by a cache."""
    agreement = _agreement(request, pk)
    document, _years = _attestation(request, agreement, request.GET.get("annee"))
    pdf = attestations.attestation_pdf(document, staff=_staff(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="attestation-{document.year.first_year}-{agreement.pk}.pdf"'
    )
    response["Cache-Control"] = "no-store"
    record_read(request, agreement.admission.child, provider=agreement.admission.provider)
    return response


@require_POST
def attestation_send(request: HttpRequest, pk: int) -> HttpResponse:
    """« Envoyer l'attestation au parent »: the parent is e-mailed the link to this year's attestation."""
    agreement = _agreement(request, pk)
    value = request.POST.get("annee", "")
    url = reverse("attendance_reports:attestation", args=[agreement.pk])
    years = years_of(agreement, start=start_of(agreement), today=timezone.localdate())
    year = year_from(value, choices=years)
    if year is None:
        messages.error(request, _("Choose a reference year in which the services ran."))
        return redirect(url)
    try:
        request_attestation(agreement=agreement, year=year, by=request.user)
    except ValidationError as refusal:
        for message in refusal.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The parent will receive by e-mail the link to this attestation."))
    return redirect(f"{url}?annee={year.first_year}")


# The office's totals.


# A period the URL names must start within these years (a typo such as 0001-01-01 or 9999-12-31 names none).
PERIOD_YEARS = range(2000, 2101)


def _period(value: str | None, default: Period) -> Period:
    """The period the URL names by its first day (any period of the calendar); `default` if it names none."""
    try:
        day = date.fromisoformat((value or "").strip()[:10])
    except ValueError:
        return default
    return Period(day) if day.year in PERIOD_YEARS and is_period_start(day) else default


def _totals(request: HttpRequest) -> tuple[Any, list[Period]]:
    """The totals of the period asked (the last one over by default), and the chooser's periods: the
    recent ones, and the one asked if it is older."""
    choices = recent_periods(timezone.localdate())
    period = _period(request.GET.get("periode"), choices[1])
    if period not in choices:
        choices = sorted([*choices, period], reverse=True)
    return period_totals(AttendanceSheet.objects.visible_to(request.user), period), choices


@role_required(Role.OFFICE_AGENT)
@require_safe
def totals(request: HttpRequest) -> HttpResponse:
    """« Totaux de fréquentation »: per provider of the office, for a period, the days and half-days
    attended and the subsidized places used."""
    figures, choices = _totals(request)
    return render(request, "attendance/reports/totals.html", {"totals": figures, "choices": choices})


@role_required(Role.OFFICE_AGENT)
@require_safe
def totals_export(request: HttpRequest) -> HttpResponse:
    """The totals of a period as CSV for the office's accounting: providers and figures, no child, no
    parent's contact."""
    figures, _choices = _totals(request)
    period = figures.period
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="frequentation-{period.start:%Y-%m-%d}.csv"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Provider"),
            _("Register number"),
            _("Period from"),
            _("Period to"),
            _("Attendance sheets"),
            _("Sheets confirmed"),
            _("Days attended"),
            _("Half-days attended"),
            _("Subsidized places used"),
            _("Subsidized places in the register"),
        ]
    )
    for line in figures.providers:
        writer.writerow(
            [
                csv_cell(cell)
                for cell in (
                    line.name,
                    line.register_number,
                    period.start.isoformat(),
                    period.end.isoformat(),
                    line.sheets,
                    line.confirmed,
                    line.tally.days,
                    line.tally.half_days,
                    line.subsidized_places_used,
                    line.subsidized_places,
                )
            ]
        )
    return response
