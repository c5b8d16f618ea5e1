"""The access log of a child's file: one row per staff read, none for a refused read, shown to the parent
without staff names, to the office's admin for its own agents, and purged after its retention."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portail.admissions.services import set_delegation
from portail.families.models import ChildFileRead
from tests.admissions.factories import AdmissionFactory
from tests.families.factories import ChildFactory, ChoiceFactory, FamilyFileFactory
from tests.registry.factories import OfficeAgentFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def _child(**fields):
    return ChildFactory(birth_date=timezone.localdate() - timedelta(days=1100), first_name="Léa", **fields)


def test_a_reserve_details_read_is_logged_once_with_who_and_which_page(client, demo_accounts):
    provider = demo_accounts["provider"].provider
    child = ChoiceFactory(provider=provider, child=_child()).child
    client.force_login(demo_accounts["provider"])

    client.get(reverse("waitlist:child", args=[child.file_id]), HTTP_HX_REQUEST="true")

    read = ChildFileRead.objects.get()
    assert (read.child, read.reader, read.role, read.provider, read.office) == (
        child,
        demo_accounts["provider"],
        "provider",
        provider,
        provider.office,
    )
    assert read.page == "waitlist:child"


def test_the_admit_page_the_look_up_and_an_admission_are_each_one_read(client, demo_accounts):
    child = _child()
    client.force_login(demo_accounts["provider"])

    client.post(reverse("admissions:lookup"), {"number": child.registration_number}, follow=True)
    assert list(ChildFileRead.objects.order_by("pk").values_list("page", flat=True)) == [
        "admissions:lookup",
        "admissions:admit",
    ]
    admission = AdmissionFactory(provider=demo_accounts["provider"].provider, child=child)
    client.force_login(demo_accounts["office_agent"])
    client.get(reverse("admissions:detail", args=[admission.pk]))
    assert (
        ChildFileRead.objects.filter(reader=demo_accounts["office_agent"], role="office_agent").count() == 1
    )


def test_a_refused_read_is_not_logged(client, demo_accounts):
    outside = _child()
    theirs = AdmissionFactory(provider=ProviderFactory(), child=outside)
    client.force_login(demo_accounts["provider"])

    assert client.get(reverse("waitlist:child", args=[outside.file_id])).status_code == 404
    assert client.get(reverse("admissions:admit", args=[outside.file_id])).status_code == 404
    assert client.post(reverse("admissions:lookup"), {"number": "K7M-4QX-R2P"}).status_code == 200
    client.force_login(demo_accounts["office_agent"])
    assert client.get(reverse("admissions:detail", args=[theirs.pk])).status_code == 404
    assert not ChildFileRead.objects.exists()


def test_a_parent_reading_its_own_childs_file_is_not_logged(client, demo_accounts):
    child = _child(family=FamilyFileFactory(parent=demo_accounts["parent"]))
    client.force_login(demo_accounts["parent"])

    assert client.get(reverse("families:child", args=[child.file_id])).status_code == 200
    assert not ChildFileRead.objects.exists()


def test_the_parent_sees_who_opened_the_file_by_role_and_service_never_a_name(client, demo_accounts):
    provider = demo_accounts["provider"].provider
    provider.service_name = "Les Petits Pas"
    provider.save()
    child = _child(family=FamilyFileFactory(parent=demo_accounts["parent"]))
    ChoiceFactory(provider=provider, child=child)
    admission = AdmissionFactory(provider=provider, child=child)
    client.force_login(demo_accounts["provider"])
    client.get(reverse("waitlist:child", args=[child.file_id]))
    client.force_login(demo_accounts["office_agent"])
    client.get(reverse("admissions:detail", args=[admission.pk]))

    client.force_login(demo_accounts["parent"])
    page = client.get(reverse("families:child", args=[child.file_id])).content.decode()

    assert "Qui a consulté le dossier de Léa" in page
    assert "Les Petits Pas" in page and "Bureau coordonnateur du Plateau" in page
    assert "Nathalie" not in page and "Sophie" not in page


def test_another_parent_sees_none_of_these_reads(client, demo_accounts):
    provider = demo_accounts["provider"].provider
    child = ChoiceFactory(provider=provider, child=_child()).child
    client.force_login(demo_accounts["provider"])
    client.get(reverse("waitlist:child", args=[child.file_id]))

    assert ChildFileRead.objects.count() == 1
    assert not ChildFileRead.objects.visible_to(demo_accounts["parent"]).exists()
    assert not ChildFileRead.objects.visible_to(demo_accounts["ministry"]).exists()


def test_the_offices_admin_sees_its_own_agents_reads_only(client, demo_accounts):
    provider = demo_accounts["provider"].provider
    child = _child()
    ChoiceFactory(provider=provider, child=child)
    set_delegation(provider=provider, active=True, by=demo_accounts["provider"])
    client.force_login(demo_accounts["provider"])
    client.get(reverse("waitlist:child", args=[child.file_id]))  # a provider's read: not the office's
    client.force_login(demo_accounts["office_agent"])
    client.get(reverse("admissions:admit_for", args=[provider.pk, child.file_id]))
    stranger = OfficeAgentFactory().user
    other_child = _child()
    AdmissionFactory(provider=ProviderFactory(office=stranger.office_agent.office), child=other_child)
    ChildFileRead.objects.create(
        child=other_child, reader=stranger, role="office_agent", office=stranger.office_agent.office, page="x"
    )

    page = client.get(reverse("admissions:file_reads")).content.decode()

    assert "1 consultation" in page and "Sophie Gagnon" in page
    assert stranger.get_full_name() not in page
    plain_agent = OfficeAgentFactory(office=provider.office).user
    client.force_login(plain_agent)
    assert client.get(reverse("admissions:file_reads")).status_code == 403


def test_reads_older_than_the_retention_are_purged_daily(settings, demo_accounts):
    settings.ACCESS_LOG_RETENTION_DAYS = 730
    child = _child()
    old, recent = (
        ChildFileRead.objects.create(
            child=child, reader=demo_accounts["provider"], role="provider", page="waitlist:child", at=at
        )
        for at in (timezone.now() - timedelta(days=731), timezone.now() - timedelta(days=729))
    )

    call_command("purge_access_log")

    assert list(ChildFileRead.objects.all()) == [recent]
    assert not ChildFileRead.objects.filter(pk=old.pk).exists()
