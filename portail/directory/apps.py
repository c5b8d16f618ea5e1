from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "portail.directory"
    label = "directory"
    verbose_name = _("Public map")

    def ready(self) -> None:
        from portail.directory import index

        # A change to what the map shows tells every process's index (docs/architecture.md).
        index.connect()
