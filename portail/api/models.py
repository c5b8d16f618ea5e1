"""The API's own rows: the offices' management software (clients), their calls, the answers kept for
idempotent retries, vendors' identifiers of our records, and the change feed."""

from datetime import timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portail.agreements.models import Agreement
from portail.registry.models import CoordinatingOffice


class Scope(models.TextChoices):
    REGISTER_READ = "register:read", _("Read the register")
    REGISTER_WRITE = "register:write", _("Edit the register")
    ADMISSIONS_READ = "admissions:read", _("Read admissions")
    ADMISSIONS_WRITE = "admissions:write", _("Confirm, refuse and make admissions")
    AGREEMENTS_READ = "agreements:read", _("Read service agreements")
    AGREEMENTS_WRITE = "agreements:write", _("Enter and record service agreements")
    ATTENDANCE_READ = "attendance:read", _("Read attendance")
    ATTENDANCE_WRITE = "attendance:write", _("Enter and confirm attendance")


class ApiClientQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "ApiClientQuerySet":
        """An office's administrator sees its office's software; no one else sees any."""
        agent = getattr(user, "office_agent", None)
        if not user.is_authenticated or agent is None or not agent.is_active or not agent.is_admin:
            return self.none()
        return self.filter(office_id=agent.office_id)


class ApiClient(models.Model):
    """An office's management software (*logiciel de gestion*): an OAuth 2 client acting for one office.

    It acts through its own service account (`user`), an agent of the office, so that every predicate and
    `visible_to()` of the screens applies to it and every history names it.
    """

    office = models.ForeignKey(
        CoordinatingOffice, on_delete=models.CASCADE, related_name="api_clients", verbose_name=_("office")
    )
    application = models.OneToOneField(
        "oauth2_provider.Application", on_delete=models.CASCADE, related_name="api_client"
    )
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client")
    name = models.CharField(_("name of the software"), max_length=100)
    vendor = models.CharField(_("vendor"), max_length=100)
    scopes = models.CharField(_("permissions"), max_length=300)  # space-separated, OAuth's way
    # The secret before the last rotation, hashed, and until when it still gets tokens.
    previous_secret = models.CharField(max_length=255, blank=True)
    previous_secret_until = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("registered on"), auto_now_add=True)
    rotated_at = models.DateTimeField(_("secret changed on"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    objects: ClassVar[ApiClientQuerySet] = ApiClientQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("management software")
        verbose_name_plural = _("management software")
        ordering = ["-revoked_at", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(previous_secret="") | Q(previous_secret_until__isnull=False),
                name="api_client_previous_secret_has_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.vendor})"

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def accepts_previous_secret(self, secret: str, *, now: Any = None) -> bool:
        """Whether `secret` is the one before the last rotation, still within its grace period."""
        now = now or timezone.now()
        if (
            not self.previous_secret
            or self.previous_secret_until is None
            or now >= self.previous_secret_until
        ):
            return False
        return check_password(secret, self.previous_secret)

    @property
    def grace_period(self) -> timedelta:
        return timedelta(hours=settings.API_SECRET_GRACE_HOURS)


class ApiCall(models.Model):
    """One call of a client: what it asked and how it went, never what it sent."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="calls")
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=200)
    status = models.PositiveSmallIntegerField()
    duration_ms = models.PositiveIntegerField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["client", "at"], name="api_call_client_at")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"


class IdempotentAnswer(models.Model):
    """The first answer to a POST with an `Idempotency-Key`: replayed to the same key with the same body."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)  # SHA-256 of the method, path and body
    status = models.PositiveSmallIntegerField()
    body = models.TextField()
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "key"], name="api_idempotency_key_once")]

    def __str__(self) -> str:
        return f"{self.client_id} {self.key}"


class ExternalReference(models.Model):
    """A vendor's own identifier of an agreement (source system + external id, unique in an office)."""

    office = models.ForeignKey(CoordinatingOffice, on_delete=models.CASCADE, related_name="+")
    source_system = models.CharField(max_length=50)
    external_id = models.CharField(max_length=100)
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="api_references")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["office", "source_system", "external_id"], name="api_external_id_unique_in_office"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_system}:{self.external_id}"


class EventKind(models.TextChoices):
    ADMISSION_CREATED = "admission.created"
    ADMISSION_CONFIRMED = "admission.confirmed"
    ADMISSION_REFUSED = "admission.refused"
    ADMISSION_CHANGED = "admission.changed"
    AGREEMENT_STEP = "agreement.step"
    AGREEMENT_VERSION = "agreement.version"
    PROVIDER_CHANGED = "provider.changed"
    ATTENDANCE_SUBMITTED = "attendance.submitted"
    ATTENDANCE_SIGNED = "attendance.signed"
    ATTENDANCE_CONTESTED = "attendance.contested"
    ATTENDANCE_CONFIRMED = "attendance.confirmed"
    ATTENDANCE_RETURNED = "attendance.returned"


class ChangeEvent(models.Model):
    """One change in an office's territory, for the change feed (`GET /api/v1/events`): in id order."""

    office = models.ForeignKey(CoordinatingOffice, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    object_id = models.PositiveBigIntegerField()
    status = models.CharField(max_length=20, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["office", "id"], name="api_event_office_id")]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
