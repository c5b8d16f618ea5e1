"""Most of a reserve may be admitted elsewhere: the provider hides them with a filter, and the admit page
warns before admitting such a child."""

import pytest
from django.urls import reverse

from portail.admissions.models import Status
from portail.waitlist.selectors import ReserveFilters, reserve_of
from tests.admissions.factories import AdmissionFactory
from tests.admissions.test_notices import TODAY
from tests.families.factories import ChildFactory, ChoiceFactory
from tests.registry.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def test_the_filter_hides_the_children_holding_a_place_elsewhere_only():
    provider = ProviderFactory()
    waiting, elsewhere, here, refused_elsewhere = (ChildFactory() for _ in range(4))
    for child in (waiting, elsewhere, here, refused_elsewhere):
        ChoiceFactory(provider=provider, child=child)
    AdmissionFactory(child=elsewhere, status=Status.CONFIRMED)
    AdmissionFactory(child=here, provider=provider)
    AdmissionFactory(child=refused_elsewhere, status=Status.REFUSED)

    shown = set(reserve_of(provider, filters=ReserveFilters(hide_admitted_elsewhere=True), today=TODAY()))

    assert shown == {waiting, here, refused_elsewhere}
    assert elsewhere in set(reserve_of(provider, filters=ReserveFilters(), today=TODAY()))


def test_the_reserve_page_takes_the_filter(client, demo_accounts):
    provider = demo_accounts["provider"].provider
    elsewhere = ChildFactory(first_name="Ailleurs")
    ChoiceFactory(provider=provider, child=elsewhere)
    AdmissionFactory(child=elsewhere)
    client.force_login(demo_accounts["provider"])

    html = client.get(reverse("waitlist:reserve"), {"hide_admitted_elsewhere": "on"}).content.decode()

    assert "Masquer les enfants admis ailleurs" in html
    assert elsewhere.display_number not in html


def test_the_admit_page_warns_when_the_child_holds_a_place_elsewhere(client, demo_accounts):
    provider = demo_accounts["provider"].provider
    child = ChildFactory()
    ChoiceFactory(provider=provider, child=child)
    AdmissionFactory(child=child, provider=ProviderFactory(service_name="Les Trois Pommes"))
    client.force_login(demo_accounts["provider"])

    html = client.get(reverse("admissions:admit", args=[child.file_id])).content.decode()

    assert "Cet enfant a déjà une place ailleurs." in html
    assert "Les Trois Pommes" in html
