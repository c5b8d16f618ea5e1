"""Ministry staff manage offices, territories and agents in the Django admin."""

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from portail.registry.models import CoordinatingOffice, Facility, OfficeAgent, Provider, Territory


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name", "region"]


class OfficeAgentInline(admin.TabularInline):
    model = OfficeAgent
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(CoordinatingOffice)
class CoordinatingOfficeAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "territory", "email", "phone"]
    list_filter = ["territory__region"]
    search_fields = ["number", "name"]
    list_select_related = ["territory"]
    inlines = [OfficeAgentInline]


@admin.register(Provider)
class ProviderAdmin(SimpleHistoryAdmin):
    list_display = ["register_number", "last_name", "first_name", "office", "status", "capacity"]
    list_filter = ["status", "office__territory__region"]
    search_fields = ["register_number", "last_name", "first_name", "email"]
    list_select_related = ["office"]
    raw_id_fields = ["office", "user"]
    readonly_fields = ["public_latitude", "public_longitude"]

    # The register is kept by the offices (on their pages, or by import): the ministry reads it here.
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ["permit_number", "name", "kind", "municipality"]
    list_filter = ["kind"]
    search_fields = ["permit_number", "name", "municipality"]
