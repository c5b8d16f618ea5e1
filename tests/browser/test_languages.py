"""Leaflet's controls in the page's language, in Chromium: static/js/leaflet-locale.js gives them base.html's
words before map.js makes the map."""

import pytest
from django.conf import settings

from tests.browser.test_map import _search_h2x, services  # noqa: F401  (a fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_map_s_controls_speak_french(page, live_server, services):  # noqa: F811
    _search_h2x(page, live_server)

    assert page.locator(".leaflet-control-zoom-in").get_attribute("title") == "Zoom avant"
    assert page.locator(".leaflet-control-zoom-out").get_attribute("aria-label") == "Zoom arrière"
    page.locator(".service-list__item").nth(2).get_by_role("button", name="Voir sur la carte").click()
    close = page.locator(".leaflet-popup-close-button")
    close.wait_for()
    assert close.get_attribute("aria-label") == "Fermer"
    assert close.get_attribute("title") == "Fermer"


def test_the_map_s_controls_speak_english_on_an_english_page(page, live_server, services):  # noqa: F811
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/carte/")
    page.locator(".leaflet-control-zoom-in").wait_for()

    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".leaflet-control-zoom-in").get_attribute("title") == "Zoom in"
    assert page.locator(".leaflet-control-zoom-out").get_attribute("title") == "Zoom out"
