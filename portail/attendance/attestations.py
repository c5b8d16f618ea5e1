"""The attestation of services provided (« attestation des services de garde fournis »): what it says for an
agreement and a reference year, who may read it, and the e-mail that tells the parent where to read it (a
link behind sign-in, never the document attached) at the end of the agreement or when asked."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Min, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from portail.accounts.models import Role
from portail.accounts.permissions import has_role
from portail.agreements.models import Agreement, AgreementEvent, Status, Step
from portail.agreements.permissions import can_enter
from portail.attendance.counting import YearCount, agreement_year
from portail.attendance.periods import ReferenceYear, reference_year_of
from portail.core.emails import render_subject

# An attestation speaks of services the office recorded: a draft or a submitted agreement has none yet.
ATTESTED = (Status.RECORDED, Status.ENDED)


def attested(user: Any) -> QuerySet[Agreement]:
    """The agreements whose attestation `user` may read: the agreements' scope (the child's parent, the
    provider while it reads its admitted children, an agent of its office), recorded or ended."""
    return Agreement.objects.visible_to(user).filter(status__in=ATTESTED)


def can_read_attestation(user: Any, agreement: Agreement) -> bool:
    """The child's parent, the provider or an agent of its office (the same people as `attested`)."""
    parent = has_role(user, Role.PARENT) and agreement.admission.child.family.parent_id == user.pk
    return agreement.status in ATTESTED and (parent or can_enter(user, agreement.admission))


def start_of(agreement: Agreement) -> date | None:
    """The first day of services: the first version's."""
    found: date | None = agreement.versions.aggregate(first=Min("effective_from"))["first"]
    return found


def years_of(agreement: Agreement, *, start: date | None, today: date) -> list[ReferenceYear]:
    """The reference years the services ran in, from the first day to the end (or today), newest first."""
    if start is None:
        return []
    last = min(agreement.end_date, today) if agreement.end_date else today
    first_year, last_year = (
        reference_year_of(start).first_year,
        reference_year_of(max(start, last)).first_year,
    )
    return [ReferenceYear(year) for year in range(last_year, first_year - 1, -1)]


def default_year(agreement: Agreement, *, today: date) -> ReferenceYear:
    """The year of the end when the services ended, else today's."""
    return reference_year_of(agreement.end_date if agreement.end_date else today)


def year_from(value: str | None, *, choices: list[ReferenceYear]) -> ReferenceYear | None:
    """The reference year a URL names by its first year (« 2025 » for 2025–2026), if it is one of
    `choices`; None otherwise."""
    text = (value or "").strip()
    if not (text.isdigit() and len(text) == 4):
        return None
    year = ReferenceYear(int(text))
    return year if year in choices else None


@dataclass(frozen=True)
class Attestation:
    """« Attestation des services de garde fournis »: the provider, the child, the dates of the services
    and what was used in one reference year."""

    agreement: Agreement
    start_date: date | None
    end_date: date | None
    count: YearCount
    issued_on: date

    @property
    def provider(self) -> Any:
        return self.agreement.admission.provider

    @property
    def child(self) -> Any:
        return self.agreement.admission.child

    @property
    def year(self) -> ReferenceYear:
        return self.count.year


def attestation_for(agreement: Agreement, year: ReferenceYear, *, today: date | None = None) -> Attestation:
    """The attestation's content for `agreement` (already read through the reader's scope) and `year`."""
    return Attestation(
        agreement=agreement,
        start_date=start_of(agreement),
        end_date=agreement.end_date,
        count=agreement_year(agreement, year),
        issued_on=today or timezone.localdate(),
    )


def _refuse_fetching(url: str, *args: Any, **kwargs: Any) -> Any:
    # The document is self-contained: WeasyPrint must never reach a file or the network for it.
    raise ValueError(f"not fetched: {url[:80]}")


def attestation_pdf(document: Attestation, *, staff: bool) -> bytes:
    """The attestation as a PDF (the screens' download and the API's): the provider's name and register
    number shown to `staff` only, as on the page."""
    from weasyprint import HTML  # its libraries load on first use, not with every page of the portal

    html = render_to_string(
        "attendance/reports/attestation_pdf.html",
        {"attestation": document, "staff": staff, "LANGUAGE_CODE": translation.get_language()},
    )
    pdf: bytes = HTML(string=html, url_fetcher=_refuse_fetching).write_pdf()
    return pdf


def attestation_url(agreement_id: int, year: ReferenceYear) -> str:
    path = reverse("attendance_reports:attestation", args=[agreement_id])
    return f"{settings.PORTAL_URL}{path}?annee={year.first_year}"


@task()
def send_attestation_email(*, agreement_id: int, first_year: int) -> None:
    """Tells the child's parent that the attestation of a reference year is on the portal: a link that
    asks to sign in, no figure and no document in the message."""
    agreement = Agreement.objects.select_related("admission__child__family__parent").get(pk=agreement_id)
    parent = agreement.admission.child.family.parent
    if not parent.email:
        return
    year = ReferenceYear(first_year)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "child": agreement.admission.child,
            "year": year,
            "ended": agreement.status == Status.ENDED,
            "url": attestation_url(agreement.pk, year),
        }
        send_mail(
            subject=render_subject("attendance/reports/email/attestation_subject.txt", context),
            message=render_to_string("attendance/reports/email/attestation_body.txt", context),
            from_email=None,
            recipient_list=[parent.email],
        )


def request_attestation(*, agreement: Agreement, year: ReferenceYear, by: Any) -> None:
    """« Envoyer l'attestation au parent »: the parent, the provider or the office asks that the parent be
    e-mailed the link to a reference year's attestation (sent after commit)."""
    if not can_read_attestation(by, agreement):
        raise PermissionDenied
    start = start_of(agreement)
    if year not in years_of(agreement, start=start, today=timezone.localdate()):
        raise ValidationError(_("The services did not run in the reference year %(year)s.") % {"year": year})
    transaction.on_commit(
        lambda: send_attestation_email.enqueue(agreement_id=agreement.pk, first_year=year.first_year)
    )


def on_agreement_event(sender: Any, instance: AgreementEvent, created: bool, **kwargs: Any) -> None:
    """At the end of an agreement (its step to « ended », `agreements.services.end_agreement`), the parent
    is e-mailed the link to the attestation of the end's reference year, once the end is committed.
    Connected in `AttendanceConfig.ready`: agreements know nothing of attendance."""
    if not created or kwargs.get("raw") or instance.step != Step.STATUS or instance.to_status != Status.ENDED:
        return
    agreement_id = instance.agreement_id
    year = reference_year_of(instance.agreement.end_date or timezone.localdate())
    transaction.on_commit(
        lambda: send_attestation_email.enqueue(agreement_id=agreement_id, first_year=year.first_year)
    )
