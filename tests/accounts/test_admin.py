"""The ministry's administration: its staff manage offices, territories and agents, and never reach a family.

Signed in as the demo's ministry account (staff, not a superuser), as an attacker would try: by URL and by
crafted forms. The break-glass superuser keeps everything, and its every request is logged.
"""

import logging
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse

from portail.accounts.admin_site import site
from portail.accounts.models import Role, User
from portail.registry.models import CoordinatingOffice, OfficeAgent, Territory
from tests.accounts.factories import UserFactory
from tests.families.factories import ChildFactory
from tests.registry.factories import FacilityFactory, OfficeAgentFactory, TerritoryFactory

# Apps whose models hold families' data, and the libraries' models that list every account's addresses,
# sign-in attempts or queued e-mails.
FAMILY_APPS = {"families", "admissions", "waitlist"}
SUPERUSER_ONLY_APPS = {"account", "socialaccount", "axes", "django_tasks_database"}
MINISTRY_MODELS = {"accounts.User", "registry.Territory", "registry.CoordinatingOffice", "registry.Facility"}
READ_ONLY_MODELS = {"registry.Provider", "onboarding.ClaimCode", "onboarding.ReminderLog"}
READ_ONLY_MODELS |= {"onboarding.ReminderTemplate"}


@pytest.fixture
def ministry(client, demo_accounts):
    client.force_login(demo_accounts["ministry"])
    return demo_accounts["ministry"]


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("urgence@example.test", "Mot-de-passe-urgence-2026")


def _changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_the_demos_ministry_account_is_staff_and_not_a_superuser(demo_accounts):
    ministry = demo_accounts["ministry"]

    assert (ministry.email, ministry.role, ministry.is_staff) == ("admin@demo.test", Role.MINISTRY, True)
    assert not ministry.is_superuser
    assert ministry.check_password("Demo-portail-2026")


@pytest.mark.parametrize("query", ["", "?role__exact=parent", "?role__exact=provider", "?role=parent"])
def test_the_user_list_shows_agents_and_never_a_parent_or_a_provider(client, ministry, demo_accounts, query):
    UserFactory(email="famille@example.test", role=Role.PARENT)

    response = client.get(reverse("admin:accounts_user_changelist") + query)

    page = response.content.decode()
    assert response.status_code in (200, 302)
    assert "parent@demo.test" not in page
    assert "famille@example.test" not in page
    assert "rsge@demo.test" not in page
    if not query:
        assert "bc@demo.test" in page


def test_the_user_list_leaves_out_the_break_glass_superuser(client, ministry, superuser):
    page = client.get(reverse("admin:accounts_user_changelist")).content.decode()

    assert "admin@demo.test" in page
    assert "urgence@example.test" not in page


@pytest.mark.parametrize("account", ["parent", "provider"])
def test_a_parents_or_providers_account_page_is_unreachable(client, ministry, demo_accounts, account):
    user = demo_accounts[account]

    for name in ["change", "history", "delete"]:
        response = client.get(reverse(f"admin:accounts_user_{name}", args=[user.pk]), follow=True)

        assert user.email not in response.content.decode(), name


@pytest.mark.parametrize("account", ["parent", "provider", "office_agent", "ministry"])
def test_the_password_form_is_refused_to_ministry_staff(client, ministry, demo_accounts, account):
    user = demo_accounts[account]
    url = reverse("admin:auth_user_password_change", args=[user.pk])

    assert client.get(url).status_code in (403, 404)
    chosen = "Pris-par-le-ministere-1"
    response = client.post(url, {"password1": chosen, "password2": chosen})

    assert response.status_code in (403, 404)
    user.refresh_from_db()
    assert user.check_password("Demo-portail-2026")


def test_an_agents_change_form_shows_no_password_role_superuser_groups_or_permissions(
    client, ministry, demo_accounts
):
    agent = demo_accounts["office_agent"]

    response = client.get(reverse("admin:accounts_user_change", args=[agent.pk]))

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert set(form.fields) == {"first_name", "last_name", "is_active"}
    assert reverse("admin:auth_user_password_change", args=[agent.pk]) not in response.content.decode()


