"""Writes of attendance: a day marked, a period corrected, the provider's closures, the submission, the
parent's signature or contest, the office's confirmation or return. Every rule is here (and in rules.py),
never in a form; every step is an event row; a correction after a signature is a new version."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple, cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portail.accounts.models import User
from portail.agreements.models import Agreement, AgreementVersion
from portail.attendance.absences import watch_absence, watch_absences
from portail.attendance.models import (
    EDITABLE,
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
from portail.attendance.permissions import (
    KEPT_FOR,
    can_confirm,
    can_sign,
    keeping_refusal,
    keeps_attendance,
)
from portail.attendance.rules import Terms, check_days
from portail.attendance.signals import sheet_events_created
from portail.registry.models import Provider

# After this many consecutive days of absence the agreement must end: the provider and the office are told.
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


def _refuse(refusal: PermissionDenied | None) -> None:
    if refusal is not None:
        raise refusal


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


def _attended_by_year(agreement_ids: Iterable[int], period: Period) -> dict[int, dict[ReferenceYear, int]]:
    """Days attended in each agreement's other sheets, by reference year, for the years `period` touches."""
    years = {reference_year_of(period.start), reference_year_of(period.end)}
    first = min(year.start for year in years) - timedelta(days=PERIOD_DAYS - 1)
    last = max(year.end for year in years)
    counts: dict[int, dict[ReferenceYear, int]] = defaultdict(dict)
    rows = (
        AttendanceSheet.objects.filter(agreement_id__in=agreement_ids, period_start__range=(first, last))
        .exclude(period_start=period.start)
        .values_list("agreement_id", "period_start", "days")
    )
    for agreement_id, start, days in rows:
        by_year = counts[agreement_id]
        year = reference_year_of(start)
        if year == reference_year_of(start + timedelta(days=PERIOD_DAYS - 1)):
            # The whole sheet is in one year (all but one a year): counted at once.
            if year in years:
                by_year[year] = by_year.get(year, 0) + sum(days.count(code) for code in Day.ATTENDED)
            continue
        for index, code in enumerate(days):
            if code in Day.ATTENDED:
                year = reference_year_of(start + timedelta(days=index))
                if year in years:
                    by_year[year] = by_year.get(year, 0) + 1
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


def _checked(
    sheet: AttendanceSheet,
    *,
    days: str,
    today: date,
    contribution_paid: object,
    justification: str | None,
    terms: Terms,
    closed: set[date],
    attended_elsewhere: dict[ReferenceYear, int],
) -> tuple[str, Decimal | None, str]:
    """The sheet's new days, amount and justification once every rule holds (else a ValidationError): the
    one check of a sheet's change, for one sheet as for a bulk upload."""
    if sheet.status not in EDITABLE:
        raise ValidationError(
            _("The office confirmed this attendance sheet: it can no longer be changed."),
            code="sheet_confirmed",
        )
    amount = sheet.contribution_paid if contribution_paid is KEEP_UNCHANGED else contribution_paid
    if amount is not None and not _valid_amount(amount):
        raise ValidationError(
            {
                "contribution_paid": ValidationError(
                    _("The contribution paid is an amount of 0 $ or more, in dollars and cents."),
                    code="invalid_amount",
                )
            }
        )
    justification = sheet.justification if justification is None else justification.strip()
    new_days = check_days(
        period=sheet.period,
        before=sheet.days,
        after=days,
        terms=terms,
        closed=closed,
        today=today,
        justification=justification,
        attended_elsewhere=attended_elsewhere,
    )
    return new_days, cast(Decimal | None, amount), justification


class _Change(NamedTuple):
    """What a sheet's change writes besides the sheet: the signed version it replaces and its event."""

    version: SheetVersion | None
    event: SheetEvent | None


