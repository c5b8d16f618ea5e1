"""The public map in Chromium: search near H2X, markers and the list, each service's details, and axe."""

import pytest
from django.utils import timezone

from portail.profiles.models import ProviderProfile
from portail.registry.models import Provider
from tests.directory.conftest import point_at
from tests.registry.factories import FacilityFactory, ProviderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def services(db):
    published = ProviderFactory(service_name="Les Petits Lutins", profile_published_at=timezone.now())
    ProviderProfile.objects.create(
        provider=published,
        published={"hours": {"mon": ["07:00", "17:00"]}, "presentation": "Une grande cour clôturée."},
    )
    unpublished = ProviderFactory(municipality="Montréal")
    for distance, provider in [(1.0, published), (2.0, unpublished)]:
        lat, lon = point_at(distance, 30)
        Provider.objects.filter(pk=provider.pk).update(public_latitude=lat, public_longitude=lon)
    lat, lon = point_at(3.0, 200)
    FacilityFactory(name="CPE du Plateau", latitude=lat, longitude=lon)
    far_lat, far_lon = point_at(8.0, 90)
    FacilityFactory(name="CPE trop loin", latitude=far_lat, longitude=far_lon)
    return {"published": published, "unpublished": unpublished}


def _search_h2x(page, live_server):
    page.goto(f"{live_server.url}/carte/")
    page.get_by_label("Adresse, code postal ou municipalité").fill("H2X")
    page.get_by_label("Rayon").fill("5")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_selector("#carte[data-markers='3']")


def test_a_search_near_h2x_shows_markers_and_the_same_services_in_the_list(page, live_server, services):
    _search_h2x(page, live_server)

    assert "q=H2X" in page.url  # the results' address can be shared and bookmarked
    assert page.get_by_role(
        "heading", name="3 services à moins de 5 km de H2X (Plateau Mont-Royal)"
    ).is_visible()
    items = page.locator(".service-list__item")
    assert items.count() == 3
    assert "Les Petits Lutins" in items.nth(0).inner_text()
    assert "Milieu familial — Montréal" in items.nth(1).inner_text()
    assert "CPE trop loin" not in page.locator("main").inner_text()
    assert page.locator(".marker-cluster, .leaflet-overlay-pane canvas").count() >= 1


def test_show_on_the_map_opens_the_summary_with_its_link(page, live_server, services):
    _search_h2x(page, live_server)

    page.locator(".service-list__item").nth(2).get_by_role("button", name="Voir sur la carte").click()

    popup = page.locator(".leaflet-popup-content")
    popup.get_by_role("link", name="Détails et admission").wait_for()
    assert "CPE du Plateau" in popup.inner_text()


def test_details_of_a_published_and_an_unpublished_provider(page, live_server, services):
    _search_h2x(page, live_server)

    page.locator(".service-list__item").nth(0).get_by_role("link", name="Détails et admission").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Les Petits Lutins"
    assert "Une grande cour clôturée." in page.locator("main").inner_text()

    page.go_back()
    page.locator(".service-list__item").nth(1).get_by_role("link", name="Détails et admission").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Milieu familial — Montréal"
    assert "Cette RSGE n’a pas encore publié sa fiche descriptive." in page.locator("main").inner_text()


def test_the_search_works_without_javascript(browser, live_server, services):
    context = browser.new_context(locale="fr-CA", java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/carte/")
    page.get_by_label("Adresse, code postal ou municipalité").fill("trois-rivieres")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**q=trois-rivieres**")

    assert "0 service à moins de 5 km de Trois-Rivières" in page.locator("main").inner_text()
    assert "Aucun service ne correspond" in page.locator("main").inner_text()
    context.close()


def test_a_place_outside_quebec_is_refused_in_french_at_the_field(page, live_server, services):
    page.goto(f"{live_server.url}/carte/")
    page.get_by_label("Adresse, code postal ou municipalité").fill("K1A 0B1")
    page.get_by_role("button", name="Rechercher").click()

    page.locator("#id_q_error").wait_for()
    assert "Ce code postal n’est pas au Québec" in page.locator("#id_q_error").inner_text()


def test_the_map_page_has_no_serious_accessibility_violation(page, live_server, services, axe_violations):
    _search_h2x(page, live_server)
    page.locator(".map-filters summary").click()

    assert axe_violations(page) == []
