"""Providers joining the portal: claim codes, claim attempts, and the office's reminders."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portail.registry.models import CoordinatingOffice, Provider


class ClaimCode(models.Model):
    """A one-time code an office gives a provider to claim its register entry; only its hash is kept."""

    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.CASCADE, related_name="claim_codes"
    )
    code_hash = models.CharField(_("code hash"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.SET_NULL, null=True
    )
    created_at = models.DateTimeField(_("created"))
    expires_at = models.DateTimeField(_("expires"))
    failed_attempts = models.PositiveSmallIntegerField(_("failed attempts"), default=0)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("claim code")
        verbose_name_plural = _("claim codes")
        ordering = ["-created_at"]
        constraints = [
            # Generating a new code revokes the previous one: a provider never has two open codes.
            models.UniqueConstraint(
                fields=["provider"],
                condition=Q(used_at__isnull=True, revoked_at__isnull=True),
                name="claim_code_one_open_per_provider",
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="claim_code_expires"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider_id} {self.created_at:%Y-%m-%d}"


class ClaimAttempt(models.Model):
    """One try of a user at the claim form: what rate-limits guessing, whatever number was typed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    attempted_at = models.DateTimeField(_("attempted"))
    succeeded = models.BooleanField(_("succeeded"))

    class Meta:
        verbose_name = _("claim attempt")
        verbose_name_plural = _("claim attempts")
        indexes = [models.Index(fields=["user", "attempted_at"], name="claim_attempt_user_time")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.attempted_at:%Y-%m-%d %H:%M}"


class ReminderTemplate(models.Model):
    """An office's own wording of the reminder e-mail, with {placeholders}."""

    office = models.OneToOneField(
        CoordinatingOffice,
        verbose_name=_("coordinating office"),
        on_delete=models.CASCADE,
        related_name="reminder_template",
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), on_delete=models.SET_NULL, null=True
    )

    class Meta:
        verbose_name = _("reminder template")
        verbose_name_plural = _("reminder templates")

    def __str__(self) -> str:
        return self.subject


class ReminderLog(models.Model):
    """One reminder e-mail sent to a provider: what was sent, to whom, by whom and when."""

    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.CASCADE, related_name="reminder_logs"
    )
    office = models.ForeignKey(
        CoordinatingOffice, verbose_name=_("coordinating office"), on_delete=models.CASCADE, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), on_delete=models.SET_NULL, null=True
    )
    sent_at = models.DateTimeField(_("sent"))
    email = models.EmailField(_("e-mail"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    # Set by the background task once the e-mail left: a retried task does not send it twice.
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["provider", "sent_at"], name="reminder_provider_time")]

    def __str__(self) -> str:
        return f"{self.provider_id} {self.sent_at:%Y-%m-%d}"
