"""What signing in does for joining the portal: link the account by its e-mail, and say so."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from portail.onboarding.selectors import email_matches_several_entries
from portail.onboarding.services import link_provider_account, may_join


def join_on_sign_in(request: HttpRequest, user: Any) -> None:
    """Links a provider's account to its register entry by e-mail, or points it to the claim page."""
    if not may_join(user):
        return
    if link_provider_account(user=user) is not None:
        messages.success(request, _("Your account is now linked to your entry in the register."))
    elif email_matches_several_entries(user):
        messages.info(
            request,
            format_html(
                _(
                    "Several entries of the register carry your e-mail address. Ask your coordinating "
                    'office for a code and <a href="{}">claim your entry</a>.'
                ),
                reverse("onboarding:claim"),
            ),
        )
