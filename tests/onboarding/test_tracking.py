"""The office's tracking of joining: counts, the list of those still to join or publish, its CSV export."""

import csv
import io
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portail.accounts.models import Role
from portail.registry.models import Provider
from tests.accounts.factories import UserFactory
from tests.onboarding.conftest import JOINED
from tests.registry.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def test_the_counts_cover_the_offices_current_providers_only(client, agent, providers):
    ProviderFactory()  # another office's
    client.force_login(agent)

    counts = client.get(reverse("onboarding:tracking")).context["counts"]

    # The demo provider (linked to rsge@, so joined) and four more; the ceased one is not counted.
    assert counts == {
        "total": 5,
        "joined": 3,
        "published": 1,
        "joined_percent": 60,
        "published_percent": 20,
    }


@pytest.mark.parametrize(
    ("pending", "expected"),
    [
        ("not_joined", {"not_joined", "not_joined_2"}),
        ("not_published", {"not_published", "demo"}),
        ("all", {"not_joined", "not_joined_2", "not_published"}),
    ],
)
def test_the_list_shows_the_providers_still_to_follow_up(
    client, demo_accounts, agent, providers, pending, expected
):
    providers = {**providers, "demo": demo_accounts["provider"].provider}
    client.force_login(agent)

    page = client.get(reverse("onboarding:tracking"), {"pending": pending}).context["page"]

    shown = {provider.pk for provider in page.object_list}
    assert {providers[name].pk for name in expected} <= shown
    assert providers["published"].pk not in shown
    assert providers["ceased"].pk not in shown


def test_the_page_shows_contact_details_in_french(client, agent, providers):
    client.force_login(agent)

    html = client.get(reverse("onboarding:tracking"), {"pending": "not_joined"}).content.decode()

    assert "Côté, Amélie" in html
    assert "amelie@example.test" in html
    assert "514 555-0101" in html
    assert "Adhésion au portail" in html


def test_the_list_is_paged_by_50_in_a_constant_number_of_queries(client, agent, office):
    client.force_login(agent)
    ProviderFactory.create_batch(3, office=office)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("onboarding:tracking"))
    ProviderFactory.create_batch(60, office=office)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("onboarding:tracking"))

    assert len(many) == len(few)
    assert len(response.context["page"].object_list) == 50


def _rows(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_export_holds_the_filtered_contact_details_with_a_bom_and_french_headers(
    client, agent, providers
):
    client.force_login(agent)

    response = client.get(reverse("onboarding:export"), {"pending": "not_joined"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    header, *rows = _rows(response)
    assert header == [
        "Nom",
        "Prénom",
        "Numéro au registre",
        "Courriel",
        "Téléphone",
        "Municipalité",
        "Statut de reconnaissance",
        "Adhésion au portail",
        "Fiche publiée",
        "Dernier rappel",
    ]
    names = {row[0] for row in rows}
    assert {"Côté", "Dubé"} <= names
    assert "Gagné" not in names
    assert ["Côté", "Amélie", providers["not_joined"].register_number, "amelie@example.test"] == rows[
        [row[0] for row in rows].index("Côté")
    ][:4]


def test_the_export_holds_no_child_data_nor_home_address(client, agent, providers):
    client.force_login(agent)

    content = client.get(reverse("onboarding:export"), {"pending": "all"}).content.decode("utf-8-sig")

    assert "rue Rachel" not in content
    assert "H2J" not in content
    assert "enfant" not in content.lower()


def test_the_export_defuses_spreadsheet_formulas(client, agent, office):
    ProviderFactory(office=office, last_name="=HYPERLINK(1)")
    client.force_login(agent)

    rows = _rows(client.get(reverse("onboarding:export")))

    assert "'=HYPERLINK(1)" in [row[0] for row in rows]


def test_the_register_and_the_tracking_count_the_same_providers_as_joined_and_published(
    client, agent, office
):
    # Linked to an account by the register's service without a date: the register once said « not joined »
    # and the tracking « joined ».
    ProviderFactory(office=office, user=UserFactory(role=Role.PROVIDER))
    ProviderFactory(office=office, joined_portal_at=JOINED, profile_published_at=JOINED)
    ProviderFactory(office=office)
    client.force_login(agent)

    register = client.get(reverse("registry:providers")).context["counts"]
    tracking = client.get(reverse("onboarding:tracking")).context["counts"]

    # The demo provider (linked to rsge@) and the first two.
    assert (register["total"], register["joined"], register["published"]) == (4, 3, 1)
    assert (tracking["total"], tracking["joined"], tracking["published"]) == (4, 3, 1)


def test_an_account_cannot_be_linked_without_the_day_it_joined(office):
    provider = ProviderFactory(office=office)

    with pytest.raises(IntegrityError), transaction.atomic():
        Provider.objects.filter(pk=provider.pk).update(user=UserFactory(role=Role.PROVIDER))


@pytest.mark.django_db(transaction=True)
def test_the_migration_dates_the_entries_linked_before_the_date_was_recorded():
    executor = MigrationExecutor(connection)
    before = [("registry", "0004_unaccent")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    User = old.get_model("accounts", "User")
    Provider_ = old.get_model("registry", "Provider")
    user = User.objects.create(email="lie@example.test", role=Role.PROVIDER, date_joined=JOINED)
    office = old.get_model("registry", "CoordinatingOffice").objects.create(
        number="BC-M",
        name="Bureau",
        email="bc@example.test",
        phone="514",
        territory=old.get_model("registry", "Territory").objects.create(name="T", region="Montréal"),
    )
    linked = Provider_.objects.create(
        office=office,
        register_number="RSGE-M1",
        first_name="Lise",
        last_name="Liée",
        municipality="Montréal",
        recognition_date=date(2020, 1, 6),
        capacity=6,
        public_latitude=45.5,
        public_longitude=-73.6,
        user=user,
    )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert Provider.objects.joined().filter(pk=linked.pk).get().joined_portal_at == JOINED


def test_an_inactive_agent_is_refused_the_tracking_page(client, agent):
    agent.office_agent.is_active = False
    agent.office_agent.save()
    client.force_login(agent)

    assert client.get(reverse("onboarding:tracking")).status_code == 403
