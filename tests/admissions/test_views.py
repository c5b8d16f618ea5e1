"""Admission pages: admit from the reserve or by number, the look-up limit, the office's confirmation."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portail.admissions.models import Admission, Delegation, NumberLookup, Status
from portail.admissions.selectors import LOOKUPS_PER_HOUR
from portail.admissions.services import set_delegation
from portail.families.models import Choice
from tests.admissions.factories import AdmissionFactory
from tests.families.factories import ChildFactory, ChoiceFactory
from tests.registry.factories import OfficeAgentFactory, ProviderFactory

pytestmark = pytest.mark.django_db
START = lambda: (timezone.localdate() + timedelta(days=20)).isoformat()  # noqa: E731


def _older(**fields):
    return ChildFactory(birth_date=timezone.localdate() - timedelta(days=1100), **fields)


def test_a_provider_admits_a_child_from_its_reserve(client, demo_accounts):
    provider = demo_accounts["provider"].provider
    child = ChoiceFactory(provider=provider, child=_older()).child
    client.force_login(demo_accounts["provider"])

    assert client.get(reverse("admissions:admit", args=[child.file_id])).status_code == 200
    response = client.post(reverse("admissions:admit", args=[child.file_id]), {"start_date": START()})

    admission = Admission.objects.get(child=child)
    assert response.url == reverse("admissions:detail", args=[admission.pk])


def test_a_child_neither_in_the_reserve_nor_looked_up_cannot_be_admitted(client, demo_accounts):
    child = _older()
    client.force_login(demo_accounts["provider"])

    assert client.get(reverse("admissions:admit", args=[child.file_id])).status_code == 404


def test_admitting_by_number_logs_the_look_up_then_shows_the_record(client, demo_accounts):
    child = _older()
    client.force_login(demo_accounts["provider"])

    response = client.post(reverse("admissions:lookup"), {"number": child.display_number.lower()})

    assert response.url == reverse("admissions:admit", args=[child.file_id])
    assert NumberLookup.objects.get().found == child
    client.post(response.url, {"start_date": START()})
    assert Admission.objects.filter(child=child).exists()


@pytest.mark.parametrize(
    ("typed", "message"),
    [("K7M-4QX", "9 caractères"), ("I7M-4QX-R2P", "n’utilisent jamais"), ("K7M-4QX-R2Q", "faute de frappe")],
)
def test_a_wrong_number_says_what_is_wrong(client, demo_accounts, typed, message):
    client.force_login(demo_accounts["provider"])

    response = client.post(reverse("admissions:lookup"), {"number": typed})

    assert message in response.content.decode()
    assert NumberLookup.objects.count() == 1


def test_look_ups_are_limited_per_provider(client, demo_accounts):
    provider = demo_accounts["provider"].provider
    NumberLookup.objects.bulk_create(
        [
            NumberLookup(provider=provider, by=demo_accounts["provider"], typed="x")
            for _ in range(LOOKUPS_PER_HOUR)
        ]
    )
    child = _older()
    client.force_login(demo_accounts["provider"])

    response = client.post(reverse("admissions:lookup"), {"number": child.registration_number})

    assert "Trop de recherches" in response.content.decode()
    # Refused without searching, but recorded: an enumeration past the limit still shows in the log.
    refused = NumberLookup.objects.get(refused=True)
    assert refused.found is None and refused.typed == child.registration_number


def test_a_refused_admission_says_why_at_the_date(client, demo_accounts):
    provider = demo_accounts["provider"].provider
    child = ChoiceFactory(provider=provider, child=_older()).child
    client.force_login(demo_accounts["provider"])
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()

    response = client.post(reverse("admissions:admit", args=[child.file_id]), {"start_date": yesterday})

    assert "ne peut être dans le passé" in response.content.decode()
    assert not Admission.objects.exists()


def test_the_office_confirms_and_refuses_only_its_own(client, demo_accounts):
    office = demo_accounts["office_agent"].office_agent.office
    # Fixed names: random ones could coincide and make the listing's check meaningless.
    mine = AdmissionFactory(provider=ProviderFactory(office=office), child__last_name="Mienne")
    refused = AdmissionFactory(provider=ProviderFactory(office=office), child__last_name="Refusée")
    theirs = AdmissionFactory(child__last_name="Ailleurs")
    client.force_login(demo_accounts["office_agent"])

    listing = client.get(reverse("admissions:confirmations")).content.decode()
    assert mine.child.last_name in listing and theirs.child.last_name not in listing
    client.post(reverse("admissions:confirm", args=[mine.pk]))
    client.post(reverse("admissions:refuse", args=[refused.pk]), {"reason": "Entente non signée"})
    assert client.post(reverse("admissions:confirm", args=[theirs.pk])).status_code == 404

    statuses = dict(Admission.objects.values_list("pk", "status"))
    assert statuses == {mine.pk: Status.CONFIRMED, refused.pk: Status.REFUSED, theirs.pk: Status.ADMITTED}


def test_the_office_searches_its_admissions_case_and_accents_aside(client, demo_accounts):
    office = demo_accounts["office_agent"].office_agent.office
    helene = AdmissionFactory(
        provider=ProviderFactory(office=office, last_name="Tremblay"),
        child=ChildFactory(first_name="Hélène", last_name="Gagnon"),
    )
    AdmissionFactory(
        provider=ProviderFactory(office=office, last_name="Roy"),
        child=ChildFactory(first_name="Noah", last_name="Lavoie"),
    )
    client.force_login(demo_accounts["office_agent"])

    for search in ["helene", "HÉLÈNE", "gagnon helene", "tremblay"]:
        page = client.get(reverse("admissions:confirmations"), {"q": search}).context["page"]
        assert [admission.pk for admission in page.object_list] == [helene.pk], search


def test_confirming_twice_says_so_and_changes_nothing(client, demo_accounts):
    office = demo_accounts["office_agent"].office_agent.office
    admission = AdmissionFactory(provider=ProviderFactory(office=office))
    client.force_login(demo_accounts["office_agent"])
    client.post(reverse("admissions:confirm", args=[admission.pk]))

    response = client.post(reverse("admissions:confirm", args=[admission.pk]), follow=True)

    assert "déjà" in response.content.decode()
    assert admission.events.count() == 1


def test_an_agent_admits_for_a_provider_only_with_its_authorization(client, demo_accounts):
    provider = demo_accounts["provider"].provider
    child = ChoiceFactory(provider=provider, child=_older()).child
    client.force_login(demo_accounts["office_agent"])
    url = reverse("admissions:admit_for", args=[provider.pk, child.file_id])

    assert client.get(url).status_code == 403
    set_delegation(provider=provider, active=True, by=demo_accounts["provider"])
    client.post(url, {"start_date": START()})

    admission = Admission.objects.get(child=child)
    assert admission.admitted_by == demo_accounts["office_agent"] and admission.on_behalf_of_provider


def test_an_agent_of_another_office_cannot_admit_even_with_authorization(client, demo_accounts):
    provider = ProviderFactory()
    Delegation.objects.create(provider=provider, is_active=True)
    child = ChoiceFactory(provider=provider, child=_older()).child
    client.force_login(demo_accounts["office_agent"])

    response = client.get(reverse("admissions:admit_for", args=[provider.pk, child.file_id]))

    assert response.status_code == 404


def test_the_reserve_marks_a_child_admitted_elsewhere_and_the_parent_withdraws_the_rest(
    client, demo_accounts
):
    provider = demo_accounts["provider"].provider
    child = _older(family__parent=demo_accounts["parent"])
    ChoiceFactory(provider=provider, child=child)
    elsewhere = ProviderFactory()
    ChoiceFactory(provider=elsewhere, child=child)
    AdmissionFactory(child=child, provider=elsewhere)
    client.force_login(demo_accounts["provider"])
    assert "Admission ailleurs" in client.get(reverse("waitlist:reserve")).content.decode()

    client.force_login(demo_accounts["parent"])
    client.post(reverse("families:withdraw_other_choices", args=[child.file_id]))

    assert list(Choice.objects.filter(child=child).values_list("provider", flat=True)) == [elsewhere.pk]


def test_the_provider_home_shows_admitted_children_and_occupancy(client, demo_accounts):
    provider = demo_accounts["provider"].provider
    admission = AdmissionFactory(provider=provider, child=_older(first_name="Zoé"))
    client.force_login(demo_accounts["provider"])

    html = client.get(reverse("core:provider_home")).content.decode()

    assert "Zoé" in html and f"1 sur {provider.capacity}" in html
    assert admission.get_status_display() in html


def test_an_office_agent_sees_the_other_offices_admission_as_a_404(client, demo_accounts):
    theirs = AdmissionFactory(child=_older())
    OfficeAgentFactory()
    client.force_login(demo_accounts["office_agent"])

    assert client.get(reverse("admissions:detail", args=[theirs.pk])).status_code == 404
