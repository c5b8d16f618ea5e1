"""« Ajouter à mes choix »: a service shown on the map goes into the chosen children's choices."""

from datetime import date

import pytest
from django.urls import reverse

from portail.families.models import Choice
from portail.registry.models import RecognitionStatus
from tests.families.factories import ChildFactory, ChoiceFactory
from tests.registry.factories import FacilityFactory, ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def parent(client, demo_accounts):
    client.force_login(demo_accounts["parent"])
    return demo_accounts["parent"]


def test_adding_a_provider_puts_the_children_in_its_reserve(client, parent):
    first, second = ChildFactory(family__parent=parent), None
    second = ChildFactory(family=first.family)
    provider = ProviderFactory()

    client.post(reverse("families:choose", args=["rsge", provider.pk]), {"children": [first.pk, second.pk]})

    assert set(Choice.objects.filter(provider=provider).values_list("child", flat=True)) == {
        first.pk,
        second.pk,
    }


def test_adding_a_facility(client, parent):
    child = ChildFactory(family__parent=parent)
    facility = FacilityFactory()

    client.post(reverse("families:choose", args=["installation", facility.pk]), {"children": [child.pk]})

    assert Choice.objects.filter(child=child, facility=facility).exists()


def test_the_same_service_twice_is_refused_with_a_message(client, parent):
    child = ChildFactory(family__parent=parent, first_name="Léa")
    provider = ProviderFactory()
    ChoiceFactory(child=child, provider=provider)

    response = client.post(reverse("families:choose", args=["rsge", provider.pk]), {"children": [child.pk]})

    assert "Ce service est déjà parmi les choix de Léa." in response.content.decode()
    assert Choice.objects.filter(child=child).count() == 1


def test_another_familys_child_cannot_be_chosen_for(client, parent):
    ChildFactory(family__parent=parent)
    theirs = ChildFactory()
    provider = ProviderFactory()

    client.post(reverse("families:choose", args=["rsge", provider.pk]), {"children": [theirs.pk]})

    assert not Choice.objects.exists()


def test_a_provider_not_shown_on_the_map_cannot_be_chosen(client, parent):
    ceased = ProviderFactory(status=RecognitionStatus.CEASED)
    suspended = ProviderFactory(
        status=RecognitionStatus.SUSPENDED,
        suspension_start=date(2026, 1, 1),
        suspension_planned_return=date(2030, 1, 1),
    )

    for provider in [ceased, suspended]:
        assert client.get(reverse("families:choose", args=["rsge", provider.pk])).status_code == 404
