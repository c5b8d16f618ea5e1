"""Writes of attendance: a day marked, a period corrected, the provider's closures, the submission, the
parent's signature or contest, the office's confirmation or return. Every rule is here (and in rules.py),
never in a form; every step is an event row; a correction after a signature is a new version."""

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portail.accounts.models import User
from portail.agreements.models import Agreement
from portail.agreements.models import Status as AgreementStatus
from portail.attendance.models import (
    EDITABLE,
    AbsenceAlert,
    AttendanceSheet,
    Closure,
    Day,
    SheetEvent,
    SheetVersion,
    Status,
    Step,
    allows,
)
from portail.attendance.periods import PERIOD_DAYS, Period, ReferenceYear, period_of, reference_year_of
from portail.attendance.permissions import can_confirm, can_keep, can_sign, keeps_attendance
from portail.attendance.rules import Terms, check_days
from portail.attendance.tasks import send_absence_alert
from portail.registry.models import Provider

# After this many consecutive days of absence the agreement must end: the provider and the office are told.
LONG_ABSENCE_DAYS = 90
KEEP_UNCHANGED = object()
# Days the portal keeps attendance for: none before it, closures at most two years ahead.
FIRST_DAY = date(2000, 1, 1)
MOST_DAYS_AHEAD = 730


def _check_in_range(day: date, *, today: date, field: str = "day") -> None:
    if not FIRST_DAY <= day <= today + timedelta(days=MOST_DAYS_AHEAD):
        raise ValidationError({field: _("Choose a day between 2000 and two years from today.")})


