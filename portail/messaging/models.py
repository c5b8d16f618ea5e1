"""Messaging between an office and its providers: one thread per exchange, its messages and attachments."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portail.messaging.querysets import AttachmentQuerySet, ThreadQuerySet
from portail.messaging.storage import attachment_storage
from portail.registry.models import CoordinatingOffice, Provider

BODY_MAX_LENGTH = 10_000


class Side(models.TextChoices):
    OFFICE = "office", _("Office")
    PROVIDER = "provider", _("Provider")


class Thread(models.Model):
    """An exchange between an office and one of its providers; the office's agents share its side."""

    office = models.ForeignKey(
        CoordinatingOffice, verbose_name=_("coordinating office"), on_delete=models.CASCADE, related_name="+"
    )
    provider = models.ForeignKey(
        Provider, verbose_name=_("provider"), on_delete=models.CASCADE, related_name="threads"
    )
    subject = models.CharField(_("subject"), max_length=200)
    created_at = models.DateTimeField(_("created"))
    last_message_at = models.DateTimeField(_("last message"))
    # Each side's last message and last reading: what the unread counts compare (querysets.UNREAD_BY_*).
    last_from_office_at = models.DateTimeField(null=True, blank=True)
    last_from_provider_at = models.DateTimeField(null=True, blank=True)
    office_read_at = models.DateTimeField(null=True, blank=True)
    provider_read_at = models.DateTimeField(null=True, blank=True)
    # A new message brings an archived thread back (services._post).
    office_archived = models.BooleanField(_("archived by the office"), default=False)
    provider_archived = models.BooleanField(_("archived by the provider"), default=False)
    # The last e-mail notice to each side: at most one an hour per thread (tasks.send_notices).
    office_notified_at = models.DateTimeField(null=True, blank=True)
    provider_notified_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[ThreadQuerySet] = ThreadQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        ordering = ["-last_message_at", "-pk"]
        indexes = [
            models.Index(fields=["office", "-last_message_at"], name="thread_office_last"),
            models.Index(fields=["provider", "-last_message_at"], name="thread_provider_last"),
        ]

    def __str__(self) -> str:
        return self.subject


class Message(models.Model):
    """One message of a thread, in plain text: its author is a person, its side says who it speaks for."""

    thread = models.ForeignKey(
        Thread, verbose_name=_("thread"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    side = models.CharField(_("written for"), max_length=10, choices=Side.choices)
    body = models.TextField(_("message"), max_length=BODY_MAX_LENGTH)
    created_at = models.DateTimeField(_("sent"))

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["thread", "created_at"], name="message_thread_time"),
            models.Index(fields=["created_at"], name="message_time"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(side__in=Side.values), name="message_side_valid"),
            models.CheckConstraint(condition=~Q(body=""), name="message_body_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.thread_id} {self.created_at:%Y-%m-%d %H:%M}"


class Attachment(models.Model):
    """A file joined to a message, kept in the private storage; a broadcast's copies share one file."""

    message = models.ForeignKey(
        Message, verbose_name=_("message"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), storage=attachment_storage, upload_to="%Y/%m/", max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=50)
    size = models.PositiveIntegerField(_("size"))

    objects: ClassVar[AttachmentQuerySet] = AttachmentQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name


class NoticePreference(models.Model):
    """Whether a provider wants an e-mail when its office writes; without a row, it does."""

    provider = models.OneToOneField(
        Provider, verbose_name=_("provider"), on_delete=models.CASCADE, related_name="notice_preference"
    )
    emails = models.BooleanField(_("e-mail me when my office writes"), default=True)

    class Meta:
        verbose_name = _("notice preference")
        verbose_name_plural = _("notice preferences")

    def __str__(self) -> str:
        return f"{self.provider_id}"
