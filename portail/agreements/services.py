"""Writes of service agreements: conclude, submit, record or return, new versions, the reduced
contribution, the end of services. Every rule is here, never in a form; every step is an event row."""

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portail.accounts.models import User
from portail.admissions.models import Admission
from portail.admissions.models import Status as AdmissionStatus
from portail.admissions.rules import RuleBroken
from portail.admissions.services import end_admission
from portail.agreements.models import (
    Agreement,
    AgreementEvent,
    AgreementFee,
    AgreementVersion,
    Eligibility,
    EndReason,
    Status,
    Step,
    allows,
)
from portail.agreements.permissions import can_change, can_end, can_enter, can_record, ends_in_the_past
from portail.agreements.rules import Terms, check_terms
from portail.agreements.tasks import send_eligibility_email
from portail.agreements.working_days import add_working_days

# The office tells the provider its decision on the reduced contribution within this many working days.
ELIGIBILITY_WORKING_DAYS = 5


def _authorize(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _locked(agreement: Agreement) -> Agreement:
    return (
        Agreement.objects.select_for_update()
        .select_related("admission__child__family", "admission__provider")
        .get(pk=agreement.pk)
    )


def _event(agreement: Agreement, *, by: User, step: Step, from_status: str = "", reason: str = "") -> None:
    AgreementEvent.objects.create(
        agreement=agreement,
        step=step,
        from_status=from_status,
        to_status=agreement.status,
        by=by,
        reason=reason,
    )


def _transition(agreement: Agreement, to: Status, *, by: User, reason: str = "") -> Agreement:
    """Moves an agreement to a new status if its life allows it, and records the step."""
    if not allows(agreement, to):
        raise ValidationError(
            _("This agreement is « %(status)s »: it cannot be changed that way.")
            % {"status": agreement.get_status_display()}
        )
    before = agreement.status
    agreement.status = to
    agreement.save()
    _event(agreement, by=by, step=Step.STATUS, from_status=before, reason=reason)
    return agreement


def current_version(agreement: Agreement) -> AgreementVersion | None:
    return agreement.versions.filter(effective_until__isnull=True).first()


def _write_version(agreement: Agreement, terms: Terms, *, by: User) -> AgreementVersion:
    version = AgreementVersion.objects.create(
        agreement=agreement,
        effective_from=terms.effective_from,
        basis=terms.basis,
        days=terms.days,
        arrival=terms.arrival,
        departure=terms.departure,
        subsidized=terms.subsidized,
        signed_on=terms.signed_on,
        created_by=by,
    )
    AgreementFee.objects.bulk_create(
        [AgreementFee(version=version, kind=kind, amount=amount) for kind, amount in terms.fees.items()]
    )
    return version


def _submit(agreement: Agreement, *, by: User, today: date) -> None:
    if agreement.submitted_on is None:
        agreement.submitted_on = today
    version = current_version(agreement)
    if version is not None and version.subsidized and agreement.eligibility == Eligibility.PENDING:
        agreement.eligibility_due = agreement.eligibility_due or add_working_days(
            agreement.submitted_on, ELIGIBILITY_WORKING_DAYS
        )
    _transition(agreement, Status.SUBMITTED, by=by)


@transaction.atomic
def conclude_agreement(
    *, admission: Admission, by: User, terms: Terms, submit: bool = True, today: date | None = None
) -> Agreement:
    """« Conclure une entente de services »: the terms of a confirmed admission, sent to the office
    (or kept as a draft)."""
    today = today or timezone.localdate()
    admission = (
        Admission.objects.select_for_update().select_related("child__family", "provider").get(pk=admission.pk)
    )
    _authorize(can_enter(by, admission))
    if admission.status != AdmissionStatus.CONFIRMED:
        raise ValidationError(
            _("An agreement is concluded only for an admission the office confirmed and that has not ended.")
        )
    check_terms(terms, admission=admission, today=today)
    try:
        with transaction.atomic():
            agreement = Agreement.objects.create(admission=admission, created_by=by)
    except IntegrityError:
        raise ValidationError(_("This admission already has its service agreement.")) from None
    _write_version(agreement, terms, by=by)
    _event(agreement, by=by, step=Step.STATUS)
    if submit:
        _submit(agreement, by=by, today=today)
    return agreement


@transaction.atomic
def revise_agreement(
    *, agreement: Agreement, by: User, terms: Terms, submit: bool = True, today: date | None = None
) -> Agreement:
    """Corrects the terms of an agreement the office has not recorded yet (a draft, or one it returned),
    then sends it (again) to the office."""
    today = today or timezone.localdate()
    agreement = _locked(agreement)
    _authorize(can_change(by, agreement))
    if agreement.status not in (Status.DRAFT, Status.RETURNED):
        raise ValidationError(
            _("Only a draft or a returned agreement can be corrected; a recorded one gets a new version.")
        )
    check_terms(terms, admission=agreement.admission, today=today)
    agreement.versions.all().delete()
    _write_version(agreement, terms, by=by)
    if submit:
        _submit(agreement, by=by, today=today)
    return agreement


@transaction.atomic
def submit_agreement(*, agreement: Agreement, by: User, today: date | None = None) -> Agreement:
    """Sends a draft to the office."""
    agreement = _locked(agreement)
    _authorize(can_change(by, agreement))
    _submit(agreement, by=by, today=today or timezone.localdate())
    return agreement


@transaction.atomic
def record_agreement(*, agreement: Agreement, by: User) -> Agreement:
    """« Consigner l'entente »: the office has checked it."""
    agreement = _locked(agreement)
    _authorize(can_record(by, agreement))
    return _transition(agreement, Status.RECORDED, by=by)


@transaction.atomic
def return_agreement(*, agreement: Agreement, by: User, reason: str) -> Agreement:
    """The office sends the agreement back to the provider, saying what to correct."""
    agreement = _locked(agreement)
    _authorize(can_record(by, agreement))
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the provider must correct.")})
    return _transition(agreement, Status.RETURNED, by=by, reason=reason.strip())


@transaction.atomic
def add_version(
    *, agreement: Agreement, by: User, terms: Terms, today: date | None = None
) -> AgreementVersion:
    """A change of days, hours or basis of a recorded agreement: a new version from a date, which closes
    the one before it. Checked under the agreement's row lock, so two changes at once never overlap."""
    today = today or timezone.localdate()
    agreement = _locked(agreement)
    _authorize(can_change(by, agreement))
    if agreement.status != Status.RECORDED:
        raise ValidationError(_("Only a recorded agreement gets a new version."))
    check_terms(terms, admission=agreement.admission, today=today)
    latest = agreement.versions.order_by("-effective_from").first()
    if latest is not None and terms.effective_from <= latest.effective_from:
        raise ValidationError(
            {
                "effective_from": _(
                    "A new version starts after the one in force (from %(date)s): the two would overlap."
                )
                % {"date": date_format(latest.effective_from, "DATE_FORMAT")}
            }
        )
    if latest is not None:
        latest.effective_until = terms.effective_from - timedelta(days=1)
        latest.save(update_fields=["effective_until"])
    version = _write_version(agreement, terms, by=by)
    if (
        terms.subsidized
        and agreement.eligibility == Eligibility.PENDING
        and agreement.eligibility_due is None
    ):
        agreement.eligibility_due = add_working_days(today, ELIGIBILITY_WORKING_DAYS)
        agreement.save(update_fields=["eligibility_due"])
    _event(
        agreement,
        by=by,
        step=Step.VERSION,
        from_status=agreement.status,
        reason=_("New terms from %(date)s") % {"date": date_format(terms.effective_from, "DATE_FORMAT")},
    )
    return version


@transaction.atomic
def decide_eligibility(
    *, agreement: Agreement, by: User, eligibility: str, reason: str = "", today: date | None = None
) -> Agreement:
    """The office decides the parent's reduced contribution; the provider is e-mailed the decision."""
    agreement = _locked(agreement)
    _authorize(can_record(by, agreement))
    if agreement.status not in (Status.SUBMITTED, Status.RECORDED):
        raise ValidationError(_("The reduced contribution is decided once the office has the agreement."))
    version = current_version(agreement)
    if version is None or not version.subsidized:
        raise ValidationError(_("This place is not subsidized: there is no reduced contribution to decide."))
    if eligibility not in (Eligibility.ELIGIBLE, Eligibility.EXEMPT, Eligibility.REFUSED):
        raise ValidationError({"eligibility": _("Choose eligible, exempt or not eligible.")})
    reason = reason.strip()
    if eligibility == Eligibility.REFUSED and not reason:
        raise ValidationError({"reason": _("Give the written reason of the refusal.")})
    agreement.eligibility = eligibility
    agreement.eligibility_reason = reason if eligibility == Eligibility.REFUSED else ""
    agreement.eligibility_decided_on = today or timezone.localdate()
    agreement.save()
    said = str(agreement.get_eligibility_display())
    _event(
        agreement,
        by=by,
        step=Step.ELIGIBILITY,
        from_status=agreement.status,
        reason=f"{said} — {reason}" if agreement.eligibility_reason else said,
    )
    transaction.on_commit(lambda: send_eligibility_email.enqueue(agreement_id=agreement.pk))
    return agreement


@transaction.atomic
def end_agreement(
    *,
    agreement: Agreement,
    by: User,
    end_date: date,
    reason: str,
    note: str = "",
    today: date | None = None,
) -> Agreement:
    """« Mettre fin à l'entente »: ends the services on a date, and the admission with them: the place is
    free from the next day."""
    today = today or timezone.localdate()
    agreement = _locked(agreement)
    _authorize(can_end(by, agreement))
    if not allows(agreement, Status.ENDED):
        _transition(agreement, Status.ENDED, by=by)  # refuses, naming the status
    errors: dict[str, str] = {}
    note = note.strip()
    if reason not in EndReason.values:
        errors["reason"] = _("Choose the reason of the end.")
    elif reason == EndReason.OTHER and not note:
        errors["note"] = _("Say why the services end.")
    first = agreement.versions.order_by("effective_from").first()
    if first is not None and end_date < first.effective_from:
        errors["end_date"] = _("The end date cannot come before the start of the agreement.")
    elif end_date < today:
        if not ends_in_the_past(by, agreement):
            errors["end_date"] = _("The end date cannot be in the past.")
        elif not note:
            errors["note"] = _("An end date in the past needs a note saying why it is recorded late.")
    if errors:
        raise ValidationError(errors)
    agreement.end_date = end_date
    agreement.end_reason = reason
    agreement.end_note = note
    _transition(
        agreement, Status.ENDED, by=by, reason=str(EndReason(reason).label) + (f" — {note}" if note else "")
    )
    try:
        end_admission(admission=agreement.admission, by=by, end_date=end_date, ending_agreement=True)
    except RuleBroken as refusal:
        raise ValidationError({"end_date": str(refusal)}) from None
    return agreement