def _next_version(sheet: AttendanceSheet) -> SheetVersion:
    """The signed version kept as it was (unsaved), and the sheet in memory a new version without signature,
    which the parent signs again."""
    version = SheetVersion(
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
    return version


def _changed(sheet: AttendanceSheet, *, by: User, new: tuple[str, Decimal | None, str]) -> _Change | None:
    """Applies checked days, amount and justification to the sheet in memory (None if they change nothing):
    a signed version is kept as it was and the change becomes a new version, which the parent signs again."""
    new_days, amount, justification = new
    if (new_days, amount, justification) == (sheet.days, sheet.contribution_paid, sheet.justification):
        return None
    version = event = None
    if sheet.signed_on is not None:
        version = _next_version(sheet)
        before = sheet.status
        if sheet.status == Status.SIGNED:
            sheet.status = Status.SUBMITTED  # ALLOWED's correction after the signature
        event = SheetEvent(
            sheet=sheet,
            step=Step.VERSION,
            version=sheet.version,
            from_status=before,
            to_status=sheet.status,
            by=by,
            reason=_("Corrected after the parent's signature: the parent signs the new version."),
        )
    sheet.days, sheet.contribution_paid, sheet.justification = new_days, amount, justification
    return _Change(version=version, event=event)


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
    """Checks and writes new days (and amount, justification) on a locked sheet (a correction after the
    parent's signature is a new version)."""
    agreement = sheet.agreement
    new = _checked(
        sheet,
        days=days,
        today=today,
        contribution_paid=contribution_paid,
        justification=justification,
        terms=Terms.of(agreement),
        closed=_closed_days(sheet.provider_id, sheet.period) if closed is None else closed,
        attended_elsewhere=_attended_by_year([agreement.pk], sheet.period).get(agreement.pk, {}),
    )
    change = _changed(sheet, by=by, new=new)
    if change is None:
        return sheet
    sheet.save()
    if change.version is not None:
        change.version.save()
    if change.event is not None:
        change.event.save()
    watch_absence(agreement)
    return sheet


@transaction.atomic
def mark_day(
    *, agreement: Agreement, day: date, state: str, by: User, extra: bool = False, today: date | None = None
) -> AttendanceSheet:
    """« Présent » / « Absent » (or cleared) for one child on one day; a presence on a day the agreement
    does not plan is accepted only as a confirmed extra day."""
    today = today or timezone.localdate()
    agreement = _locked_agreement(agreement)
    _refuse(keeping_refusal(by, agreement))
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
    _refuse(keeping_refusal(by, agreement))
    _check_in_range(period.start, today=today)
    sheet = _sheet_of(agreement, period)
    return _write(
        sheet, by=by, days=days, today=today, contribution_paid=contribution_paid, justification=justification
    )


@dataclass(frozen=True)
class PeriodEntry:
    """One child's attendance in an upload of a period: its agreement, its days (the 28 codes, or only
    some days as {index in the period: code}), and the amount and justification (unchanged if not given)."""

    agreement_id: int
    days: str | dict[int, str]
    contribution_paid: object = KEEP_UNCHANGED
    justification: str | None = None


# At most this many refusals are named at once: a badly wrong upload is not answered with 24,000 of them.
MOST_REFUSALS_NAMED = 100


def _named(refusal: ValidationError, *, entry: int, period: Period) -> dict[str, list[ValidationError]]:
    """A refusal of one entry's sheet, named by field: `entries.3.days.2026-11-05` for a day's."""
    named: dict[str, list[ValidationError]] = defaultdict(list)
    if not hasattr(refusal, "error_dict"):
        named[f"entries.{entry}"] = refusal.error_list
        return named
    for field, errors in refusal.error_dict.items():
        for error in errors:
            index = (error.params or {}).get("index")
            name = f"entries.{entry}.{field}"
            if field == "days" and isinstance(index, int):
                name += f".{(period.start + timedelta(days=index)).isoformat()}"
            named[name].append(error)
    return named


SHEET_FIELDS = ("days", "contribution_paid", "justification", "version", "signed_on", "signed_by", "status")


def _update_sheets(sheets: Sequence[AttendanceSheet]) -> None:
    """Saves the changed sheets' fields in one statement a thousand sheets. On PostgreSQL an UPDATE from
    a list of VALUES: the ORM's bulk_update compiles a CASE per sheet and field, 2 s for 1,200 sheets."""
    if connection.vendor != "postgresql":
        AttendanceSheet.objects.bulk_update(sheets, SHEET_FIELDS, batch_size=500)
        return
    table = connection.ops.quote_name(AttendanceSheet._meta.db_table)
    row = (
        "(%s::bigint, %s::varchar, %s::numeric, %s::varchar, %s::integer, %s::date, %s::bigint, %s::varchar)"
    )
    with connection.cursor() as cursor:
        for first in range(0, len(sheets), 1000):
            batch = sheets[first : first + 1000]
            params: list[Any] = []
            for sheet in batch:
                params += [
                    sheet.pk,
                    sheet.days,
                    sheet.contribution_paid,
                    sheet.justification,
                    sheet.version,
                    sheet.signed_on,
                    sheet.signed_by_id,
                    sheet.status,
                ]
            # The table's name comes from its model, every value is a parameter.
            cursor.execute(
                f"UPDATE {table} AS sheet SET days = new.days, contribution_paid = new.amount, "  # noqa: S608
                "justification = new.justification, version = new.version, signed_on = new.signed_on, "
                "signed_by_id = new.signed_by, status = new.status "
                f"FROM (VALUES {', '.join([row] * len(batch))}) "
                "AS new (id, days, amount, justification, version, signed_on, signed_by, status) "
                "WHERE sheet.id = new.id",
                params,
            )


@transaction.atomic
def upsert_period(
    *, period: Period, entries: Sequence[PeriodEntry], by: User, today: date | None = None
) -> list[AttendanceSheet]:
    """Many children's days of one period at once (an office's software uploading them): all written or
    none, every rule of a sheet's change checked as for one sheet; a refusal names the wrong entry
    (`entries.<index>.<field>`). The agreements are locked in one statement, everything else read and
    written in batches."""
    today = today or timezone.localdate()
    _check_in_range(period.start, today=today)
    refusals: dict[str, list[ValidationError]] = {}
    seen: set[int] = set()
    for index, entry in enumerate(entries):
        if entry.agreement_id in seen:
            refusals[f"entries.{index}.agreement"] = [
                ValidationError(_("This agreement is already in another entry."), code="duplicate_entry")
            ]
        seen.add(entry.agreement_id)
    if refusals:
        raise ValidationError(refusals)
    ids = sorted(seen)
    agreements = {
        agreement.pk: agreement
        for agreement in Agreement.objects.select_for_update(of=("self",))
        .select_related("admission__provider__delegation")
        .filter(pk__in=ids)
        .order_by("pk")
    }
    for index, entry in enumerate(entries):
        found = agreements.get(entry.agreement_id)
        if found is None:
            refusals[f"entries.{index}.agreement"] = [
                ValidationError(_("There is no such agreement."), code="not_found")
            ]
        elif found.status not in KEPT_FOR:
            refusals[f"entries.{index}.agreement"] = [
                ValidationError(
                    _("The office has not recorded this agreement: its attendance is not kept yet."),
                    code="agreement_not_recorded",
                )
            ]
        else:
            _refuse(keeping_refusal(by, found))
    if refusals:
        raise ValidationError(refusals)
    versions: dict[int, list[AgreementVersion]] = defaultdict(list)
    for version in AgreementVersion.objects.filter(agreement_id__in=ids):
        versions[version.agreement_id].append(version)
    terms = {pk: Terms.of(agreement, versions=versions[pk]) for pk, agreement in agreements.items()}
    closed: dict[int, set[date]] = defaultdict(set)
    provider_ids = {agreement.admission.provider_id for agreement in agreements.values()}
    for provider_id, day in Closure.objects.filter(
        provider_id__in=provider_ids, day__range=(period.start, period.end)
    ).values_list("provider_id", "day"):
        closed[provider_id].add(day)
    attended = _attended_by_year(ids, period)
    existing = {
        sheet.agreement_id: sheet
        for sheet in AttendanceSheet.objects.select_for_update().filter(
            agreement_id__in=ids, period_start=period.start
        )
    }
    sheets, created, updated, replaced, events, changed = [], [], [], [], [], []
    for index, entry in enumerate(entries):
        agreement = agreements[entry.agreement_id]
        sheet = existing.get(agreement.pk)
        if sheet is None:
            sheet = AttendanceSheet(
                agreement=agreement, provider_id=agreement.admission.provider_id, period_start=period.start
            )
            created.append(sheet)
        sheet.agreement = agreement
        sheets.append(sheet)
        days = entry.days
        if isinstance(days, dict):
            codes = list(sheet.days)
            for day_index, code in days.items():
                codes[day_index] = code
            days = "".join(codes)
        try:
            new = _checked(
                sheet,
                days=days,
                today=today,
                contribution_paid=entry.contribution_paid,
                justification=entry.justification,
                terms=terms[agreement.pk],
                closed=closed[agreement.admission.provider_id],
                attended_elsewhere=attended.get(agreement.pk, {}),
            )
        except ValidationError as refusal:
            if len(refusals) < MOST_REFUSALS_NAMED:
                refusals.update(_named(refusal, entry=index, period=period))
            continue
        change = _changed(sheet, by=by, new=new)
        if change is None:
            continue
        changed.append(agreement)
        if sheet.pk is not None:
            updated.append(sheet)
        if change.version is not None:
            replaced.append(change.version)
        if change.event is not None:
            events.append(change.event)
    if refusals:
        raise ValidationError(refusals)
    AttendanceSheet.objects.bulk_create(created)
    _update_sheets(updated)
    SheetVersion.objects.bulk_create(replaced)
    SheetEvent.objects.bulk_create(events)
    if events:
        sheet_events_created.send(sender=SheetEvent, events=events)
    watch_absences(changed, terms=terms)
    return sheets


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
    _refuse(keeping_refusal(by, sheet.agreement))
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
    reason = ""
    if sheet.signed_on is not None:
        # Returned by the office after the parent's signature, and sent again: the parent signs again (the
        # signed version is kept).
        _next_version(sheet).save()
        reason = _("Sent again after the office returned it: the parent signs it again.")
    _transition(sheet, Status.SUBMITTED, by=by, reason=reason)
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
