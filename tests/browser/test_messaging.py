"""bc@ writes to its providers not yet published, with a PDF; rsge@ reads it on a phone and answers."""

import pytest

from portail.messaging.models import Message
from tests.messaging.conftest import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_office_writes_with_a_file_and_its_provider_answers_on_a_phone(
    page, live_server, sign_in, demo_accounts, axe_violations, tmp_path, settings
):
    settings.MESSAGING_STORAGE_ROOT = str(tmp_path / "attachments")
    guide = tmp_path / "guide.pdf"
    guide.write_bytes(PDF)
    sign_in("bc@demo.test")
    # rsge@ has joined: it is among the providers whose profile is not yet published.
    page.goto(f"{live_server.url}/messagerie/ecrire/?published=no")
    assert "<strong>1</strong>" in page.content()
    assert axe_violations(page) == []
    page.locator("input[name=subject]").fill("Publiez votre fiche")
    page.locator("textarea[name=body]").fill("Bonjour,\nle guide est joint.")
    page.locator("input[name=attachments]").set_input_files(str(guide))
    page.locator("main").get_by_role("button", name="Envoyer").click()
    page.wait_for_load_state()
    assert "Votre message a été envoyé à 1 RSGE." in page.content()
    page.context.clear_cookies()

    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("rsge@demo.test")
    page.goto(f"{live_server.url}/messagerie/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    page.get_by_role("link", name="Publiez votre fiche").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="guide.pdf").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
    page.locator("textarea[name=body]").fill("Merci, je m'en occupe.")
    page.locator("main").get_by_role("button", name="Envoyer").click()
    page.wait_for_load_state()
    assert "Votre message a été envoyé." in page.content()
    assert Message.objects.filter(body="Merci, je m'en occupe.", side="provider").exists()