def _authorize(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _valid_amount(amount: object) -> bool:
    return (
        isinstance(amount, Decimal)
        and amount.is_finite()
        and Decimal(0) <= amount < Decimal(1_000_000)
        and amount == amount.quantize(Decimal("0.01"))
    )


def _locked_agreement(agreement: Agreement) -> Agreement:
    # Every write of an agreement's sheets takes its row lock: the year's total spans several sheets.
    return (
        Agreement.objects.select_for_update()
        .select_related("admission__child__family", "admission__provider")
        .get(pk=agreement.pk)
    )


def _locked_sheet(sheet: AttendanceSheet) -> AttendanceSheet:
    agreement = _locked_agreement(sheet.agreement)
    locked = AttendanceSheet.objects.select_for_update().get(pk=sheet.pk)
    locked.agreement = agreement
    return locked


def _event(sheet: AttendanceSheet, *, by: User, step: Step, from_status: str, reason: str = "") -> None:
    SheetEvent.objects.create(
        sheet=sheet,
        step=step,
        version=sheet.version,
        from_status=from_status,
        to_status=sheet.status,
        by=by,
        reason=reason,
    )


def _transition(
    sheet: AttendanceSheet, to: Status, *, by: User, reason: str = "", step: Step = Step.STATUS
) -> None:
    if not allows(sheet, to):
        raise ValidationError(
            _("This attendance sheet is « %(status)s »: it cannot be changed that way.")
            % {"status": sheet.get_status_display()}
        )
    before = sheet.status
    sheet.status = to
    sheet.save()
    _event(sheet, by=by, step=step, from_status=before, reason=reason)


def _attended_by_year(agreement: Agreement, period: Period) -> dict[ReferenceYear, int]:
    """Days attended in the agreement's other sheets, by reference year, for the years `period` touches."""
    years = {reference_year_of(period.start), reference_year_of(period.end)}
    first = min(year.start for year in years) - timedelta(days=PERIOD_DAYS - 1)
    last = max(year.end for year in years)
    counts: dict[ReferenceYear, int] = {}
    rows = (
        AttendanceSheet.objects.filter(agreement=agreement, period_start__range=(first, last))
        .exclude(period_start=period.start)
        .values_list("period_start", "days")
    )
    for start, days in rows:
        for index, code in enumerate(days):
            if code in Day.ATTENDED:
                year = reference_year_of(start + timedelta(days=index))
                if year in years:
                    counts[year] = counts.get(year, 0) + 1
    return counts


def _closed_days(provider_id: int, period: Period) -> set[date]:
    return set(
        Closure.objects.filter(provider_id=provider_id, day__range=(period.start, period.end)).values_list(
            "day", flat=True
        )
    )


def _sheet_of(agreement: Agreement, period: Period) -> AttendanceSheet:
    sheet, _created = AttendanceSheet.objects.select_for_update().get_or_create(
        agreement=agreement,
        period_start=period.start,
        defaults={"provider_id": agreement.admission.provider_id},
    )
    sheet.agreement = agreement
    return sheet


def _write(
    sheet: AttendanceSheet,
    *,
    by: User,
    days: str,
    today: date,
    contribution_paid: object = KEEP_UNCHANGED,
    justification: str | None = None,
    closed: set[date] | None = None,
) -> AttendanceSheet:
    """Checks and writes new days (and amount, justification) on a locked sheet; a signed version is kept
    as it was and the change becomes a new version, which the parent signs again."""
    agreement = sheet.agreement
    if sheet.status not in EDITABLE:
        raise ValidationError(_("The office confirmed this attendance sheet: it can no longer be changed."))
    errors: dict[str, str] = {}
    amount = sheet.contribution_paid if contribution_paid is KEEP_UNCHANGED else contribution_paid
    if amount is not None and not _valid_amount(amount):
        errors["contribution_paid"] = _(
            "The contribution paid is an amount of 0 $ or more, in dollars and cents."
        )
    if errors:
        raise ValidationError(errors)
    justification = sheet.justification if justification is None else justification.strip()
    new_days = check_days(
        period=sheet.period,
        before=sheet.days,
        after=days,
        terms=Terms.of(agreement),
        closed=_closed_days(sheet.provider_id, sheet.period) if closed is None else closed,
        today=today,
        justification=justification,
        attended_elsewhere=_attended_by_year(agreement, sheet.period),
    )
    if (new_days, amount, justification) == (sheet.days, sheet.contribution_paid, sheet.justification):
        return sheet
    corrected_after_signature = sheet.signed_on is not None
    if corrected_after_signature:
        SheetVersion.objects.create(
            sheet=sheet,
            number=sheet.version,
            days=sheet.days,
            contribution_paid=sheet.contribution_paid,
            justification=sheet.justification,
            signed_on=sheet.signed_on,
            signed_by=sheet.signed_by,
        )
        sheet.version += 1
        sheet.signed_on, sheet.signed_by = None, None
    sheet.days, sheet.justification = new_days, justification
    sheet.contribution_paid = cast(Decimal | None, amount)
    if corrected_after_signature:
        reason = _("Corrected after the parent's signature: the parent signs the new version.")
        if sheet.status == Status.SIGNED:
            _transition(sheet, Status.SUBMITTED, by=by, step=Step.VERSION, reason=reason)
        else:
            sheet.save()
            _event(sheet, by=by, step=Step.VERSION, from_status=sheet.status, reason=reason)
    else:
        sheet.save()
    _watch_absence(agreement, today=today)
    return sheet


@transaction.atomic
def mark_day(
    *, agreement: Agreement, day: date, state: str, by: User, extra: bool = False, today: date | None = None
) -> AttendanceSheet:
    """« Présent » / « Absent » (or cleared) for one child on one day; a presence on a day the agreement
    does not plan is accepted only as a confirmed extra day."""
    today = today or timezone.localdate()
    agreement = _locked_agreement(agreement)
    _authorize(can_keep(by, agreement))
    if state not in Day.CODES:
        raise ValidationError({"state": _("Choose present or absent.")})
    _check_in_range(day, today=today)
    if state == Day.PRESENT and extra:
        state = Day.EXTRA
    period = period_of(day)
    sheet = _sheet_of(agreement, period)
    index = period.index_of(day)
    days = sheet.days[:index] + state + sheet.days[index + 1 :]
    return _write(sheet, by=by, days=days, today=today)


@transaction.atomic
def correct_period(
    *,
    agreement: Agreement,
    period: Period,
    by: User,
    days: str,
    contribution_paid: Decimal | None,
    justification: str = "",
    today: date | None = None,
) -> AttendanceSheet:
    """The 4-week grid of one child saved at once: its days, the contribution the parent paid, and the
    justification of more than 20 days."""
    today = today or timezone.localdate()
    agreement = _locked_agreement(agreement)
    _authorize(can_keep(by, agreement))
    _check_in_range(period.start, today=today)
    sheet = _sheet_of(agreement, period)
    return _write(
        sheet, by=by, days=days, today=today, contribution_paid=contribution_paid, justification=justification
    )


@transaction.atomic
def add_closure(*, provider: Provider, day: date, by: User) -> Closure:
    """« Fermeture »: the provider is closed on `day` for all its children (it may be planned ahead). A
    child already marked present that day is refused; absences that day are cleared."""
    _authorize(keeps_attendance(by, provider))
    _check_in_range(day, today=timezone.localdate())
    provider = Provider.objects.select_for_update().get(pk=provider.pk)
    period = period_of(day)
    index = period.index_of(day)
    sheets = list(
        AttendanceSheet.objects.select_for_update()
        .filter(provider=provider, period_start=period.start)
        .select_related("agreement__admission__child")
    )
    present = [sheet for sheet in sheets if sheet.days[index] in Day.ATTENDED]
    if present:
        child = present[0].agreement.admission.child
        raise ValidationError(
            {
                "day": _(
                    "%(name)s is marked present on %(day)s: correct the presence before closing that day."
                )
                % {"name": child.first_name, "day": date_format(day, "DATE_FORMAT")}
            }
        )
    closure, created = Closure.objects.get_or_create(provider=provider, day=day, defaults={"created_by": by})
    if not created:
        return closure
    closed = _closed_days(provider.pk, period)
    for sheet in sheets:
        if sheet.days[index] == Day.ABSENT:
            sheet.agreement = _locked_agreement(sheet.agreement)
            days = sheet.days[:index] + Day.NONE + sheet.days[index + 1 :]
            _write(sheet, by=by, days=days, today=timezone.localdate(), closed=closed)
    return closure


@transaction.atomic
def remove_closure(*, provider: Provider, day: date, by: User) -> None:
    """The provider opens after all on a day it had closed."""
    _authorize(keeps_attendance(by, provider))
    Closure.objects.filter(provider=provider, day=day).delete()


@transaction.atomic
def submit_sheet(*, sheet: AttendanceSheet, by: User, today: date | None = None) -> AttendanceSheet:
    """The provider sends a period that is over to the parent, to sign."""
    today = today or timezone.localdate()
    sheet = _locked_sheet(sheet)
    _authorize(can_keep(by, sheet.agreement))
    if not sheet.period.is_over(today):
        raise ValidationError(
            _("The period ends on %(day)s: it is submitted once it is over.")
            % {"day": date_format(sheet.period.end, "DATE_FORMAT")}
        )
    if sheet.contribution_paid is None:
        raise ValidationError(
            {"contribution_paid": _("Enter the contribution the parent paid for the period (0 $ if none).")}
        )
    if sheet.attended > 20 and not sheet.justification:
        raise ValidationError({"justification": _("More than 20 days in 4 weeks needs a justification.")})
    sheet.submitted_on = today
    _transition(sheet, Status.SUBMITTED, by=by)
    return sheet


@transaction.atomic
def sign_sheet(*, sheet: AttendanceSheet, by: User, today: date | None = None) -> AttendanceSheet:
    """« J'ai vérifié les présences et le montant payé »: the parent signs, once the period is over."""
    today = today or timezone.localdate()
    sheet = _locked_sheet(sheet)
    _authorize(can_sign(by, sheet))
    if not sheet.period.is_over(today):
        raise ValidationError(
            _("The period ends on %(day)s: it is signed once it is over.")
            % {"day": date_format(sheet.period.end, "DATE_FORMAT")}
        )
    if sheet.status == Status.SIGNED:
        raise ValidationError(_("You already signed this version of the attendance sheet."))
    if not allows(sheet, Status.SIGNED):
        _transition(sheet, Status.SIGNED, by=by)  # refuses, naming the status
    sheet.signed_on, sheet.signed_by = today, by
    _transition(sheet, Status.SIGNED, by=by)
    return sheet


@transaction.atomic
def contest_sheet(*, sheet: AttendanceSheet, by: User, comment: str) -> AttendanceSheet:
    """The parent sends the sheet back to the provider, saying what is wrong."""
    sheet = _locked_sheet(sheet)
    _authorize(can_sign(by, sheet))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what is wrong in the attendance or the amount.")})
    _transition(sheet, Status.CONTESTED, by=by, reason=comment.strip()[:1000])
    return sheet


@transaction.atomic
def confirm_sheets(
    *, sheets: Iterable[AttendanceSheet], by: User, today: date | None = None
) -> list[AttendanceSheet]:
    """« Confirmer la fréquentation »: the office confirms signed sheets, one or many (all or none)."""
    today = today or timezone.localdate()
    confirmed = []
    for sheet in sorted(sheets, key=lambda sheet: sheet.pk):
        sheet = _locked_sheet(sheet)
        _authorize(can_confirm(by, sheet))
        if sheet.status != Status.SIGNED:
            raise ValidationError(
                _("Only a sheet signed by the parent is confirmed; the one of %(name)s is « %(status)s ».")
                % {"name": sheet.agreement.admission.child.first_name, "status": sheet.get_status_display()}
            )
        sheet.confirmed_on = today
        _transition(sheet, Status.CONFIRMED, by=by)
        confirmed.append(sheet)
    if not confirmed:
        raise ValidationError(_("Choose at least one sheet to confirm."))
    return confirmed


@transaction.atomic
def return_sheet(*, sheet: AttendanceSheet, by: User, reason: str) -> AttendanceSheet:
    """The office sends a signed sheet back to the provider, saying what to correct."""
    sheet = _locked_sheet(sheet)
    _authorize(can_confirm(by, sheet))
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the provider must correct.")})
    _transition(sheet, Status.RETURNED, by=by, reason=reason.strip()[:1000])
    return sheet


def absence_run(agreement: Agreement, *, terms: Terms | None = None) -> tuple[date, date] | None:
    """The last run of consecutive days of absence: from its first day marked absent to its last, with no
    presence in between and every day the agreement plans (and the provider is open) marked absent."""
    terms = terms or Terms.of(agreement)
    sheets = list(
        AttendanceSheet.objects.filter(agreement=agreement)
        .order_by("-period_start")
        .values_list("period_start", "days")[:6]
    )
    if not sheets:
        return None
    codes: dict[date, str] = {}
    for start, days in sheets:
        for index, code in enumerate(days):
            if code != Day.NONE:
                codes[start + timedelta(days=index)] = code
    if not codes:
        return None
    last = max(codes)
    if codes[last] != Day.ABSENT:
        return None
    earliest = sheets[-1][0]
    closed = set(
        Closure.objects.filter(
            provider_id=agreement.admission.provider_id, day__range=(earliest, last)
        ).values_list("day", flat=True)
    )
    first, day = last, last - timedelta(days=1)
    while day >= earliest:
        code = codes.get(day, Day.NONE)
        if code == Day.ABSENT:
            first = day
        elif code in Day.ATTENDED or (terms.plans(day) and day not in closed):
            break
        day -= timedelta(days=1)
    return first, last


def _watch_absence(agreement: Agreement, *, today: date) -> None:
    """After 90 consecutive days of absence, an alert (a flag on the provider's and the office's pages,
    an e-mail to both after commit); a correction that breaks the run removes it."""
    if agreement.status != AgreementStatus.RECORDED:
        return
    run = absence_run(agreement)
    alert = AbsenceAlert.objects.filter(agreement=agreement).first()
    if run is not None and (run[1] - run[0]).days + 1 >= LONG_ABSENCE_DAYS:
        since = run[0]
        reached = since + timedelta(days=LONG_ABSENCE_DAYS - 1)
        if alert is None:
            alert = AbsenceAlert.objects.create(
                agreement=agreement,
                provider_id=agreement.admission.provider_id,
                absent_since=since,
                reached_on=reached,
            )
            alert_id = alert.pk
            transaction.on_commit(lambda: send_absence_alert.enqueue(alert_id=alert_id))
        elif alert.absent_since != since:
            alert.absent_since, alert.reached_on = since, reached
            alert.save(update_fields=["absent_since", "reached_on"])
    elif alert is not None and _attended_between(agreement, alert.absent_since, alert.reached_on):
        # A correction shows the child was there during those 90 days. (A child who comes back after
        # them keeps the alert: the 90 days happened.)
        alert.delete()


def _attended_between(agreement: Agreement, first: date, last: date) -> bool:
    rows = AttendanceSheet.objects.filter(
        agreement=agreement, period_start__range=(first - timedelta(days=PERIOD_DAYS - 1), last)
    ).values_list("period_start", "days")
    return any(
        code in Day.ATTENDED and first <= start + timedelta(days=index) <= last
        for start, days in rows
        for index, code in enumerate(days)
    )
