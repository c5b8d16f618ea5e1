"""How allauth makes accounts and sends their mails: a new account is a parent's; mails leave after commit."""

import logging
from functools import partial
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.http import HttpRequest

from portail.accounts.models import Role
from portail.accounts.tasks import send_account_email
from portail.core.client_ip import client_ip
from portail.core.emails import render_subject

logger = logging.getLogger(__name__)


def signs_in_through_a_government_login(user: Any) -> bool:
    """Whether an account is one of the government logins' (OpenID Connect), which keeps no local password."""
    from allauth.socialaccount.models import SocialAccount

    return SocialAccount.objects.filter(user=user).exists()


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        # Providers and office agents are recognised from the register, never by what a form says.
        user.role = Role.PARENT
        return super().save_user(request, user, form, commit=commit)

    def render_mail(
        self,
        template_prefix: str,
        email: str | list[str],
        context: dict[str, Any],
        headers: dict[str, str] | None = None,
    ) -> EmailMessage:
        message = super().render_mail(template_prefix, email, context, headers=headers)
        # allauth renders the subject like HTML: an apostrophe would arrive as &#x27;.
        message.subject = self.format_email_subject(render_subject(f"{template_prefix}_subject.txt", context))
        return message

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Renders the e-mail in the request, and queues its sending after commit: no SMTP inside a page."""
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request), **context},
        )
        alternatives = message.alternatives if isinstance(message, EmailMultiAlternatives) else []
        transaction.on_commit(
            partial(
                send_account_email.enqueue,
                subject=str(message.subject),
                body=str(message.body),
                from_email=str(message.from_email),
                to=list(message.to),
                alternatives=[[str(content), str(mimetype)] for content, mimetype in alternatives],
                headers=dict(message.extra_headers),
            )
        )

    def send_password_reset_mail(self, user: Any, email: str, context: dict[str, Any]) -> None:
        # A government login's account has no local password to reset: the page answers as for any address
        # (it tells no one which accounts exist or how they sign in), and no e-mail leaves.
        if signs_in_through_a_government_login(user):
            logger.info("Password reset refused for an account of a government login (user %s).", user.pk)
            return
        super().send_password_reset_mail(user, email, context)

    def get_client_ip(self, request: HttpRequest) -> str:
        # The address django-axes sees too, behind TRUSTED_PROXY_COUNT proxies (portail/core/client_ip.py).
        address = client_ip(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address
