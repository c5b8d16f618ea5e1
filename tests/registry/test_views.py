"""The office's register pages: the list, an entry, its history and its edit form, each office on its own."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portail.registry.models import Provider, RecognitionStatus
from tests.registry.factories import ProviderFactory

LIST = reverse("registry:providers")
JOINED = timezone.now() - timedelta(days=30)


def _edit_url(provider):
    return reverse("registry:provider_edit", args=[provider.pk])


def _form(provider, **changes):
    """The edit form as the page posts it: the entry's values, then the changes."""
    data = {
        "email": provider.email,
        "phone": provider.phone,
        "capacity": provider.capacity,
        "subsidized_places": provider.subsidized_places,
        "status": provider.status,
        "suspension_start": provider.suspension_start or "",
        "suspension_planned_return": provider.suspension_planned_return or "",
        "reason": "Appel de la RSGE",
    }
    if provider.has_assistant:
        data["has_assistant"] = "on"
    if provider.show_before_return:
        data["show_before_return"] = "on"
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


@pytest.fixture
def providers(office):
    today = timezone.localdate()
    return {
        "amelie": ProviderFactory(
            office=office, first_name="Amélie", last_name="Côté", register_number="RSGE-111111"
        ),
        "beatrice": ProviderFactory(
            office=office, first_name="Béatrice", last_name="Dubé", joined_portal_at=JOINED
        ),
        "gisele": ProviderFactory(
            office=office,
            first_name="Gisèle",
            last_name="Gagné",
            joined_portal_at=JOINED,
            profile_published_at=JOINED,
        ),
        "returning": ProviderFactory(
            office=office,
            first_name="Rita",
            last_name="Roy",
            status=RecognitionStatus.SUSPENDED,
            suspension_start=today - timedelta(days=200),
            suspension_planned_return=today + timedelta(days=10),
        ),
        "away": ProviderFactory(
            office=office,
            first_name="Lise",
            last_name="Loin",
            status=RecognitionStatus.SUSPENDED,
            suspension_start=today - timedelta(days=10),
            suspension_planned_return=today + timedelta(days=300),
        ),
    }


def _names(response):
    return [f"{p.first_name} {p.last_name}" for p in response.context["page"].object_list]


def test_the_list_shows_the_offices_counts_and_its_providers_only(client, agent, providers, stranger):
    client.force_login(agent)

    response = client.get(LIST)

    # The demo provider is the sixth of the office (joined: linked to rsge@); the other office's is not.
    assert response.context["counts"] == {"total": 6, "joined": 3, "published": 1, "suspended": 2}
    assert "Zoé" not in response.content.decode()
    assert len(response.context["page"].object_list) == 6


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "côté"}, ["Amélie Côté"]),
        ({"q": "cote"}, ["Amélie Côté"]),
        ({"q": "CÔTÉ"}, ["Amélie Côté"]),
        ({"q": "amelie cote"}, ["Amélie Côté"]),
        ({"q": "111111"}, ["Amélie Côté"]),
        ({"q": "Amélie Côté"}, ["Amélie Côté"]),
        ({"joined": "yes"}, ["Nathalie Bergeron", "Béatrice Dubé", "Gisèle Gagné"]),
        ({"joined": "yes", "published": "no"}, ["Nathalie Bergeron", "Béatrice Dubé"]),
        ({"status": "suspended"}, ["Lise Loin", "Rita Roy"]),
        ({"returning": "on"}, ["Rita Roy"]),
        ({"q": "Zoé"}, []),
    ],
)
def test_the_list_searches_and_filters(client, agent, providers, stranger, query, expected):
    client.force_login(agent)

    response = client.get(LIST, query)

    assert _names(response) == expected


def test_the_list_sorts_names_as_a_french_reader_does(client, agent, office):
    for last_name in ["Émond", "Brassard", "Zúñiga", "Bédard", "Fortin", "Œuf"]:
        ProviderFactory(office=office, first_name="Anne", last_name=last_name)
    client.force_login(agent)

    response = client.get(LIST, {"q": "Anne"})

    assert [name.split()[1] for name in _names(response)] == [
        "Bédard",
        "Brassard",
        "Émond",
        "Fortin",
        "Œuf",
        "Zúñiga",
    ]


