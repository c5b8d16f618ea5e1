"""Accounts in the ministry's administration: agents' and ministry staff's, never a family's or a provider's.

Ministry staff name, rename and deactivate those accounts; they never see or set a password, a role once
given, the superuser flag, groups or permissions, so that no form can turn an account into another's. The
break-glass superuser keeps Django's user admin (passwords, roles), but no form makes a superuser.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from portail.accounts.admin_site import site
from portail.accounts.models import Role, User
from portail.accounts.permissions import is_ministry_staff, is_superuser

# The accounts the ministry manages; parents and providers come from their own sign-up and the register.
MANAGED_ROLES = [Role.OFFICE_AGENT, Role.MINISTRY]


class StaffAccountCreationForm(forms.ModelForm[User]):
    """A new agent's or ministry account, without a password: its owner picks one, « Mot de passe oublié »."""

    role = forms.ChoiceField(label=_("role"), choices=[(role.value, role.label) for role in MANAGED_ROLES])

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name", "role"]

    def clean_email(self) -> str:
        return User.objects.normalize_email(self.cleaned_data["email"]).lower()

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.set_unusable_password()
        user.is_staff = user.role == Role.MINISTRY
        if commit:
            user.save()
        return user


class ManagedRoleFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [(role.value, role.label) for role in MANAGED_ROLES]

    def queryset(self, request: HttpRequest, queryset: QuerySet[User]) -> QuerySet[User]:
        return queryset.filter(role=self.value()) if self.value() else queryset


@admin.register(User, site=site)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    # The superuser's forms: Django's, but the superuser flag is read-only there too (only createsuperuser
    # sets it), and no permission row is shown, since nothing reads them.
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identity"), {"fields": ("first_name", "last_name", "role")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "role", "password1", "password2")}),)
    # Ministry staff's forms.
    staff_fieldsets = (
        (None, {"fields": ("email",)}),
        (_("Identity"), {"fields": ("first_name", "last_name", "role")}),
        (_("Access"), {"fields": ("is_active", "is_staff")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    staff_add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "first_name", "last_name", "role")}),
    )
    # The e-mail too: changed, it would send « Mot de passe oublié » to someone else's mailbox.
    staff_readonly_fields = ("email", "role", "is_staff", "last_login", "date_joined")

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        accounts = super().get_queryset(request)
        if is_superuser(request.user):
            return accounts
        return accounts.filter(role__in=MANAGED_ROLES, is_superuser=False)

    def get_list_filter(self, request: HttpRequest) -> Any:
        if is_superuser(request.user):
            return ["role", "is_active", "is_staff"]
        return [ManagedRoleFilter, "is_active"]

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if is_superuser(request.user):
            return super().get_fieldsets(request, obj)
        return self.staff_fieldsets if obj else self.staff_add_fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        return ("is_superuser",) if is_superuser(request.user) else self.staff_readonly_fields

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if not is_superuser(request.user):
            kwargs["form"] = StaffAccountCreationForm if obj is None else forms.ModelForm
        return super().get_form(request, obj, change=change, **kwargs)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_ministry_staff(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._manages(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_ministry_staff(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._manages(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # An account is deactivated, not deleted: the records it signed keep their author.
        return is_superuser(request.user)

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        if not is_superuser(request.user):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def _manages(self, request: HttpRequest, obj: Any) -> bool:
        if is_superuser(request.user):
            return True
        if not is_ministry_staff(request.user):
            return False
        return obj is None or (obj.role in MANAGED_ROLES and not obj.is_superuser)
