"""An office's administrators manage its agents, and only its own."""

import pytest
from django.urls import reverse

from portail.accounts.models import Role, User
from portail.registry.models import OfficeAgent
from tests.registry.factories import OfficeAgentFactory

pytestmark = pytest.mark.django_db


def test_the_list_shows_the_offices_agents_only(client, agent, plain_agent, other_office):
    OfficeAgentFactory(office=other_office, user__email="laval@example.test")
    client.force_login(agent)

    content = client.get(reverse("registry:agents")).content.decode()

    assert "agent@demo.test" in content
    assert "bc@demo.test" in content
    assert "laval@example.test" not in content


def test_an_admin_adds_an_agent_by_email(client, agent, office):
    client.force_login(agent)

    response = client.post(
        reverse("registry:agent_add"),
        {"email": "Nouvel.Agent@example.test", "first_name": "Léo", "last_name": "Roy", "role": "agent"},
        follow=True,
    )

    user = User.objects.get(email="nouvel.agent@example.test")
    assert (user.role, user.office_agent.office, user.office_agent.role) == (
        Role.OFFICE_AGENT,
        office,
        "agent",
    )
    assert "Mot de passe oublié" in response.content.decode()


def test_adding_an_agent_of_another_office_says_so_at_the_field(client, agent, other_office):
    OfficeAgentFactory(office=other_office, user__email="laval@example.test")
    client.force_login(agent)

    response = client.post(
        reverse("registry:agent_add"),
        {"email": "laval@example.test", "first_name": "A", "last_name": "B", "role": "agent"},
    )

    assert "déjà agente ou agent d’un autre bureau coordonnateur" in " ".join(
        response.context["form"].errors["email"]
    )
    assert OfficeAgent.objects.get(user__email="laval@example.test").office == other_office


def test_an_admin_changes_a_role_and_deactivates_an_agent(client, agent, plain_agent):
    client.force_login(agent)
    url = reverse("registry:agent_edit", args=[plain_agent.pk])

    client.post(url, {"role": "admin", "is_active": "on"})
    plain_agent.refresh_from_db()
    assert plain_agent.role == "admin"

    client.post(url, {"role": "agent"})
    plain_agent.refresh_from_db()
    assert (plain_agent.role, plain_agent.is_active) == ("agent", False)


def test_the_last_admin_cannot_deactivate_itself_and_is_told_why(client, agent):
    client.force_login(agent)

    response = client.post(reverse("registry:agent_edit", args=[agent.office_agent.pk]), {"role": "admin"})

    assert response.status_code == 200
    assert "Vous ne pouvez pas vous désactiver vous-même." in response.content.decode()
    agent.office_agent.refresh_from_db()
    assert agent.office_agent.is_active


def test_an_admin_who_steps_down_lands_on_the_office_home(client, agent, plain_agent):
    plain_agent.role = OfficeAgent.Role.ADMIN
    plain_agent.save()
    client.force_login(agent)

    response = client.post(
        reverse("registry:agent_edit", args=[agent.office_agent.pk]), {"role": "agent", "is_active": "on"}
    )

    assert response.url == reverse("core:office_home")


def test_an_admin_cannot_reach_another_offices_agent(client, agent, other_office):
    other = OfficeAgentFactory(office=other_office)
    client.force_login(agent)

    assert client.get(reverse("registry:agent_edit", args=[other.pk])).status_code == 404
    assert client.post(reverse("registry:agent_edit", args=[other.pk]), {"role": "admin"}).status_code == 404
    other.refresh_from_db()
    assert (other.role, other.is_active) == ("agent", True)
