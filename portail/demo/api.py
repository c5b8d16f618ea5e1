"""The demo's management software: bc@demo.test's office's, with a published identifier and secret, so
that docs/api.md's walk-through works on `make demo` (never in production: seed_demo refuses to run)."""

from portail.accounts.models import User
from portail.admissions.services import set_delegation
from portail.api.models import ApiClient, Scope
from portail.api.services import register_client
from portail.registry.models import Provider

DEMO_CLIENT_ID = "gestion-bc-demo"
DEMO_CLIENT_SECRET = "demo-secret-du-bureau-pas-pour-la-production"  # noqa: S105 (the demo's, published)


def create_demo_software(*, office_admin: User, delegating: Provider) -> ApiClient:
    """The office's software, and rsge@'s delegation to the office: with it, the software admits for the
    provider and uploads its attendance (docs/api.md's walk-through)."""
    assert delegating.user is not None  # the demo's accounts linked it
    set_delegation(provider=delegating, active=True, by=delegating.user)
    credentials = register_client(
        by=office_admin, name="Gestion BC (démo)", vendor="Logiciels de démonstration", scopes=Scope.values
    )
    application = credentials.client.application
    application.client_id = DEMO_CLIENT_ID
    application.client_secret = DEMO_CLIENT_SECRET  # hashed on save, like any other
    application.save(update_fields=["client_id", "client_secret"])
    return credentials.client
