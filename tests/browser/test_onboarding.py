"""Joining the portal seen in Chromium: an office reminds a provider; the claim page is accessible."""

import pytest
from django.utils import timezone

from tests.registry.factories import ProviderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def not_joined(demo_accounts):
    office = demo_accounts["office_agent"].office_agent.office
    return ProviderFactory(office=office, first_name="Amélie", last_name="Côté", email="amelie@example.test")


def test_an_office_reminds_a_provider_who_has_not_joined_and_sees_it_logged(
    page, live_server, not_joined, sign_in, mailoutbox
):
    sign_in("bc@demo.test")
    page.goto(f"{live_server.url}/bureau/adhesion/?pending=not_joined")

    assert page.get_by_role("heading", level=1).inner_text() == "Adhésion au portail"
    page.get_by_label("Côté, Amélie").check()
    page.get_by_role("button", name="Envoyer un rappel aux RSGE sélectionnées").click()

    assert "1 rappel envoyé." in page.locator(".portal-messages").inner_text()
    row = page.get_by_role("row").filter(has_text="Côté, Amélie")
    last_reminder = row.locator("td").nth(6).inner_text()
    assert last_reminder != "—"
    assert str(timezone.localdate().year) in last_reminder
    assert [message.to for message in mailoutbox] == [["amelie@example.test"]]

    row.get_by_role("link", name="Code").click()
    log = page.locator(".reminder-log")
    assert "Sophie Gagnon" in log.inner_text()


def test_the_tracking_page_has_no_serious_accessibility_violation(
    page, live_server, not_joined, sign_in, axe_violations
):
    sign_in("bc@demo.test")
    page.goto(f"{live_server.url}/bureau/adhesion/")

    assert axe_violations(page) == []


def test_the_claim_page_has_no_serious_accessibility_violation(
    page, live_server, demo_accounts, sign_in, axe_violations
):
    sign_in("parent@demo.test")
    page.goto(f"{live_server.url}/rsge/adherer/")
    page.get_by_role("button", name="Lier mon compte").click()

    assert "Numéro au registre" in page.locator("main").inner_text()
    assert axe_violations(page) == []