def _crafted(user, **fields):
    return {
        "first_name": "Sophie-Anne",
        "last_name": user.last_name,
        "is_active": "on",
        "email": "moi@ministere.test",
        "role": Role.PARENT,
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [str(Group.objects.create(name="tout").pk)],
        "user_permissions": [str(Permission.objects.get(codename="change_user").pk)],
        "password": "md5$x$y",
        **fields,
    }


def test_a_crafted_post_to_an_agents_form_changes_only_its_name(client, ministry, demo_accounts):
    agent = demo_accounts["office_agent"]

    response = client.post(reverse("admin:accounts_user_change", args=[agent.pk]), _crafted(agent))

    assert response.status_code == 302
    agent.refresh_from_db()
    assert agent.first_name == "Sophie-Anne"
    assert (agent.email, agent.role, agent.is_staff, agent.is_superuser) == (
        "bc@demo.test",
        Role.OFFICE_AGENT,
        False,
        False,
    )
    assert not agent.groups.exists()
    assert not agent.user_permissions.exists()
    assert agent.check_password("Demo-portail-2026")


def test_ministry_staff_cannot_make_themselves_a_superuser(client, ministry):
    response = client.post(
        reverse("admin:accounts_user_change", args=[ministry.pk]), _crafted(ministry, role=Role.MINISTRY)
    )

    assert response.status_code == 302
    ministry.refresh_from_db()
    assert not ministry.is_superuser
    assert not ministry.groups.exists()
    assert not ministry.user_permissions.exists()
    assert not ministry.has_perm("accounts.change_user")


def test_a_crafted_post_to_a_parents_form_changes_nothing(client, ministry, demo_accounts):
    parent = demo_accounts["parent"]

    client.post(reverse("admin:accounts_user_change", args=[parent.pk]), _crafted(parent))

    parent.refresh_from_db()
    assert (parent.first_name, parent.email, parent.role) == ("Camille", "parent@demo.test", Role.PARENT)


def test_the_ministry_creates_an_agents_account_without_a_password(client, ministry):
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "Nouvel.Agent@Example.test",
            "first_name": "Luc",
            "last_name": "Fortin",
            "role": Role.OFFICE_AGENT,
            "is_superuser": "on",
            "is_staff": "on",
            "password1": "Choisi-par-le-ministere-1",
            "password2": "Choisi-par-le-ministere-1",
        },
    )

    assert response.status_code == 302
    agent = User.objects.get(email="nouvel.agent@example.test")
    assert (agent.role, agent.is_staff, agent.is_superuser) == (Role.OFFICE_AGENT, False, False)
    assert not agent.has_usable_password()
    assert LogEntry.objects.filter(object_id=str(agent.pk), action_flag=ADDITION, user=ministry).exists()


def test_a_new_ministry_account_may_use_the_administration(client, ministry):
    client.post(
        reverse("admin:accounts_user_add"),
        {"email": "collegue@example.test", "first_name": "Ana", "last_name": "Roy", "role": Role.MINISTRY},
    )

    colleague = User.objects.get(email="collegue@example.test")
    assert (colleague.is_staff, colleague.is_superuser) == (True, False)
    assert not colleague.has_usable_password()


@pytest.mark.parametrize("role", [Role.PARENT, Role.PROVIDER])
def test_the_ministry_cannot_create_a_parents_or_providers_account(client, ministry, role):
    response = client.post(
        reverse("admin:accounts_user_add"),
        {"email": "faux@example.test", "first_name": "Faux", "last_name": "Compte", "role": role},
    )

    assert response.status_code == 200
    assert not User.objects.filter(email="faux@example.test").exists()


