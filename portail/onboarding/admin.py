"""Onboarding in the ministry's administration: read-only, for support and audit."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from portail.onboarding.models import ClaimCode, ReminderLog, ReminderTemplate


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ClaimCode)
class ClaimCodeAdmin(ReadOnlyAdmin):
    list_display = ["provider", "created_at", "expires_at", "failed_attempts", "used_at", "revoked_at"]
    exclude = ["code_hash"]
    raw_id_fields = ["provider", "created_by"]


@admin.register(ReminderLog)
class ReminderLogAdmin(ReadOnlyAdmin):
    list_display = ["provider", "office", "sent_by", "sent_at", "subject", "emailed_at"]
    list_filter = ["office"]
    raw_id_fields = ["provider", "sent_by"]


@admin.register(ReminderTemplate)
class ReminderTemplateAdmin(ReadOnlyAdmin):
    list_display = ["office", "subject", "updated_at"]
