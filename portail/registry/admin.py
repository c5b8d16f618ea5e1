"""Ministry staff manage offices, territories, agents and facilities in the admin; they read the register."""

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import ForeignKey
from django.forms import BaseInlineFormSet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from portail.accounts.admin_site import MinistryAdmin, MinistryReadOnlyAdmin, site
from portail.accounts.models import Role, User
from portail.accounts.permissions import is_ministry_staff
from portail.registry.models import CoordinatingOffice, Facility, OfficeAgent, Provider, Territory
from portail.registry.services import agent_added_by_ministry


@admin.register(Territory, site=site)
class TerritoryAdmin(MinistryAdmin):
    list_display = ["name", "region"]
    list_filter = ["region"]
    search_fields = ["name", "region"]

    # A territory in use is protected by its offices; an unused one may go.
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_ministry_staff(request.user)


class OfficeAgentFormSet(BaseInlineFormSet[OfficeAgent, CoordinatingOffice, Any]):
    def clean(self) -> None:
        """The office keeps an active administrator, as on its own agents' page (update_office_agent)."""
        super().clean()
        admins = OfficeAgent.objects.filter(
            office_id=self.instance.pk, role=OfficeAgent.Role.ADMIN, is_active=True
        )
        if self.instance.pk is None or not admins.exists():
            return
        kept = [form.cleaned_data for form in self.forms if form.cleaned_data]
        if not any(data.get("is_active") and data.get("role") == OfficeAgent.Role.ADMIN for data in kept):
            raise ValidationError(_("The office must keep at least one active administrator."))


class OfficeAgentInline(admin.TabularInline[OfficeAgent, CoordinatingOffice]):
    model = OfficeAgent
    formset = OfficeAgentFormSet
    extra = 0
    autocomplete_fields = ["user"]

    def formfield_for_foreignkey(self, db_field: ForeignKey[Any], request: HttpRequest, **kwargs: Any) -> Any:
        # Only an agent's account becomes an office's agent: never a parent's, a provider's or the ministry's.
        if db_field.name == "user":
            kwargs["queryset"] = User.objects.filter(role=Role.OFFICE_AGENT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_ministry_staff(request.user)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_ministry_staff(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_ministry_staff(request.user)

    # An agent leaves an office by being made inactive: what it did keeps its author.
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CoordinatingOffice, site=site)
class CoordinatingOfficeAdmin(MinistryAdmin):
    list_display = ["number", "name", "territory", "email", "phone"]
    list_filter = ["territory__region"]
    search_fields = ["number", "name"]
    list_select_related = ["territory"]
    inlines = [OfficeAgentInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        """An agent added, or brought back, by ministry staff is told to the office's administrators."""
        told = []
        if isinstance(formset, OfficeAgentFormSet):
            for agent_form in formset.forms:
                data = getattr(agent_form, "cleaned_data", None) or {}
                new = agent_form.instance.pk is None and data.get("user")
                back = "is_active" in agent_form.changed_data and data.get("is_active")
                if (new or back) and data.get("is_active", True):
                    told.append(agent_form)
        super().save_formset(request, form, formset, change)
        for agent_form in told:
            agent_added_by_ministry(agent=agent_form.instance, by=request.user)  # type: ignore[arg-type]


@admin.register(Provider, site=site)
class ProviderAdmin(MinistryReadOnlyAdmin, SimpleHistoryAdmin[Provider]):
    list_display = ["register_number", "last_name", "first_name", "office", "status", "capacity"]
    list_filter = ["status", "office__territory__region"]
    search_fields = ["register_number", "last_name", "first_name", "email"]
    list_select_related = ["office"]
    raw_id_fields = ["office", "user"]
    readonly_fields = ["public_latitude", "public_longitude"]
    # The register is kept by the offices (on their pages, or by import): the ministry reads it here.


# Deleting a facility would delete the families' choices that name it: the superuser's (MinistryAdmin).
@admin.register(Facility, site=site)
class FacilityAdmin(MinistryAdmin):
    list_display = ["permit_number", "name", "kind", "municipality"]
    list_filter = ["kind"]
    search_fields = ["permit_number", "name", "municipality"]
