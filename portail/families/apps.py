from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FamiliesConfig(AppConfig):
    name = "portail.families"
    label = "families"
    verbose_name = _("Family files")

    def ready(self) -> None:
        from portail.core import daily
        from portail.families.tasks import purge_access_log_daily

        daily.register(purge_access_log_daily)