def test_an_office_cannot_take_a_parent_as_its_agent(client, ministry, demo_accounts):
    office = demo_accounts["office_agent"].office_agent.office
    agent = demo_accounts["office_agent"].office_agent
    data = {
        "number": office.number,
        "name": office.name,
        "email": office.email,
        "phone": office.phone,
        "address": office.address,
        "territory": str(office.territory_id),
        "agents-TOTAL_FORMS": "2",
        "agents-INITIAL_FORMS": "1",
        "agents-0-id": str(agent.pk),
        "agents-0-office": str(office.pk),
        "agents-0-user": str(agent.user_id),
        "agents-0-role": agent.role,
        "agents-0-is_active": "on",
        "agents-1-office": str(office.pk),
        "agents-1-user": str(demo_accounts["parent"].pk),
        "agents-1-role": OfficeAgent.Role.ADMIN,
        "agents-1-is_active": "on",
    }

    response = client.post(reverse("admin:registry_coordinatingoffice_change", args=[office.pk]), data)

    assert response.status_code == 200
    assert not OfficeAgent.objects.filter(user=demo_accounts["parent"]).exists()


def test_no_model_holding_families_data_is_in_the_administration():
    registered = {model._meta.app_label for model in site._registry}

    assert registered.isdisjoint(FAMILY_APPS)


def test_every_model_admin_says_itself_what_ministry_staff_may_do():
    # Django's defaults read the permission rows an account's form could grant: none is left in use.
    defaults = admin.ModelAdmin
    for model, model_admin in site._registry.items():
        for name in ["has_module_permission", "has_view_permission", "has_add_permission"]:
            assert getattr(type(model_admin), name) is not getattr(defaults, name), (model, name)
        for name in ["has_change_permission", "has_delete_permission"]:
            assert getattr(type(model_admin), name) is not getattr(defaults, name), (model, name)


@pytest.mark.parametrize("every_permission_row", [False, True], ids=["as-made", "granted-every-row"])
def test_the_libraries_models_are_out_of_the_ministrys_reach(client, ministry, every_permission_row):
    if every_permission_row:
        ministry.user_permissions.set(Permission.objects.all())
        ministry = User.objects.get(pk=ministry.pk)
    libraries = [model for model in site._registry if model._meta.app_label in SUPERUSER_ONLY_APPS]

    labels = {model._meta.label for model in libraries}
    assert labels >= {"account.EmailAddress", "socialaccount.SocialAccount", "axes.AccessAttempt"}
    assert "django_tasks_database.DBTaskResult" in labels
    for model in libraries:
        model_admin = site._registry[model]
        assert not model_admin.has_view_permission(_request(ministry)), model
        assert not model_admin.has_module_permission(_request(ministry)), model
        assert client.get(_changelist(model)).status_code == 403, model
    assert "account" not in [app["app_label"] for app in site.get_app_list(_request(ministry))]


def test_every_registered_model_is_one_the_ministry_manages_reads_or_may_not_see(ministry):
    request = _request(ministry)
    for model, model_admin in site._registry.items():
        label = model._meta.label
        if label in MINISTRY_MODELS:
            assert model_admin.has_view_permission(request) and model_admin.has_change_permission(request)
        elif label in READ_ONLY_MODELS:
            assert model_admin.has_view_permission(request), label
            assert not model_admin.has_change_permission(request), label
            assert not model_admin.has_add_permission(request), label
        else:
            assert model._meta.app_label in SUPERUSER_ONLY_APPS, label
            assert not model_admin.has_view_permission(request), label


def test_a_childs_name_appears_on_no_page_the_ministry_reaches(client, ministry, demo_accounts):
    ChildFactory(first_name="Zéphirine", family__parent=demo_accounts["parent"])
    for model, model_admin in site._registry.items():
        if model_admin.has_view_permission(_request(ministry)):
            assert "Zéphirine" not in client.get(_changelist(model)).content.decode(), model


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_add"),
        reverse("admin:registry_territory_changelist"),
        reverse("admin:registry_territory_add"),
        reverse("admin:registry_coordinatingoffice_changelist"),
        reverse("admin:registry_coordinatingoffice_add"),
        reverse("admin:registry_facility_changelist"),
        reverse("admin:registry_provider_changelist"),
        reverse("admin:onboarding_claimcode_changelist"),
    ],
)
def test_the_ministry_reaches_its_pages(client, ministry, url):
    assert client.get(url).status_code == 200


