"""Writes of the offices' management software: register one, rotate its secret, revoke it; the purge of
the answers kept for idempotent retries."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import AccessToken, Application, RefreshToken

from portail.accounts.models import SERVICE_ACCOUNT_DOMAIN, Role, User
from portail.accounts.permissions import is_office_admin
from portail.api.models import ApiClient, IdempotentAnswer, Scope
from portail.registry.models import OfficeAgent


@dataclass(frozen=True)
class Credentials:
    """What the office's administrator copies once into its software: the secret is never shown again."""

    client: ApiClient
    client_id: str
    client_secret: str


def _authorize(by: User, client: ApiClient | None = None) -> None:
    if not is_office_admin(by) or (client is not None and client.office_id != by.office_agent.office_id):
        raise PermissionDenied


@transaction.atomic
def register_client(*, by: User, name: str, vendor: str, scopes: list[str]) -> Credentials:
    """Registers an office's software: an OAuth 2 client and its service account, an agent of the office."""
    _authorize(by)
    name, vendor = name.strip(), vendor.strip()
    errors = {}
    if not name:
        errors["name"] = _("Give the name of the software.")
    if not vendor:
        errors["vendor"] = _("Give the name of its vendor.")
    if not scopes or set(scopes) - set(Scope.values):
        errors["scopes"] = _("Choose at least one permission.")
    if errors:
        raise ValidationError(errors)
    office = by.office_agent.office
    user = User.objects.create_user(
        f"logiciel-{uuid.uuid4().hex}@{SERVICE_ACCOUNT_DOMAIN}",
        None,
        role=Role.OFFICE_AGENT,
        first_name=name[:150],
        last_name=f"({vendor})"[:150],
    )
    OfficeAgent.objects.create(user=user, office=office, role=OfficeAgent.Role.AGENT)
    secret = generate_client_secret()
    application = Application.objects.create(
        name=f"{office.number} {name}"[:255],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret,  # hashed on save (django-oauth-toolkit's ClientSecretField)
        user=user,
    )
    client = ApiClient.objects.create(
        office=office,
        application=application,
        user=user,
        name=name,
        vendor=vendor,
        scopes=" ".join(scope for scope in Scope.values if scope in scopes),
        created_by=by,
    )
    return Credentials(client=client, client_id=application.client_id, client_secret=secret)


@transaction.atomic
def rotate_secret(*, client: ApiClient, by: User) -> Credentials:
    """A new secret; the old one still gets tokens for the grace period, so the software can switch."""
    _authorize(by, client)
    client = ApiClient.objects.select_for_update().select_related("application").get(pk=client.pk)
    if not client.is_active:
        raise ValidationError(_("This software is revoked: register it again."))
    now = timezone.now()
    secret = generate_client_secret()
    client.previous_secret = client.application.client_secret  # already hashed
    client.previous_secret_until = now + client.grace_period
    client.rotated_at = now
    client.save(update_fields=["previous_secret", "previous_secret_until", "rotated_at"])
    client.application.client_secret = secret
    client.application.save(update_fields=["client_secret", "updated"])
    return Credentials(client=client, client_id=client.application.client_id, client_secret=secret)


@transaction.atomic
def revoke_client(*, client: ApiClient, by: User) -> ApiClient:
    """Revokes the software: its tokens stop at once, it gets no new one, its account is closed."""
    _authorize(by, client)
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if not client.is_active:
        return client
    client.revoked_at = timezone.now()
    client.previous_secret, client.previous_secret_until = "", None
    client.save(update_fields=["revoked_at", "previous_secret", "previous_secret_until"])
    RefreshToken.objects.filter(application_id=client.application_id).delete()
    AccessToken.objects.filter(application_id=client.application_id).delete()
    # Nothing signs in with it any more (it never had a password), and has_role() now refuses it.
    client.user.is_active = False
    client.user.save(update_fields=["is_active"])
    OfficeAgent.objects.filter(user_id=client.user_id).update(is_active=False)
    # The secret's hash goes too: even a leaked one matches nothing.
    client.application.client_secret = make_password(None)
    client.application.save(update_fields=["client_secret", "updated"])
    return client


def purge_idempotent_answers(*, now: datetime | None = None) -> int:
    """Deletes the answers kept for idempotent retries older than API_IDEMPOTENCY_HOURS; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.API_IDEMPOTENCY_HOURS)
    deleted, _by_model = IdempotentAnswer.objects.filter(at__lt=cutoff).delete()
    return deleted
