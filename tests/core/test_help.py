"""« Aide et soutien »: a public page saying whom to contact for what, each contact a setting, linked from
every page's footer and each role's home; a provider reads its own office's phone and e-mail."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
HELP = reverse("core:help")


def test_anyone_reads_whom_to_contact_with_the_source_document_s_contacts(client):
    html = client.get(HELP).content.decode()

    assert "Aide et soutien" in html
    for contact in ("1 855-336-8568", "renseignements@mfa.gouv.qc.ca", "mfa.permis@mfa.gouv.qc.ca"):
        assert contact in html
    assert "Revenu Québec" in html and "1 866 423-3234" in html
    assert "Services Québec" in html and "1 877 644-4545" in html
    assert "conseiller aux services de garde" in html
    assert "sauf le jeudi dès 10 h" in html


def test_each_contact_is_a_setting(client, settings):
    settings.SUPPORT_PHONE = "1 800 555-0199"
    settings.OFFICE_DETAILS_EMAIL = "permis@example.test"

    html = client.get(HELP).content.decode()

    assert "1 800 555-0199" in html and "1 855-336-8568" not in html
    assert "permis@example.test" in html


def test_every_page_s_footer_links_to_it(client):
    footer = client.get(reverse("core:home")).content.decode().split('<footer class="portal-footer">')[1]
    assert f'href="{HELP}"' in footer


@pytest.mark.parametrize(
    ("role", "home"),
    [("parent", "families:home"), ("provider", "core:provider_home"), ("office_agent", "core:office_home")],
)
def test_each_role_s_home_links_to_it(client, demo_accounts, role, home):
    client.force_login(demo_accounts[role])
    main = client.get(reverse(home)).content.decode().split('<footer class="portal-footer">')[0]
    assert f'href="{HELP}"' in main


def test_a_provider_reads_its_office_s_phone_and_e_mail(client, demo_accounts):
    office = demo_accounts["provider"].provider.office
    client.force_login(demo_accounts["provider"])

    html = client.get(reverse("core:provider_home")).content.decode()

    assert office.phone in html and f"mailto:{office.email}" in html
