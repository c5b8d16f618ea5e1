"""The demo's four accounts, one per role, all with the same documented password."""

from portail.accounts.models import Role, User
from portail.registry.models import CoordinatingOffice, OfficeAgent, Provider

DEMO_PASSWORD = "Demo-portail-2026"  # noqa: S105 - documented in the README, demo only


def create_demo_accounts(*, office: CoordinatingOffice, provider: Provider) -> dict[str, User]:
    """Creates parent@, rsge@ (linked to the provider), bc@ (agent of the office) and admin@demo.test."""
    accounts = {
        "parent": User.objects.create_user(
            "parent@demo.test", DEMO_PASSWORD, role=Role.PARENT, first_name="Camille", last_name="Tremblay"
        ),
        "provider": User.objects.create_user(
            "rsge@demo.test",
            DEMO_PASSWORD,
            role=Role.PROVIDER,
            first_name=provider.first_name,
            last_name=provider.last_name,
        ),
        "office_agent": User.objects.create_user(
            "bc@demo.test", DEMO_PASSWORD, role=Role.OFFICE_AGENT, first_name="Sophie", last_name="Gagnon"
        ),
        # Ministry staff, not a superuser: the only superuser is made on the server (docs/break-glass.md).
        "ministry": User.objects.create_user(
            "admin@demo.test",
            DEMO_PASSWORD,
            role=Role.MINISTRY,
            is_staff=True,
            first_name="Marc",
            last_name="Bouchard",
        ),
    }
    OfficeAgent.objects.create(user=accounts["office_agent"], office=office, role=OfficeAgent.Role.ADMIN)
    provider.user = accounts["provider"]
    provider.joined_portal_at = provider.joined_portal_at or accounts["provider"].date_joined
    provider.email = "rsge@demo.test"
    provider.save(update_fields=["user", "joined_portal_at", "email"])
    return accounts
