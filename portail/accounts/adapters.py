"""How allauth creates accounts here: a self-registered account is a parent's."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from portail.accounts.models import Role


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        # Providers and office agents are recognised from the register, never by what a form says.
        user.role = Role.PARENT
        return super().save_user(request, user, form, commit=commit)
