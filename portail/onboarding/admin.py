"""Onboarding in the ministry's administration: read-only, for support and audit."""

from django.contrib import admin

from portail.accounts.admin_site import MinistryReadOnlyAdmin, site
from portail.onboarding.models import ClaimCode, ReminderLog, ReminderTemplate


@admin.register(ClaimCode, site=site)
class ClaimCodeAdmin(MinistryReadOnlyAdmin):
    list_display = ["provider", "created_at", "expires_at", "failed_attempts", "used_at", "revoked_at"]
    exclude = ["code_hash"]
    raw_id_fields = ["provider", "created_by"]


@admin.register(ReminderLog, site=site)
class ReminderLogAdmin(MinistryReadOnlyAdmin):
    list_display = ["provider", "office", "sent_by", "sent_at", "subject", "emailed_at"]
    list_filter = ["office"]
    raw_id_fields = ["provider", "sent_by"]


@admin.register(ReminderTemplate, site=site)
class ReminderTemplateAdmin(MinistryReadOnlyAdmin):
    list_display = ["office", "subject", "updated_at"]
