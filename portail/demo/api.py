"""The demo's management software: bc@demo.test's office's, with a published identifier and secret, so
that docs/api.md's walk-through works on `make demo` (never in production: seed_demo refuses to run)."""

from portail.accounts.models import User
from portail.api.models import ApiClient, Scope
from portail.api.services import register_client

DEMO_CLIENT_ID = "gestion-bc-demo"
DEMO_CLIENT_SECRET = "demo-secret-du-bureau-pas-pour-la-production"  # noqa: S105 (the demo's, published)


def create_demo_software(*, office_admin: User) -> ApiClient:
    credentials = register_client(
        by=office_admin, name="Gestion BC (démo)", vendor="Logiciels de démonstration", scopes=Scope.values
    )
    application = credentials.client.application
    application.client_id = DEMO_CLIENT_ID
    application.client_secret = DEMO_CLIENT_SECRET  # hashed on save, like any other
    application.save(update_fields=["client_id", "client_secret"])
    return credentials.client