def test_an_invalid_filter_is_ignored_rather_than_failing(client, agent, providers):
    client.force_login(agent)

    response = client.get(LIST, {"status": "n-importe-quoi", "joined": "peut-être"})

    assert response.status_code == 200
    assert len(_names(response)) == 6


@pytest.mark.parametrize("page", ["-1", "0", "abc", "999", "2.5"])
def test_a_page_that_does_not_exist_gives_the_first_page_and_says_so(client, agent, providers, page):
    client.force_login(agent)

    response = client.get(LIST, {"page": page})

    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert "ici la première page" in response.content.decode()


def test_the_list_pages_by_50(client, agent, office):
    ProviderFactory.create_batch(55, office=office)
    client.force_login(agent)

    first = client.get(LIST)
    second = client.get(LIST, {"page": "2"})

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 6
    assert 'rel="next"' in first.content.decode()


def test_htmx_gets_the_results_alone(client, agent, providers):
    client.force_login(agent)

    response = client.get(LIST, {"q": "Dubé"}, headers={"HX-Request": "true"})

    content = response.content.decode()
    assert "<html" not in content
    assert "Béatrice" in content
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("size", [5, 60])
def test_the_list_takes_the_same_number_of_queries_whatever_the_office_size(
    client, agent, office, django_assert_num_queries, size
):
    # The demo provider is one of them.
    ProviderFactory.create_batch(size - 1, office=office, joined_portal_at=JOINED)
    client.force_login(agent)

    # Session, user, membership, office; the counts; the page's count and its rows; the menu's unread count.
    with django_assert_num_queries(8):
        response = client.get(LIST)

    assert response.context["counts"]["total"] == size


def test_the_entry_shows_its_private_home_and_its_history(client, agent, providers):
    provider = providers["amelie"]
    client.force_login(agent)

    content = client.get(reverse("registry:provider", args=[provider.pk])).content.decode()

    assert provider.home.street_address in content
    assert "H2J 2H5" in content
    assert "Inscrite au registre." in content


def test_editing_records_who_when_and_why_in_the_history(client, agent, providers):
    provider = providers["amelie"]
    client.force_login(agent)
    start, planned_return = date(2026, 12, 1), date(2027, 6, 1)

    response = client.post(
        _edit_url(provider),
        _form(
            provider,
            status="suspended",
            suspension_start=start,
            suspension_planned_return=planned_return,
            show_before_return="on",
            reason="Congé de maternité",
        ),
    )

    assert response.status_code == 302
    provider.refresh_from_db()
    assert (provider.status, provider.suspension_start, provider.suspension_planned_return) == (
        "suspended",
        start,
        planned_return,
    )
    assert provider.show_before_return is True
    record = provider.history.first()
    assert (record.history_user, record.history_change_reason) == (agent, "Congé de maternité")
    page = client.get(response.url).content.decode()
    assert "Congé de maternité" in page
    assert "Sophie Gagnon" in page
    assert "Statut de reconnaissance : Reconnue → Suspendue" in page


