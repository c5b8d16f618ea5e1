"""The foundation seen in Chromium: French sign-in of an office agent, and accessible public pages."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_office_agent_signs_in_in_french_and_lands_on_its_office(page, live_server, demo_accounts, sign_in):
    sign_in("bc@demo.test")

    assert page.url == f"{live_server.url}/bureau/"
    assert page.locator("html").get_attribute("lang") == "fr-CA"
    assert page.get_by_role("heading", level=1).inner_text() == "Bureau coordonnateur du Plateau"
    assert page.get_by_role("button", name="Se déconnecter").is_visible()
    assert page.get_by_role("link", name="Passer au contenu principal").count() == 1


def test_wrong_password_says_so_in_french(page, live_server, demo_accounts):
    page.goto(f"{live_server.url}/comptes/login/")
    page.get_by_label("Courriel").fill("bc@demo.test")
    page.get_by_label("Mot de passe").fill("pas-le-bon")
    page.locator("main").get_by_role("button", name="Connexion").click()

    assert "L’adresse courriel ou le mot de passe sont incorrects." in page.locator("main").inner_text()


def test_the_language_switch_turns_the_page_to_english_and_back(page, live_server, db):
    page.goto(f"{live_server.url}/")
    page.get_by_role("button", name="English").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Find a place in childcare"

    page.get_by_role("button", name="Français").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Trouver une place en service de garde"


@pytest.mark.parametrize("path", ["/", "/comptes/login/", "/page-qui-n-existe-pas/"])
def test_public_pages_have_no_serious_accessibility_violation(page, live_server, db, axe_violations, path):
    page.goto(f"{live_server.url}{path}")

    assert axe_violations(page) == []


def test_office_home_has_no_serious_accessibility_violation(page, demo_accounts, sign_in, axe_violations):
    sign_in("bc@demo.test")

    assert axe_violations(page) == []
