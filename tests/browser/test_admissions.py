"""Admissions in Chromium: rsge@ admits one child from its reserve and another by number; bc@ confirms one
and refuses the other; the pages pass axe."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portail.admissions.models import Admission, Status
from tests.families.factories import ChildFactory, ChoiceFactory, GuardianFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _child(first_name, **fields):
    child = ChildFactory(
        first_name=first_name,
        birth_date=timezone.localdate() - timedelta(days=900),
        desired_start_date=timezone.localdate() + timedelta(days=45),
        **fields,
    )
    GuardianFactory(family=child.family, first_name="Marie", phone="514 555-0177")
    return child


def test_a_provider_admits_two_children_and_the_office_confirms_one_and_refuses_the_other(
    page, live_server, demo_accounts, sign_in, axe_violations
):
    provider = demo_accounts["provider"].provider
    reserved = _child("Léa")
    ChoiceFactory(provider=provider, child=reserved)
    by_number = _child("Noah")

    sign_in("rsge@demo.test")
    page.get_by_role("link", name="Réserve de clientèle").click()
    page.get_by_role("row").filter(has_text="Léa").get_by_role("link", name="Admettre").click()
    assert "514 555-0177" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Admettre").click()
    assert "est enregistrée" in page.locator(".portal-messages").inner_text()

    page.goto(f"{live_server.url}/rsge/")
    page.get_by_role("link", name="Rechercher un enfant par son numéro d’inscription").click()
    page.get_by_label("Numéro d’inscription donné par le parent").fill(by_number.display_number.lower())
    page.get_by_role("button", name="Rechercher").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Admettre").click()
    assert Admission.objects.filter(provider=provider).count() == 2

    page.get_by_role("button", name="Se déconnecter").click()
    sign_in("bc@demo.test")
    page.goto(f"{live_server.url}/bureau/admissions/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Léa").click()
    page.get_by_role("button", name="Confirmer l’admission").click()
    assert "Admission confirmée" in page.locator(".portal-messages").inner_text()

    page.goto(f"{live_server.url}/bureau/admissions/")
    page.get_by_role("link", name="Noah").click()
    page.get_by_label("Motif du refus").fill("Entente de services non signée")
    page.get_by_role("button", name="Refuser l’admission").click()
    assert "Entente de services non signée" in page.locator("main").inner_text()
    assert axe_violations(page) == []

    statuses = {a.child.first_name: a.status for a in Admission.objects.select_related("child")}
    assert statuses == {"Léa": Status.CONFIRMED, "Noah": Status.REFUSED}


def test_the_family_file_and_the_reserve_have_no_serious_accessibility_violation(
    page, live_server, demo_accounts, sign_in, axe_violations
):
    child = _child("Léa", family__parent=demo_accounts["parent"])
    ChoiceFactory(provider=demo_accounts["provider"].provider, child=child)

    sign_in("parent@demo.test")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/parent/enfants/{child.file_id}/")
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/parent/enfants/inscrire/")
    assert axe_violations(page) == []

    page.get_by_role("button", name="Se déconnecter").click()
    sign_in("rsge@demo.test")
    page.goto(f"{live_server.url}/rsge/reserve/")
    page.locator("details summary").first.click()
    page.get_by_text("514 555-0177").wait_for()
    assert axe_violations(page) == []
    page.goto(f"{live_server.url}/rsge/fiche/")
    assert axe_violations(page) == []
