"""An office's administrators manage its agents, and only its own."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from portail.accounts.models import Role, User
from portail.registry.models import OfficeAgent
from portail.registry.services import add_office_agent
from tests.accounts.factories import UserFactory
from tests.registry.factories import OfficeAgentFactory

pytestmark = pytest.mark.django_db


def test_the_list_shows_the_offices_agents_only(client, agent, plain_agent, other_office):
    OfficeAgentFactory(office=other_office, user__email="laval@example.test")
    client.force_login(agent)

    content = client.get(reverse("registry:agents")).content.decode()

    assert "agent@demo.test" in content
    assert "bc@demo.test" in content
    assert "laval@example.test" not in content


def test_an_admin_adds_an_agent_by_email_and_the_agent_is_invited(
    client, agent, office, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(agent)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("registry:agent_add"),
            {"email": "Nouvel.Agent@example.test", "first_name": "Léo", "last_name": "Roy", "role": "agent"},
        )

    user = User.objects.get(email="nouvel.agent@example.test")
    assert (user.role, user.office_agent.office, user.office_agent.role) == (
        Role.OFFICE_AGENT,
        office,
        "agent",
    )
    (invitation,) = mailoutbox
    assert invitation.to == ["nouvel.agent@example.test"]
    assert invitation.subject == f"Vous êtes membre de l’équipe de {office.name} sur le portail"
    assert "« Mot de passe oublié ? »" in invitation.body
    assert "/comptes/login/" in invitation.body


NEUTRAL = "Une invitation a été envoyée si l’adresse peut recevoir ce rôle."


def _add(client, email):
    return client.post(
        reverse("registry:agent_add"),
        {"email": email, "first_name": "A", "last_name": "B", "role": "agent"},
        follow=True,
    )


@pytest.mark.parametrize("kind", ["new", "other_office", "parent", "provider", "ministry", "free_agent"])
def test_adding_an_agent_says_the_same_whatever_the_address_account(
    client, agent, other_office, kind, mailoutbox, django_capture_on_commit_callbacks
):
    email = f"{kind}@example.test"
    if kind == "other_office":
        OfficeAgentFactory(office=other_office, user__email=email)
    elif kind == "free_agent":
        UserFactory(email=email, role=Role.OFFICE_AGENT)
    elif kind != "new":
        UserFactory(
            email=email,
            role={"parent": Role.PARENT, "provider": Role.PROVIDER, "ministry": Role.MINISTRY}[kind],
        )
    client.force_login(agent)

    with django_capture_on_commit_callbacks(execute=True):
        response = _add(client, email)

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("registry:agents")
    assert NEUTRAL in html
    assert "autre bureau" not in html and "parent" not in html.lower().split("<main")[-1].split("</main>")[0]
    can_become_agent = kind in {"new", "free_agent"}
    assert [message.to for message in mailoutbox] == ([[email]] if can_become_agent else [])


def test_a_parents_account_never_becomes_an_agent(client, agent):
    parent = UserFactory(email="parent@example.test", role=Role.PARENT)
    client.force_login(agent)

    _add(client, "parent@example.test")

    parent.refresh_from_db()
    assert parent.role == Role.PARENT
    assert not OfficeAgent.objects.filter(user=parent).exists()


def test_an_agent_of_another_office_stays_there(client, agent, other_office):
    other = OfficeAgentFactory(office=other_office, user__email="laval@example.test")
    client.force_login(agent)

    _add(client, "laval@example.test")

    other.refresh_from_db()
    assert (other.office, other.is_active) == (other_office, True)


def test_an_agent_is_added_with_a_new_account_without_password(agent, office):
    added = add_office_agent(
        office=office,
        email="nouvelle@example.test",
        first_name="Léa",
        last_name="Roy",
        role="agent",
        by=agent,
    )

    assert added is not None
    assert added.office == office
    assert added.user.role == Role.OFFICE_AGENT
    assert not added.user.has_usable_password()


def test_a_deactivated_agent_of_the_office_is_reactivated(agent, plain_agent):
    plain_agent.is_active = False
    plain_agent.save()

    again = add_office_agent(
        office=plain_agent.office,
        email=plain_agent.user.email,
        first_name="A",
        last_name="B",
        role="admin",
        by=agent,
    )

    assert again is not None
    assert (again.pk, again.is_active, again.role) == (plain_agent.pk, True, "admin")


def test_only_the_offices_admin_adds_an_agent(office, plain_agent, other_office):
    other_admin = OfficeAgentFactory(office=other_office, role=OfficeAgent.Role.ADMIN).user
    for by in (plain_agent.user, other_admin):
        with pytest.raises(PermissionDenied):
            add_office_agent(
                office=office, email="n@example.test", first_name="A", last_name="B", role="agent", by=by
            )

    assert not User.objects.filter(email="n@example.test").exists()


def test_an_active_agent_of_the_office_is_said_to_be_there_already(client, agent, plain_agent):
    client.force_login(agent)

    response = _add(client, "agent@demo.test")

    assert "déjà agente ou agent de votre bureau" in " ".join(response.context["form"].errors["email"])


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