def test_the_ministry_opens_an_office_a_territory_and_an_agent(client, ministry, demo_accounts):
    office = demo_accounts["office_agent"].office_agent.office

    for url in [
        reverse("admin:registry_coordinatingoffice_change", args=[office.pk]),
        reverse("admin:registry_territory_change", args=[office.territory_id]),
        reverse("admin:accounts_user_change", args=[demo_accounts["office_agent"].pk]),
    ]:
        assert client.get(url).status_code == 200, url


def test_the_register_is_read_only_for_the_ministry(client, ministry, demo_accounts):
    provider = demo_accounts["provider"].provider

    response = client.post(
        reverse("admin:registry_provider_change", args=[provider.pk]), {"capacity": "1", "last_name": "X"}
    )

    assert response.status_code == 403
    provider.refresh_from_db()
    assert provider.last_name == "Bergeron"


def test_deleting_a_facility_an_office_or_an_account_is_the_superusers(client, ministry, demo_accounts):
    facility = FacilityFactory()
    office = demo_accounts["office_agent"].office_agent.office

    for url in [
        reverse("admin:registry_facility_delete", args=[facility.pk]),
        reverse("admin:registry_coordinatingoffice_delete", args=[office.pk]),
        reverse("admin:accounts_user_delete", args=[demo_accounts["office_agent"].pk]),
    ]:
        assert client.post(url, {"post": "yes"}).status_code == 403, url
    assert CoordinatingOffice.objects.filter(pk=office.pk).exists()


def test_each_write_of_the_ministry_is_in_the_admins_log(client, ministry, demo_accounts):
    office = demo_accounts["office_agent"].office_agent.office
    agent = office.agents.get()
    new_territory = {"name": "Laurentides-Nord", "region": "Laurentides"}
    client.post(reverse("admin:registry_territory_add"), new_territory)
    territory = Territory.objects.get(name="Laurentides-Nord")
    data = {
        "number": office.number,
        "name": "Bureau coordonnateur du Plateau-Est",
        "email": office.email,
        "phone": office.phone,
        "address": office.address,
        "territory": str(territory.pk),
        "agents-TOTAL_FORMS": "1",
        "agents-INITIAL_FORMS": "1",
        "agents-0-id": str(agent.pk),
        "agents-0-office": str(office.pk),
        "agents-0-user": str(agent.user_id),
        "agents-0-role": agent.role,
        "agents-0-is_active": "on",
    }

    response = client.post(reverse("admin:registry_coordinatingoffice_change", args=[office.pk]), data)
    client.post(reverse("admin:registry_territory_delete", args=[TerritoryFactory().pk]), {"post": "yes"})

    assert response.status_code == 302
    office.refresh_from_db()
    assert office.name == "Bureau coordonnateur du Plateau-Est"
    entries = LogEntry.objects.filter(user=ministry)
    assert set(entries.values_list("content_type__model", "action_flag")) == {
        ("territory", ADDITION),
        ("coordinatingoffice", CHANGE),
        ("territory", DELETION),
    }
    assert entries.get(action_flag=CHANGE).object_id == str(office.pk)


def test_the_break_glass_superuser_reaches_everything(client, superuser, demo_accounts):
    client.force_login(superuser)

    for model in site._registry:
        assert client.get(_changelist(model)).status_code == 200, model
    parent = demo_accounts["parent"]
    assert client.get(reverse("admin:auth_user_password_change", args=[parent.pk])).status_code == 200
    assert "parent@demo.test" in client.get(reverse("admin:accounts_user_changelist")).content.decode()


def test_not_even_the_superuser_makes_a_superuser_through_a_form(client, superuser, demo_accounts):
    ministry = demo_accounts["ministry"]
    client.force_login(superuser)
    data = {
        "email": ministry.email,
        "first_name": "Marc-André",
        "last_name": ministry.last_name,
        "role": Role.MINISTRY,
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "date_joined_0": "2026-01-05",
        "date_joined_1": "09:00:00",
    }

    response = client.post(reverse("admin:accounts_user_change", args=[ministry.pk]), data)

    assert response.status_code == 302
    ministry.refresh_from_db()
    assert ministry.first_name == "Marc-André"
    assert not ministry.is_superuser


