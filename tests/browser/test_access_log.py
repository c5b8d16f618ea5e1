"""The access log in Chromium: rsge@ opens Léa's details in its reserve, then parent@ sees on Léa's page
that a childcare provider opened the file, by the name of its service, never the person's."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.families.factories import ChildFactory, ChoiceFactory, FamilyFileFactory, GuardianFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROLE = "Responsable d’un service de garde en milieu familial (RSGE)"


def test_the_parent_sees_that_the_provider_opened_leas_file(
    page, live_server, demo_accounts, sign_in, axe_violations
):
    provider = demo_accounts["provider"].provider
    provider.service_name = "Les Petits Pas"
    provider.save()
    family = FamilyFileFactory(parent=demo_accounts["parent"])
    GuardianFactory(family=family, first_name="Camille", phone="514 555-0142")
    lea = ChildFactory(
        family=family,
        first_name="Léa",
        birth_date=timezone.localdate() - timedelta(days=420),
        desired_start_date=timezone.localdate() + timedelta(days=60),
    )
    ChoiceFactory(provider=provider, child=lea)

    sign_in("rsge@demo.test")
    page.get_by_role("link", name="Réserve de clientèle").click()
    page.get_by_role("row").filter(has_text="Léa").get_by_role("link").first.click()
    page.get_by_text("514 555-0142").first.wait_for()
    page.get_by_role("button", name="Se déconnecter").click()

    sign_in("parent@demo.test")
    page.get_by_role("link", name=f"Léa {lea.last_name}").click()
    log = page.locator("main").inner_text()
    assert "Qui a consulté le dossier de Léa" in log
    row = page.locator("#consultations ~ .table-scroll").get_by_role("row").filter(has_text="Les Petits Pas")
    assert ROLE in row.inner_text()
    assert "Nathalie" not in log and "Bergeron" not in log
    assert axe_violations(page) == []
