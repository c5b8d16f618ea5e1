"""The strict Content-Security-Policy in Chromium: the map and the reserve work without a single refusal."""

from collections.abc import Callable
from typing import Any

import pytest

from tests.browser import test_map
from tests.browser.test_admissions import _child
from tests.families.factories import ChoiceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

services = test_map.services  # the map's published provider, unpublished one and facilities

# The page's own report of every refusal, in the console or not: an event per blocked script, style or image.
LISTEN = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def refusals(page: Any) -> Callable[[], list[str]]:
    """What the browser refused on the page so far, from the console and from the violation events."""
    console: list[str] = []

    def on_console(message: Any) -> None:
        if "Refused to" in message.text:
            console.append(message.text)

    page.on("console", on_console)
    page.add_init_script(LISTEN)

    def found() -> list[str]:
        return console + page.evaluate("window.cspViolations || []")

    return found


def test_the_map_searches_shows_markers_and_a_summary_without_a_refusal(
    page, live_server, services, refusals
):
    response = page.goto(f"{live_server.url}/carte/")
    assert "script-src 'self'" in response.headers["content-security-policy"]

    test_map._search_h2x(page, live_server)
    page.locator(".service-list__item").nth(2).get_by_role("button", name="Voir sur la carte").click()
    page.locator(".leaflet-popup-content").wait_for()

    assert refusals() == []


def test_the_reserve_opens_a_childs_details_without_a_refusal(
    page, live_server, demo_accounts, sign_in, refusals
):
    ChoiceFactory(provider=demo_accounts["provider"].provider, child=_child("Léa"))

    sign_in("rsge@demo.test")
    page.goto(f"{live_server.url}/rsge/reserve/")
    page.locator("details summary").first.click()
    page.get_by_text("514 555-0177").wait_for()

    assert refusals() == []


def test_the_api_documentation_renders_without_a_refusal(page, live_server, refusals):
    """Swagger UI from the sidecar, its initialization a script file of the portal: no CDN, no inline code."""
    response = page.goto(f"{live_server.url}/api/v1/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]

    page.locator(".opblock").first.wait_for()

    assert page.locator(".opblock").count() > 15
    assert refusals() == []
