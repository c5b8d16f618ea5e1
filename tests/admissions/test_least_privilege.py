"""Least privilege in admissions: what a provider reads follows its recognition, every service checks its
`by`, a delegation records who changed it, and a parent never reads staff names."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from portail.admissions.models import Admission, DelegationEvent, Status
from portail.admissions.services import (
    cancel_admission,
    confirm_admission,
    end_admission,
    look_up_number,
    refuse_admission,
    set_delegation,
)
from portail.families.models import Child
from portail.registry.models import RecognitionStatus
from tests.admissions.factories import AdmissionFactory
from tests.families.factories import ChildFactory, ChoiceFactory
from tests.registry.factories import OfficeAgentFactory, ProviderFactory

pytestmark = pytest.mark.django_db

SUSPENDED = {
    "status": RecognitionStatus.SUSPENDED,
    "suspension_start": date(2026, 1, 1),
    "suspension_planned_return": date(2030, 1, 1),
}
NOT_IN_FORCE = [
    {"status": RecognitionStatus.REVOKED},
    {"status": RecognitionStatus.NOT_RENEWED},
    {"status": RecognitionStatus.CEASED},
    SUSPENDED,
]


def _older(**fields):
    return ChildFactory(birth_date=timezone.localdate() - timedelta(days=1100), **fields)


def _set_status(provider, fields):
    for name, value in fields.items():
        setattr(provider, name, value)
    provider.save()


@pytest.mark.parametrize("fields", NOT_IN_FORCE, ids=lambda f: f["status"])
def test_a_provider_whose_recognition_is_not_in_force_reads_no_reserve(client, demo_accounts, fields):
    provider = demo_accounts["provider"].provider
    child = ChoiceFactory(provider=provider, child=_older()).child
    _set_status(provider, fields)
    client.force_login(demo_accounts["provider"])

    assert client.get(reverse("waitlist:reserve")).status_code == 403
    assert client.get(reverse("waitlist:child", args=[child.file_id])).status_code == 403
    assert client.get(reverse("admissions:lookup")).status_code == 403
    assert client.post(reverse("admissions:lookup"), {"number": child.registration_number}).status_code == 403
    assert client.get(reverse("admissions:admit", args=[child.file_id])).status_code == 403
    assert not Child.objects.visible_to(demo_accounts["provider"]).filter(pk=child.pk).exists()


@pytest.mark.parametrize("fields", NOT_IN_FORCE, ids=lambda f: f["status"])
def test_a_provider_not_in_force_cannot_look_up_a_number_through_the_service(demo_accounts, fields):
    provider = demo_accounts["provider"].provider
    child = _older()
    _set_status(provider, fields)

    with pytest.raises(PermissionDenied):
        look_up_number(provider=provider, by=demo_accounts["provider"], typed=child.registration_number)


def test_a_suspended_provider_keeps_reading_only_its_admitted_children(client, demo_accounts):
    provider = demo_accounts["provider"].provider
    admitted = AdmissionFactory(provider=provider, child=_older(), status=Status.CONFIRMED)
    in_reserve = ChoiceFactory(provider=provider, child=_older()).child
    _set_status(provider, SUSPENDED)
    client.force_login(demo_accounts["provider"])

    assert client.get(reverse("admissions:detail", args=[admitted.pk])).status_code == 200
    assert list(Child.objects.visible_to(demo_accounts["provider"])) == [admitted.child]
    assert client.get(reverse("waitlist:child", args=[in_reserve.file_id])).status_code == 403


def test_a_revoked_provider_reads_not_even_its_admitted_children(client, demo_accounts):
    provider = demo_accounts["provider"].provider
    admitted = AdmissionFactory(provider=provider, child=_older(), status=Status.CONFIRMED)
    _set_status(provider, {"status": RecognitionStatus.REVOKED})
    client.force_login(demo_accounts["provider"])

    assert client.get(reverse("admissions:detail", args=[admitted.pk])).status_code == 404
    assert not Admission.objects.visible_to(demo_accounts["provider"]).exists()
    assert "fermées" in client.get(reverse("core:provider_home")).content.decode()


def test_ministry_staff_see_no_child_and_no_admission(demo_accounts):
    AdmissionFactory(provider=demo_accounts["provider"].provider, child=_older())

    assert not Child.objects.visible_to(demo_accounts["ministry"]).exists()
    assert not Admission.objects.visible_to(demo_accounts["ministry"]).exists()


# Each service refuses a `by` that may not act, before it writes anything.
def test_a_provider_cannot_confirm_or_refuse_its_own_admission(demo_accounts):
    admission = AdmissionFactory(provider=demo_accounts["provider"].provider, child=_older())

    with pytest.raises(PermissionDenied):
        confirm_admission(admission=admission, by=demo_accounts["provider"])
    with pytest.raises(PermissionDenied):
        refuse_admission(admission=admission, by=demo_accounts["provider"], reason="Non")
    admission.refresh_from_db()
    assert admission.status == Status.ADMITTED and not admission.events.exists()


def test_an_agent_of_another_office_cannot_confirm(demo_accounts):
    admission = AdmissionFactory(provider=demo_accounts["provider"].provider, child=_older())
    stranger = OfficeAgentFactory().user

    with pytest.raises(PermissionDenied):
        confirm_admission(admission=admission, by=stranger)
    assert Admission.objects.get(pk=admission.pk).status == Status.ADMITTED


def test_only_the_provider_cancels_and_only_its_office_ends(demo_accounts):
    admission = AdmissionFactory(provider=demo_accounts["provider"].provider, child=_older())

    with pytest.raises(PermissionDenied):
        cancel_admission(admission=admission, by=demo_accounts["office_agent"], reason="x")
    with pytest.raises(PermissionDenied):
        cancel_admission(admission=admission, by=demo_accounts["parent"], reason="x")
    confirm_admission(admission=admission, by=demo_accounts["office_agent"])
    with pytest.raises(PermissionDenied):
        end_admission(admission=admission, by=demo_accounts["provider"], end_date=timezone.localdate())
    assert Admission.objects.get(pk=admission.pk).status == Status.CONFIRMED


def test_only_the_provider_sets_its_delegation(demo_accounts):
    provider = demo_accounts["provider"].provider

    for intruder in (demo_accounts["office_agent"], demo_accounts["parent"], demo_accounts["ministry"]):
        with pytest.raises(PermissionDenied):
            set_delegation(provider=provider, active=True, by=intruder)
    other = ProviderFactory(office=provider.office)
    with pytest.raises(PermissionDenied):
        set_delegation(provider=other, active=True, by=demo_accounts["provider"])
    assert not DelegationEvent.objects.exists()


def test_a_delegation_records_who_turned_it_on_and_off_shown_to_the_provider_and_the_office(
    client, demo_accounts
):
    provider = demo_accounts["provider"].provider
    client.force_login(demo_accounts["provider"])
    client.post(reverse("admissions:delegation"), {"active": "on"})
    client.post(reverse("admissions:delegation"), {"active": "on"})  # no change: nothing recorded
    client.post(reverse("admissions:delegation"), {})

    changes = list(DelegationEvent.objects.filter(provider=provider).order_by("at", "pk"))
    assert [(c.is_active, c.by) for c in changes] == [
        (True, demo_accounts["provider"]),
        (False, demo_accounts["provider"]),
    ]
    assert "Autorisation retirée" in client.get(reverse("core:provider_home")).content.decode()
    client.force_login(demo_accounts["office_agent"])
    page = client.get(reverse("admissions:confirmations")).content.decode()
    assert "Autorisation donnée" in page and "Nathalie Bergeron" in page


def test_a_parents_admission_page_names_roles_never_staff(client, demo_accounts):
    child = _older(family__parent=demo_accounts["parent"])
    admission = AdmissionFactory(
        provider=demo_accounts["provider"].provider, child=child, admitted_by=demo_accounts["provider"]
    )
    admission.events.create(to_status=Status.ADMITTED, by=demo_accounts["provider"])
    confirm_admission(admission=admission, by=demo_accounts["office_agent"])
    client.force_login(demo_accounts["parent"])

    page = client.get(reverse("admissions:detail", args=[admission.pk])).content.decode()

    assert "Sophie Gagnon" not in page and "Nathalie" not in page and "Bergeron" not in page
    assert "Le bureau coordonnateur" in page and "La personne responsable du service de garde" in page
    client.force_login(demo_accounts["office_agent"])
    assert "Sophie Gagnon" in client.get(reverse("admissions:detail", args=[admission.pk])).content.decode()