def test_an_agent_or_a_parent_never_enters_the_administration(client, demo_accounts):
    for account in ["parent", "provider", "office_agent"]:
        client.force_login(demo_accounts[account])

        response = client.get(reverse("admin:registry_coordinatingoffice_changelist"))

        assert response.status_code == 302, account
        assert response.url.startswith(reverse("admin:login"))


def test_an_inactive_ministry_account_is_refused(client, ministry):
    User.objects.filter(pk=ministry.pk).update(is_active=False)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302


def test_every_admin_sign_in_is_logged_from_either_sign_in_page(client, demo_accounts, caplog):
    with caplog.at_level(logging.INFO, logger="portail.admin"):
        client.post(reverse("account_login"), {"login": "admin@demo.test", "password": "Demo-portail-2026"})
        client.logout()
        client.post(reverse("account_login"), {"login": "parent@demo.test", "password": "Demo-portail-2026"})
        assert client.session["_auth_user_id"] == str(demo_accounts["parent"].pk)
        client.logout()
        client.post(reverse("admin:login"), {"username": "admin@demo.test", "password": "Demo-portail-2026"})

    records = [r.getMessage() for r in caplog.records if r.name == "portail.admin"]
    assert records == [f"admin sign-in: user={demo_accounts['ministry'].pk} superuser=False"] * 2


def test_every_request_of_the_superuser_is_logged_and_not_the_query(client, superuser, caplog):
    client.force_login(superuser)
    with caplog.at_level(logging.INFO, logger="portail.admin"):
        client.get(reverse("admin:accounts_user_changelist") + "?q=Tremblay")
        client.get(reverse("admin:index"))

    records = [r.getMessage() for r in caplog.records if "request" in r.getMessage()]
    assert records == [
        f"superuser admin request: user={superuser.pk} GET /admin/accounts/user/",
        f"superuser admin request: user={superuser.pk} GET /admin/",
    ]


def test_ministry_staffs_requests_are_not_logged_as_the_superusers(client, ministry, caplog):
    with caplog.at_level(logging.INFO, logger="portail.admin"):
        client.get(reverse("admin:index"))

    assert not [r for r in caplog.records if r.name == "portail.admin"]


def test_an_agent_account_made_by_the_office_inline_may_only_be_an_agents(client, ministry):
    parent = UserFactory(role=Role.PARENT)
    agent_user = OfficeAgentFactory().user

    inline = site._registry[CoordinatingOffice].inlines[0](CoordinatingOffice, site)

    form_field = inline.formfield_for_foreignkey(OfficeAgent._meta.get_field("user"), _request(ministry))

    assert agent_user in form_field.queryset
    assert parent not in form_field.queryset


def test_the_agent_search_of_an_office_finds_no_parent_or_provider(client, ministry, demo_accounts):
    query = {"app_label": "registry", "model_name": "officeagent", "field_name": "user", "term": "demo.test"}

    response = client.get(reverse("admin:autocomplete"), query)

    found = {result["text"] for result in response.json()["results"]}
    assert "bc@demo.test" in found
    assert found.isdisjoint({"parent@demo.test", "rsge@demo.test"})


def test_no_portal_model_admin_hides_on_djangos_own_site():
    """Django's `admin.site` is not served: a model admin registered there instead of on `site` is lost."""
    strays = [
        model
        for model, model_admin in admin.site._registry.items()
        if "portail" in type(model_admin).__module__
    ]

    assert strays == []


def test_the_administration_speaks_french_to_the_ministry(client, ministry):
    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="fr-CA").content.decode()

    assert "Administration du portail" in page
    assert "Personnel du Ministère" in page


