"""How allauth creates and signs in accounts: a new account is a parent's, then may join the register."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from portail.accounts.models import Role
from portail.core.client_ip import client_ip
from portail.onboarding.sign_in import join_on_sign_in


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        # Providers and office agents are recognised from the register, never by what a form says.
        user.role = Role.PARENT
        return super().save_user(request, user, form, commit=commit)

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        # A provider signing in for the first time is linked to its register entry by its e-mail.
        join_on_sign_in(request, user)
        return super().post_login(request, user, **kwargs)

    def get_client_ip(self, request: HttpRequest) -> str:
        # The address django-axes sees too, behind TRUSTED_PROXY_COUNT proxies (portail/core/client_ip.py).
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address
