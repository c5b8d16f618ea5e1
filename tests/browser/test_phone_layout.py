"""Every signed-in page fits a phone (390 × 844): nothing scrolls sideways, no button or link ends off screen.

Each demo role signs in, then the test walks what its menus and its home lead to (and one step further, which
reaches a child's pages, the reserve with its rows, an admission and the register with its rows) and measures
each page. Set PHONE_SCREENSHOTS to a folder to keep a screenshot of each page.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from tests.families.factories import ChildFactory, ChoiceFactory, GuardianFactory
from tests.matrix import build_world
from tests.registry.factories import ProviderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
ROLES = {
    "parent": "parent@demo.test",
    "provider": "rsge@demo.test",
    "office_agent": "bc@demo.test",
    "ministry": "admin@demo.test",
}
# Django's admin has its own layout; the ministry's menu leads there, the test checks its index only.
NOT_FOLLOWED = ("/admin/", "/comptes/", "/langue/", "/sante/")
MOST_PAGES = 60

# What sticks out: the page's width beyond the viewport, and each button or link whose box ends past it.
# A phone's browser zooms out to show a page wider than its screen, so innerWidth grows with the page: the
# width to keep within is the phone's.
MEASURE = """(width) => {
  const beyond = [];
  for (const element of document.querySelectorAll("a, button, input[type=submit], summary")) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    if (element.closest(".visually-hidden, .skip-link")) continue;
    const name = element.textContent.trim().slice(0, 40);
    if (box.right > width + 0.5) beyond.push(`${name} ends at ${Math.round(box.right)}`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, beyond};
}"""


@pytest.fixture
def world(db):
    world = build_world()
    provider = world.provider
    for first_name, last_name in [("Marie-Ève-Alexandrine", "Tremblay-Laflamme-Bouchard"), ("Noah", "Côté")]:
        child = ChildFactory(
            first_name=first_name,
            last_name=last_name,
            birth_date=timezone.localdate() - timedelta(days=500),
            desired_start_date=timezone.localdate() + timedelta(days=60),
        )
        GuardianFactory(family=child.family, phone="514 555-0177")
        ChoiceFactory(child=child, provider=provider)
    ProviderFactory.create_batch(3, office=provider.office)
    return world


def _same_site_links(page, origin):
    hrefs = page.eval_on_selector_all("header a[href], main a[href]", "links => links.map(link => link.href)")
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin or parts.path.endswith((".csv", ".json")):
            continue
        yield parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.mark.parametrize("role", ROLES)
def test_every_signed_in_page_fits_a_phone(browser, live_server, world, role):
    context = browser.new_context(locale="fr-CA", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    shots = os.environ.get("PHONE_SCREENSHOTS")
    try:
        page.goto(f"{live_server.url}/comptes/login/")
        page.get_by_label("Courriel").fill(ROLES[role])
        page.get_by_label("Mot de passe").fill("Demo-portail-2026")
        page.locator("main").get_by_role("button", name="Connexion").click()
        page.wait_for_load_state()
        home = urlsplit(page.url).path

        # The menus, unfolded once, then the home's and each menu page's links.
        menu = page.get_by_role("button", name="Menu")
        if menu.count():  # the ministry lands in Django's admin, which has its own header
            menu.click()
        to_visit = [home, *_same_site_links(page, live_server.url)]
        seen: set[str] = set()
        problems = []
        depth = {home: 0}
        while to_visit and len(seen) < MOST_PAGES:
            path = to_visit.pop(0)
            if path in seen or (path.startswith(NOT_FOLLOWED) and path != "/admin/"):
                continue
            seen.add(path)
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status < 500, path
            measured = page.evaluate(MEASURE, PHONE["width"])
            if measured["scrollWidth"] > measured["width"]:
                problems.append(f"{path}: the page is {measured['scrollWidth']} px wide")
            problems.extend(f"{path}: {item}" for item in measured["beyond"])
            if shots:
                name = path.strip("/").replace("/", "_") or "home"
                page.screenshot(path=str(Path(shots) / f"{role}-{name}.png"), full_page=True)
            if depth.get(path, 0) < 2 and not path.startswith("/admin/"):
                for link in _same_site_links(page, live_server.url):
                    if link not in seen:
                        depth.setdefault(link, depth.get(path, 0) + 1)
                        to_visit.append(link)

        assert len(seen) >= 2
        assert problems == []
    finally:
        context.close()


def test_the_header_folds_its_menu_so_the_title_shows_on_the_first_screen(browser, live_server, world):
    context = browser.new_context(locale="fr-CA", viewport=PHONE, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/comptes/login/")
        page.get_by_label("Courriel").fill("bc@demo.test")
        page.get_by_label("Mot de passe").fill("Demo-portail-2026")
        page.locator("main").get_by_role("button", name="Connexion").click()
        page.wait_for_load_state()

        menu = page.locator("#portal-role-nav")
        assert menu.get_by_role("link", name="Registre").is_hidden()
        assert page.get_by_role("heading", level=1).bounding_box()["y"] < 150
        page.get_by_role("button", name="Menu").click()
        assert page.get_by_role("button", name="Menu").get_attribute("aria-expanded") == "true"
        assert menu.get_by_role("link", name="Registre").is_visible()
    finally:
        context.close()


def test_on_a_wide_screen_the_menu_is_open_and_the_office_menu_fits_two_rows(page, world, sign_in):
    sign_in("bc@demo.test")

    assert page.get_by_role("button", name="Menu").is_hidden()
    menu = page.locator(".portal-nav").bounding_box()
    assert menu["height"] < 100