def test_the_ministry_cannot_leave_an_office_without_an_active_administrator(client, ministry, demo_accounts):
    office = demo_accounts["office_agent"].office_agent.office
    agent = office.agents.get()
    data = {
        "number": office.number,
        "name": office.name,
        "email": office.email,
        "phone": office.phone,
        "address": office.address,
        "territory": str(office.territory_id),
        "agents-TOTAL_FORMS": "1",
        "agents-INITIAL_FORMS": "1",
        "agents-0-id": str(agent.pk),
        "agents-0-office": str(office.pk),
        "agents-0-user": str(agent.user_id),
        "agents-0-role": OfficeAgent.Role.AGENT,
        "agents-0-is_active": "on",
    }

    response = client.post(
        reverse("admin:registry_coordinatingoffice_change", args=[office.pk]), data, HTTP_ACCEPT_LANGUAGE="fr"
    )

    assert response.status_code == 200
    assert "doit garder au moins un administrateur actif" in response.content.decode()
    agent.refresh_from_db()
    assert agent.role == OfficeAgent.Role.ADMIN


def _office_form(office: Any, agents: list[dict[str, str]], initial: int) -> dict[str, str]:
    data = {
        "number": office.number,
        "name": office.name,
        "email": office.email,
        "phone": office.phone,
        "address": office.address,
        "territory": str(office.territory_id),
        "agents-TOTAL_FORMS": str(len(agents)),
        "agents-INITIAL_FORMS": str(initial),
    }
    for index, agent in enumerate(agents):
        data.update({f"agents-{index}-{name}": value for name, value in agent.items()})
    return data


def _row(agent: OfficeAgent) -> dict[str, str]:
    row = {"id": str(agent.pk), "office": str(agent.office_id), "user": str(agent.user_id)}
    row["role"] = agent.role
    return {**row, "is_active": "on"} if agent.is_active else row


def test_an_agent_added_by_the_ministry_is_told_to_the_office_s_admins(
    client, ministry, demo_accounts, mailoutbox, django_capture_on_commit_callbacks
):
    """An agent's account made by ministry staff (on a ministry mailbox, say) joins no office unseen."""
    admin = demo_accounts["office_agent"].office_agent
    office = admin.office
    newcomer = UserFactory(role=Role.OFFICE_AGENT, email="boite-du-ministere@example.test", first_name="Ana")
    added = {"office": str(office.pk), "user": str(newcomer.pk), "role": "agent", "is_active": "on"}
    data = _office_form(office, [_row(admin), added], initial=1)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:registry_coordinatingoffice_change", args=[office.pk]), data)

    assert response.status_code == 302
    assert OfficeAgent.objects.filter(user=newcomer, office=office, is_active=True).exists()
    assert [message.to for message in mailoutbox] == [[admin.user.email]]
    notice = mailoutbox[0]
    assert office.name in notice.subject
    assert "boite-du-ministere@example.test" in notice.body
    assert reverse("registry:agents") in notice.body


def test_an_agent_brought_back_by_the_ministry_is_told_too_and_an_unchanged_office_tells_nobody(
    client, ministry, demo_accounts, mailoutbox, django_capture_on_commit_callbacks
):
    admin = demo_accounts["office_agent"].office_agent
    office = admin.office
    gone = OfficeAgent.objects.create(
        office=office, user=UserFactory(role=Role.OFFICE_AGENT), role="agent", is_active=False
    )
    url = reverse("admin:registry_coordinatingoffice_change", args=[office.pk])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, _office_form(office, [_row(admin), _row(gone)], initial=2))
    assert mailoutbox == []

    gone.is_active = True
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, _office_form(office, [_row(admin), _row(gone)], initial=2))
    assert [message.to for message in mailoutbox] == [[admin.user.email]]


def test_only_ministry_staff_report_an_agent_added_by_the_ministry(demo_accounts):
    from portail.registry.services import agent_added_by_ministry

    agent = demo_accounts["office_agent"].office_agent
    with pytest.raises(PermissionDenied):
        agent_added_by_ministry(agent=agent, by=demo_accounts["office_agent"])
