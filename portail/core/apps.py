from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "portail.core"
    label = "core"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from portail.core import text

        text.connect()
