from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "portail.messaging"
    label = "messaging"
    verbose_name = _("Messaging")

    def ready(self) -> None:
        # Onboarding knows nothing of messaging: messaging records the reminders onboarding announces.
        from portail.onboarding.services import reminders_sent

        reminders_sent.connect(_record_reminders, dispatch_uid="portail.messaging.record_reminders")

        from portail.core import daily
        from portail.messaging.tasks import purge_messages_daily

        daily.register(purge_messages_daily)


def _record_reminders(sender: Any, reminders: Any, **kwargs: Any) -> None:
    from portail.messaging.services import record_reminders

    record_reminders(reminders=reminders)
