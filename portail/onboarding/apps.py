from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "portail.onboarding"
    label = "onboarding"
    verbose_name = _("Onboarding")

    def ready(self) -> None:
        # The foundation (accounts) knows nothing of onboarding: onboarding listens to allauth's sign-in.
        from allauth.account.signals import user_logged_in

        user_logged_in.connect(_join_on_sign_in, dispatch_uid="portail.onboarding.join_on_sign_in")


def _join_on_sign_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from portail.onboarding.sign_in import join_on_sign_in

    join_on_sign_in(request, user)
