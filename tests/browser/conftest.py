"""Helpers for the browser tests: sign in through the real form, and check a page with axe."""

from collections.abc import Callable
from typing import Any

import pytest

from portail.demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def sign_in(page: Any, live_server: Any) -> Callable[[str], None]:
    def sign_in_as(email: str) -> None:
        page.goto(f"{live_server.url}/comptes/login/")
        page.get_by_label("Courriel").fill(email)
        page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
        page.locator("main").get_by_role("button", name="Connexion").click()
        page.wait_for_load_state()

    return sign_in_as


@pytest.fixture
def axe_violations() -> Callable[[Any], list[dict[str, Any]]]:
    """The serious and critical accessibility violations axe finds on a page."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def run(page: Any) -> list[dict[str, Any]]:
        results = axe.run(page)
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in results.response["violations"]
            if v["impact"] in {"serious", "critical"}
        ]

    return run