def test_saving_without_a_change_records_nothing(client, agent, providers):
    provider = providers["amelie"]
    client.force_login(agent)

    client.post(_edit_url(provider), _form(provider))

    assert provider.history.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"capacity": "7"}, "capacity", "au plus 6 enfants"),
        (
            {
                "status": "suspended",
                "suspension_start": "2026-12-01",
                "suspension_planned_return": "2026-11-01",
            },
            "suspension_planned_return",
            "après le début de la suspension",
        ),
        ({"status": "suspended"}, "suspension_start", "date de début"),
        ({"status": "suspended"}, "suspension_planned_return", "date de retour prévu"),
        (
            {
                "status": "suspended",
                "suspension_start": "2026-01-01",
                "suspension_planned_return": "2028-06-01",
            },
            "suspension_planned_return",
            "24 mois",
        ),
        ({"email": "rsge@demo.test"}, "email", "déjà utilisée par un autre RSGE"),
        ({"email": "RSGE@demo.TEST"}, "email", "déjà utilisée par un autre RSGE"),
        ({"subsidized_places": "5", "capacity": "4"}, "subsidized_places", "places subventionnées"),
        ({"reason": ""}, "reason", "obligatoire"),
    ],
)
def test_a_wrong_edit_says_why_at_the_field_and_saves_nothing(
    client, agent, providers, changes, field, message
):
    provider = providers["amelie"]
    client.force_login(agent)

    response = client.post(_edit_url(provider), _form(provider, **changes))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    assert provider.history.count() == 1
    assert Provider.objects.get(pk=provider.pk).status == RecognitionStatus.RECOGNIZED


def test_a_provider_keeps_its_own_email(client, agent, providers):
    provider = providers["amelie"]
    provider.email = "amelie@example.test"
    provider.save()
    client.force_login(agent)

    response = client.post(_edit_url(provider), _form(provider, phone="514 555-0100"))

    assert response.status_code == 302


def test_seven_children_with_an_assistant_is_accepted(client, agent, providers):
    provider = providers["amelie"]
    client.force_login(agent)

    client.post(_edit_url(provider), _form(provider, capacity="7", has_assistant="on"))

    provider.refresh_from_db()
    assert (provider.capacity, provider.has_assistant) == (7, True)


def test_an_agent_sees_and_changes_nothing_of_another_office(client, agent, stranger):
    client.force_login(agent)

    assert client.get(reverse("registry:provider", args=[stranger.pk])).status_code == 404
    assert client.get(_edit_url(stranger)).status_code == 404
    response = client.post(_edit_url(stranger), _form(stranger, capacity="2", reason="Intrusion"))
    assert response.status_code == 404
    assert client.get(LIST, {"q": "Ailleurs"}).context["page"].paginator.count == 0
    stranger.refresh_from_db()
    assert stranger.capacity == 6
    assert stranger.history.count() == 1


def test_the_menu_marks_the_register_as_the_current_page(client, agent):
    client.force_login(agent)

    content = client.get(LIST).content.decode()

    assert f'<a href="{LIST}" aria-current="page">Registre</a>' in content


def test_the_entry_links_to_a_claim_code_until_the_provider_joins_and_lists_its_reminders(
    client, agent, office
):
    from portail.onboarding.services import send_reminders

    provider = ProviderFactory(office=office, email="sans-compte@example.test")
    send_reminders(office=office, providers=[provider], by=agent, portal_url="http://testserver/")
    client.force_login(agent)

    html = client.get(reverse("registry:provider", args=[provider.pk])).content.decode()

    assert reverse("onboarding:claim_code", args=[provider.pk]) in html
    assert "Rappels envoyés" in html


# A plain agent (not an administrator of the office), and an agent whose membership ended.


@pytest.mark.parametrize("name", ["registry:agents", "registry:agent_add", "registry:agent_edit"])
def test_a_plain_agent_is_refused_the_agents_pages(client, agent, plain_agent, name):
    client.force_login(plain_agent.user)
    args = [agent.office_agent.pk] if name == "registry:agent_edit" else []

    response = client.get(reverse(name, args=args))

    assert response.status_code == 403
    assert "Accès refusé" in response.content.decode()


def test_a_plain_agent_reads_and_edits_the_register(client, demo_accounts, plain_agent):
    client.force_login(plain_agent.user)

    assert client.get(LIST).status_code == 200
    assert client.get(_edit_url(demo_accounts["provider"].provider)).status_code == 200


def test_an_inactive_agent_is_refused_the_register(client, agent):
    agent.office_agent.is_active = False
    agent.office_agent.save()
    client.force_login(agent)

    assert client.get(LIST).status_code == 403
