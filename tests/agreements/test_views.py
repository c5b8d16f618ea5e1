"""The agreement pages: the form's French refusals next to their field, the office's list in a constant
number of queries, the export without identifiers, the parent's page, the access log."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portail.agreements.models import Agreement, Status
from portail.families.models import ChildFileRead
from tests.agreements.factories import AgreementFactory, ConfirmedAdmissionFactory

pytestmark = pytest.mark.django_db


def _body(admission, **changes):
    return {
        "effective_from": admission.planned_start_date.isoformat(),
        "basis": "half_day",
        "days": ["1", "4"],
        "arrival": "08:00",
        "departure": "11:30",
        "signed_on": timezone.localdate().isoformat(),
        "fee_outings": "12.50",
    } | changes


def test_the_provider_concludes_and_a_half_day_of_five_hours_is_refused_in_french(
    client, admission, demo_accounts
):
    client.force_login(demo_accounts["provider"])
    url = reverse("agreements:conclude", args=[admission.pk])
    response = client.post(url, _body(admission, departure="13:00"))
    assert response.status_code == 200
    assert "Une demi-journée dure de 2 h 30 à 4 heures" in response.content.decode()
    assert not Agreement.objects.exists()
    response = client.post(url, _body(admission))
    agreement = Agreement.objects.get()
    assert response["Location"] == reverse("agreements:detail", args=[agreement.pk])
    assert agreement.status == Status.SUBMITTED
    assert ChildFileRead.objects.filter(child=admission.child, page="agreements:conclude").exists()


def test_the_office_records_from_its_page_and_the_read_is_logged(client, admission, demo_accounts):
    agreement = AgreementFactory(admission=admission)
    client.force_login(demo_accounts["office_agent"])
    page = client.get(reverse("agreements:detail", args=[agreement.pk])).content.decode()
    assert "Consigner l’entente" in page or "Consigner l'entente" in page
    assert ChildFileRead.objects.filter(child=admission.child, page="agreements:detail").count() == 1
    client.post(reverse("agreements:record", args=[agreement.pk]))
    assert Agreement.objects.get().status == Status.RECORDED


def test_the_parent_sees_the_agreement_on_its_childs_page_and_may_end_it(client, admission, demo_accounts):
    agreement = AgreementFactory(admission=admission, status=Status.RECORDED)
    client.force_login(demo_accounts["parent"])
    page = client.get(reverse("families:child", args=[admission.child.file_id])).content.decode()
    assert "Entente" in page and reverse("agreements:end", args=[agreement.pk]) in page
    response = client.post(
        reverse("agreements:end", args=[agreement.pk]),
        {"end_date": (admission.planned_start_date + timedelta(days=3)).isoformat(), "reason": "parent"},
    )
    assert response.status_code == 302
    assert Agreement.objects.get().status == Status.ENDED
    assert not ChildFileRead.objects.exists()  # a parent's own reads are not logged


def test_the_office_list_takes_the_same_queries_for_one_child_or_thirty(client, demo_accounts):
    provider = demo_accounts["provider"].provider
    client.force_login(demo_accounts["office_agent"])
    url = reverse("agreements:office_children")
    AgreementFactory(admission__provider=provider)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(30):
        AgreementFactory(admission__provider=provider)
    ConfirmedAdmissionFactory(provider=provider)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_the_export_has_no_registration_number_nor_parent_contact_and_defuses_formulas(
    client, admission, demo_accounts
):
    child = admission.child
    child.last_name = "=HYPERLINK(1)"
    child.save()
    AgreementFactory(admission=admission, status=Status.RECORDED)
    client.force_login(demo_accounts["office_agent"])
    body = client.get(reverse("agreements:export")).content.decode()
    assert "'=HYPERLINK(1)" in body
    assert child.registration_number not in body
    assert demo_accounts["parent"].email not in body


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.RETURNED])
def test_the_parent_ends_an_agreement_the_office_has_not_recorded_yet(
    client, admission, demo_accounts, status
):
    """Services run from the agreement's start, recorded or not: « a parent may end it at any time » (#13)."""
    agreement = AgreementFactory(admission=admission, status=status)
    client.force_login(demo_accounts["parent"])
    page = client.get(reverse("families:child", args=[admission.child.file_id])).content.decode()
    assert reverse("agreements:end", args=[agreement.pk]) in page
    end = admission.planned_start_date + timedelta(days=3)

    url = reverse("agreements:end", args=[agreement.pk])

    response = client.post(url, {"end_date": end, "reason": "parent"})

    assert response.status_code == 302
    agreement.refresh_from_db()
    admission.refresh_from_db()
    assert (agreement.status, agreement.end_date) == (Status.ENDED, end)
    assert (admission.status, admission.end_date) == ("ended", end)
    parent = demo_accounts["parent"]
    assert agreement.events.filter(from_status=status, to_status=Status.ENDED, by=parent).exists()


def test_the_parent_s_end_of_an_unrecorded_agreement_keeps_the_rules(client, admission, demo_accounts):
    """Not in the past (only the office records a late end), not before the start, a reason chosen."""
    agreement = AgreementFactory(admission=admission, status=Status.SUBMITTED)
    client.force_login(demo_accounts["parent"])
    url = reverse("agreements:end", args=[agreement.pk])

    start = admission.planned_start_date
    for body, says in [
        # The agreement starts in the future here: yesterday is refused as before its start.
        ({"end_date": timezone.localdate() - timedelta(days=1), "reason": "parent"}, "précéder le début"),
        ({"end_date": start - timedelta(days=1), "reason": "parent"}, "précéder le début"),
        ({"end_date": start + timedelta(days=3), "reason": "nimporte"}, "Sélectionnez"),
    ]:
        response = client.post(url, body)
        assert response.status_code == 200, body
        assert says in response.content.decode(), body

    agreement.refresh_from_db()
    assert agreement.status == Status.SUBMITTED
    assert agreement.end_date is None


def test_an_ended_agreement_cannot_end_again_and_offers_no_button(client, admission, demo_accounts):
    agreement = AgreementFactory(admission=admission, status=Status.SUBMITTED)
    client.force_login(demo_accounts["parent"])
    end = admission.planned_start_date + timedelta(days=3)
    client.post(reverse("agreements:end", args=[agreement.pk]), {"end_date": end, "reason": "parent"})

    page = client.get(reverse("families:child", args=[admission.child.file_id])).content.decode()
    assert reverse("agreements:end", args=[agreement.pk]) not in page
    assert client.post(
        reverse("agreements:end", args=[agreement.pk]), {"end_date": end, "reason": "parent"}
    ).status_code in {403, 404}
