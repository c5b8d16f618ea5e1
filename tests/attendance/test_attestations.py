"""The attestation of services provided: its page for the parent, the provider and the office (and no one
else), its PDF, the reads logged, the year chosen, and the e-mail with a link at the end of the agreement
or on request, sent only once the write is committed."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from portail.agreements.models import EndReason, Status
from portail.agreements.services import end_agreement, record_agreement
from portail.attendance.attestations import request_attestation, years_of
from portail.attendance.models import Day
from portail.attendance.periods import ReferenceYear, period_of, reference_year_of
from portail.families.models import ChildFileRead
from tests.accounts.factories import UserFactory
from tests.attendance.factories_reports import SheetFactory, days, recorded_agreement
from tests.registry.factories import OfficeAdminFactory

pytestmark = pytest.mark.django_db

P = Day.PRESENT


def _this_year() -> ReferenceYear:
    return reference_year_of(timezone.localdate())


@pytest.fixture
def agreement(demo_accounts):
    """parent@'s child at rsge@'s since the first day of last reference year, 3 days attended in its first
    period and 2 in the period of this year's first day."""
    last_year = ReferenceYear(_this_year().first_year - 1)
    agreement = recorded_agreement(
        provider=demo_accounts["provider"].provider, parent=demo_accounts["parent"], start=last_year.start
    )
    first = period_of(last_year.start)
    SheetFactory(agreement=agreement, period_start=first.start, days=days(*[(i, P) for i in range(3)]))
    now = period_of(_this_year().start)
    start_index = (_this_year().start - now.start).days
    SheetFactory(
        agreement=agreement, period_start=now.start, days=days((start_index, P), (start_index + 1, P))
    )
    return agreement


def _url(agreement, name="attestation", year=None):
    url = reverse(f"attendance_reports:{name}", args=[agreement.pk])
    return f"{url}?annee={year.first_year}" if year else url


@pytest.mark.parametrize("who", ["parent", "provider", "office_agent"])
def test_the_parent_the_provider_and_the_office_read_the_attestation_of_a_year(
    client, agreement, demo_accounts, who
):
    client.force_login(demo_accounts[who])
    last_year = ReferenceYear(_this_year().first_year - 1)

    page = client.get(_url(agreement, year=last_year)).content.decode()

    assert "Attestation des services de garde fournis" in page
    assert str(last_year) in page
    assert agreement.admission.child.first_name in page
    assert "<strong>3</strong>" in page  # days used in that year
    assert agreement.admission.child.registration_number not in page
    # Staff reads are logged; the parent reading its own child's is not.
    logged = ChildFileRead.objects.filter(
        child=agreement.admission.child, page="attendance_reports:attestation"
    )
    assert logged.count() == (0 if who == "parent" else 1)


def test_the_year_defaults_to_this_one_and_a_bad_year_is_ignored(client, agreement, demo_accounts):
    client.force_login(demo_accounts["parent"])

    for query in ("", "?annee=1999", "?annee=abcd", "?annee=%00"):
        page = client.get(_url(agreement) + query).content.decode()
        assert str(_this_year()) in page
        assert "<strong>2</strong>" in page


@pytest.mark.parametrize(
    "outsider",
    [lambda: UserFactory(role="parent"), lambda: OfficeAdminFactory().user],
    ids=["parent", "office"],
)
def test_another_family_or_office_finds_no_attestation(client, agreement, outsider):
    client.force_login(outsider())
    assert client.get(_url(agreement)).status_code == 404
    assert client.get(_url(agreement, "attestation_pdf")).status_code == 404
    assert not ChildFileRead.objects.exists()


def test_an_agreement_not_yet_recorded_has_no_attestation(client, agreement, demo_accounts):
    agreement.status = Status.SUBMITTED
    agreement.save()
    client.force_login(demo_accounts["office_agent"])
    assert client.get(_url(agreement)).status_code == 404


def test_the_pdf_is_a_download_never_kept_and_its_read_is_logged(client, agreement, demo_accounts):
    client.force_login(demo_accounts["office_agent"])

    response = client.get(_url(agreement, "attestation_pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    assert ChildFileRead.objects.filter(page="attendance_reports:attestation_pdf").count() == 1


def test_the_end_of_the_agreement_emails_the_parent_a_link_after_commit(
    agreement, demo_accounts, mailoutbox, django_capture_on_commit_callbacks
):
    end = timezone.localdate() + timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        end_agreement(
            agreement=agreement, by=demo_accounts["office_agent"], end_date=end, reason=EndReason.PARENT
        )

    mails = [mail for mail in mailoutbox if "Attestation" in mail.subject]
    assert len(mails) == 1
    mail = mails[0]
    assert mail.to == [demo_accounts["parent"].email]
    assert mail.attachments == []
    assert f"{_url(agreement)}?annee={reference_year_of(end).first_year}" in mail.body
    assert "a pris fin" in mail.body
    assert agreement.admission.child.last_name not in mail.body


def test_nothing_is_sent_when_the_end_is_refused(
    agreement, demo_accounts, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        end_agreement(
            agreement=agreement,
            by=demo_accounts["office_agent"],
            end_date=timezone.localdate() + timedelta(days=10),
            reason="not-a-reason",
        )
    assert mailoutbox == []


def test_the_provider_asks_for_a_years_attestation_to_be_sent(
    client, agreement, demo_accounts, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(demo_accounts["provider"])
    last_year = ReferenceYear(_this_year().first_year - 1)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(agreement, "attestation_send"), {"annee": str(last_year.first_year)})

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert f"annee={last_year.first_year}" in mailoutbox[0].body


@pytest.mark.parametrize("year", ["1999", "", "x" * 500, "=1+1"])
def test_a_year_the_services_did_not_run_in_is_refused_in_french(
    client, agreement, demo_accounts, mailoutbox, django_capture_on_commit_callbacks, year
):
    client.force_login(demo_accounts["parent"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(agreement, "attestation_send"), {"annee": year}, follow=True)

    assert "Choisissez une année de référence" in response.content.decode()
    assert mailoutbox == []


def test_the_service_refuses_an_outsider(agreement, demo_accounts):

    with pytest.raises(PermissionDenied):
        request_attestation(agreement=agreement, year=_this_year(), by=UserFactory(role="parent"))


def test_the_years_run_from_the_start_to_the_end(agreement):
    this = _this_year()
    assert years_of(
        agreement, start=ReferenceYear(this.first_year - 1).start, today=timezone.localdate()
    ) == [
        this,
        ReferenceYear(this.first_year - 1),
    ]
    agreement.end_date = ReferenceYear(this.first_year - 1).end
    assert years_of(
        agreement, start=ReferenceYear(this.first_year - 1).start, today=timezone.localdate()
    ) == [ReferenceYear(this.first_year - 1)]


def test_other_steps_of_an_agreement_send_no_attestation(
    demo_accounts, mailoutbox, django_capture_on_commit_callbacks
):
    submitted = recorded_agreement(
        provider=demo_accounts["provider"].provider, start=timezone.localdate(), status=Status.SUBMITTED
    )
    with django_capture_on_commit_callbacks(execute=True):
        record_agreement(agreement=submitted, by=demo_accounts["office_agent"])

    assert [mail for mail in mailoutbox if "Attestation" in mail.subject] == []
