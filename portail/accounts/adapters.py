"""How allauth creates and signs in accounts: a new account is a parent's, then may join the register."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest, HttpResponse

from portail.accounts.models import Role
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
