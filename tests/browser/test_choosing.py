"""A family chooses services from the map, and the providers see the choice in their reserve; a profile
published by its provider is what visitors see from the map."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portail.registry.models import Provider
from tests.directory.conftest import point_at
from tests.families.factories import ChildFactory, ChoiceFactory, GuardianFactory
from tests.profiles.factories import ProfileFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _near_h2x(provider):
    lat, lon = point_at(1.0, 45)
    Provider.objects.filter(pk=provider.pk).update(public_latitude=lat, public_longitude=lon)


def _find_on_the_map(page, live_server):
    page.goto(f"{live_server.url}/carte/?q=H2X&radius=5")
    page.locator(".service-list__item").first.get_by_role("link", name="Détails et admission").click()


def test_a_parent_registers_a_child_chooses_a_provider_on_the_map_and_the_provider_sees_it(
    page, live_server, demo_accounts, sign_in
):
    parent = demo_accounts["parent"]
    provider = demo_accounts["provider"].provider
    _near_h2x(provider)
    GuardianFactory(family__parent=parent)
    brother = ChildFactory(family=parent.family, first_name="Noah")
    ChoiceFactory(child=brother, provider=provider)

    sign_in("parent@demo.test")
    page.get_by_role("link", name="Inscrire un enfant").click()
    page.get_by_label("Prénom").fill("Léa")
    page.locator("#id_last_name").fill("Tremblay")
    page.get_by_label("Date de naissance").fill((timezone.localdate() - timedelta(days=300)).isoformat())
    start = timezone.localdate() + timedelta(days=40)
    page.get_by_label("Date souhaitée d’entrée en service de garde").fill(start.isoformat())
    for day in ["lundi", "mardi", "mercredi"]:
        page.get_by_label(day, exact=True).check()
    page.get_by_label("Journées complètes").check()
    page.locator("input[name=accepts_partial_match][value=yes]").check()
    page.locator("input[name=accepts_replacement][value=no]").check()
    page.locator("input[name=has_special_needs][value=no]").check()
    page.get_by_role("button", name="Inscrire mon enfant").click()
    number = page.locator(".big-number").inner_text()

    _find_on_the_map(page, live_server)
    page.get_by_role("link", name="Ajouter à mes choix").click()
    page.get_by_label("Léa Tremblay").check()
    page.get_by_role("button", name="Ajouter à mes choix").click()
    assert "Le service a été ajouté à vos choix." in page.locator(".portal-messages").inner_text()

    page.get_by_role("button", name="Se déconnecter").click()
    sign_in("rsge@demo.test")
    page.get_by_role("link", name="Réserve de clientèle").click()
    row = page.get_by_role("row").filter(has_text=number)
    assert "Léa" in row.inner_text()
    assert "Frère ou sœur dans la réserve" in row.inner_text()
    order = [cell.inner_text() for cell in page.locator("tbody tr td:first-child").all()]
    assert order.index(number) == (0 if start < brother.desired_start_date else 1)


def test_a_visitor_sees_the_published_profile_with_only_the_fields_its_provider_chose(
    page, live_server, demo_accounts, axe_violations
):
    provider = demo_accounts["provider"].provider
    _near_h2x(provider)
    profile = ProfileFactory(provider=provider, presentation="Une grande cour clôturée.", show_rate=False)
    from portail.profiles.services import publish_profile

    publish_profile(provider=provider, by=demo_accounts["provider"])
    profile.refresh_from_db()

    _find_on_the_map(page, live_server)

    text = page.locator("main").inner_text()
    assert "Une grande cour clôturée." in text
    assert "Tarif" not in text
    assert "7 h à 17 h 30" in text
    assert axe_violations(page) == []
