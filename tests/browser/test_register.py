"""The register in Chromium: bc@ finds a provider, suspends it with early display, and reads the history."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.registry.factories import ProviderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def amelie(demo_accounts):
    office = demo_accounts["office_agent"].office_agent.office
    ProviderFactory.create_batch(3, office=office)
    return ProviderFactory(office=office, first_name="Amélie", last_name="Côté")


def test_an_agent_suspends_a_provider_with_early_display_and_sees_it_in_the_history(
    page, live_server, amelie, sign_in, axe_violations
):
    today = timezone.localdate()
    start, planned_return = today + timedelta(days=7), today + timedelta(days=200)
    sign_in("bc@demo.test")

    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Registre").click()
    assert page.get_by_role("link", name="Registre").get_attribute("aria-current") == "page"
    assert axe_violations(page) == []
    page.get_by_label("Nom ou numéro au registre").fill("Côté")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**q=C*")
    assert page.get_by_text("1 RSGE trouvé.").is_visible()

    page.get_by_role("link", name="Côté, Amélie").click()
    page.get_by_role("link", name="Modifier l’inscription").click()
    page.get_by_label("Statut de reconnaissance").select_option(label="Suspendue")
    page.get_by_label("Début de la suspension").fill(start.isoformat())
    page.get_by_label("Retour prévu", exact=True).fill(planned_return.isoformat())
    page.get_by_label("Afficher sur la carte un peu avant le retour prévu").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer l’inscription").click()

    assert "Veuillez corriger les erreurs" in page.locator("main").inner_text()
    assert page.get_by_text("Ce champ est obligatoire.").is_visible()
    assert axe_violations(page) == []
    page.get_by_label("Motif de la modification").fill("Congé de maternité")
    page.get_by_role("button", name="Enregistrer l’inscription").click()

    assert "L’inscription a été enregistrée." in page.locator(".portal-messages").inner_text()
    history = page.locator(".register-history").inner_text()
    assert "Sophie Gagnon" in history
    assert "Motif : Congé de maternité" in history
    assert "Statut de reconnaissance : Reconnue → Suspendue" in history
    assert "Afficher sur la carte avant le retour : Non → Oui" in history
    amelie.refresh_from_db()
    assert (amelie.status, amelie.suspension_planned_return, amelie.show_before_return) == (
        "suspended",
        planned_return,
        True,
    )


def test_the_search_updates_the_list_without_a_reload(page, live_server, amelie, sign_in):
    sign_in("bc@demo.test")
    page.goto(f"{live_server.url}/bureau/registre/")
    page.evaluate("window.notReloaded = true")

    page.get_by_label("Statut de reconnaissance", exact=True).select_option(label="Suspendue")

    page.wait_for_url("**status=suspended*")
    assert page.get_by_text("Aucune RSGE ne correspond à cette recherche.").is_visible()
    assert page.evaluate("window.notReloaded") is True
