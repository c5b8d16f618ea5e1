from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WaitlistConfig(AppConfig):
    name = "portail.waitlist"
    label = "waitlist"
    verbose_name = _("Client reserves")
