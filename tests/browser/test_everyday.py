"""A parent's everyday use in Chromium: the choices named as the map names them, each « Retirer » named by
its service and asking before it acts, a refusal by the office shown on the child's page."""

import pytest

from portail.admissions.services import refuse_admission
from tests.admissions.factories import AdmissionFactory
from tests.families.factories import ChildFactory, ChoiceFactory, GuardianFactory
from tests.registry.factories import OfficeAgentFactory, ProviderFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_choices_show_the_services_names_and_remove_asks_first(page, live_server, demo_accounts, sign_in):
    parent = demo_accounts["parent"]
    GuardianFactory(family__parent=parent)
    child = ChildFactory(family=parent.family, first_name="Léa")
    ChoiceFactory(child=child, provider=ProviderFactory(service_name="Chez Ginette"))
    ChoiceFactory(child=child, provider=ProviderFactory(service_name="Les Trois Pommes"))

    sign_in("parent@demo.test")
    page.goto(f"{live_server.url}/parent/enfants/{child.file_id}/")

    table = page.locator("table.data").first
    assert "Chez Ginette" in table.inner_text() and "Les Trois Pommes" in table.inner_text()
    remove = page.locator("summary", has_text="Retirer").filter(has_text="Chez Ginette")
    assert remove.count() == 1
    remove.click()
    page.get_by_role("button", name="Oui, retirer — Chez Ginette").click()
    page.wait_for_load_state()

    assert child.choices.count() == 1
    assert child.choices.get().provider.service_name == "Les Trois Pommes"


def test_a_refusal_shows_on_the_child_s_page_with_its_reason(page, live_server, demo_accounts, sign_in):
    parent = demo_accounts["parent"]
    GuardianFactory(family__parent=parent)
    child = ChildFactory(family=parent.family, first_name="Léa")
    provider = ProviderFactory(service_name="Chez Ginette")
    ChoiceFactory(child=child, provider=provider)
    admission = AdmissionFactory(child=child, provider=provider)
    refuse_admission(
        admission=admission, by=OfficeAgentFactory(office=provider.office).user, reason="Dossier incomplet"
    )

    sign_in("parent@demo.test")
    page.goto(f"{live_server.url}/parent/enfants/{child.file_id}/")

    row = page.locator("tr", has_text="Chez Ginette")
    assert "Admission refusée par le bureau coordonnateur — Dossier incomplet" in row.inner_text()
