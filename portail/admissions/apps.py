from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdmissionsConfig(AppConfig):
    name = "portail.admissions"
    label = "admissions"
    verbose_name = _("Admissions")

    def ready(self) -> None:
        # The register refuses a change below the places held; it reads them through this hook, since it
        # may not import the admissions (registry.capacity).
        from portail.admissions.rules import stays_holding_a_place
        from portail.registry.capacity import register_stays_reader

        register_stays_reader(stays_holding_a_place)
