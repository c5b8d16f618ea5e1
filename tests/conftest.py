"""Fixtures shared by every test: the demo's four accounts, and a browser for the browser tests."""

import os
from collections.abc import Iterator
from datetime import date
from typing import Any

import django.test
import pytest
from django.conf import settings
from django.core.cache import caches
from django.utils import translation

from portail.accounts.models import User
from portail.demo.accounts import create_demo_accounts
from portail.directory import index
from tests.registry.factories import OfficeFactory, ProviderFactory

# The tests' settings give the alias `replica`, a test mirror of the primary (config/settings.py): a test
# outside a transaction (a browser's, a request's) reads the public map through it, as production does.
django.test.TransactionTestCase.databases = {"default", "replica"}

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(autouse=True)
def _fresh_map_index() -> Iterator[None]:
    """Each test's map reads its own rows: a snapshot built in another test's rolled-back transaction is
    dropped (portail/directory/index.py)."""
    index.forget()
    yield
    index.forget()


@pytest.fixture(autouse=True)
def _no_rate_counts_carried_over() -> Iterator[None]:
    """Each test starts with an empty cache: allauth's and the API's rate limits count there, per address,
    and the browser tests all sign in from 127.0.0.1; counts left by earlier tests made a later sign-in
    answer 429 on a fast machine (30 sign-ins a minute)."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _french_first() -> Iterator[None]:
    """Each test starts in the portal's language: a request of an English visitor activates English in its
    thread (the middleware, as Django's own, leaves it active), which a later test must not inherit."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture
def demo_accounts(db: None) -> dict[str, User]:
    """parent@, rsge@, bc@ and admin@demo.test, as `make demo` creates them."""
    office = OfficeFactory(name="Bureau coordonnateur du Plateau")
    # A fixed name: a random one could match what a test searches for (« Côté » did once).
    provider = ProviderFactory(
        office=office, first_name="Nathalie", last_name="Bergeron", recognition_date=date(2019, 9, 1)
    )
    return create_demo_accounts(office=office, provider=provider)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; Django refuses ORM calls from it unless told.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="fr-CA", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    # Generous: on a 2-core machine running the suite two workers at a time, a page can take seconds.
    page.set_default_timeout(20_000)
    yield page
    context.close()
