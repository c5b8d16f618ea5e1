from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "portail.api"
    label = "api"
    verbose_name = _("API of the management software")

    def ready(self) -> None:
        from portail.admissions.models import AdmissionEvent
        from portail.agreements.models import AgreementEvent
        from portail.api import feed
        from portail.api.tasks import purge_idempotent_answers_daily
        from portail.attendance.models import SheetEvent
        from portail.attendance.signals import sheet_events_created
        from portail.core import daily
        from portail.registry.models import Provider

        post_save.connect(feed.admission_step, sender=AdmissionEvent, dispatch_uid="api_feed_admission")
        post_save.connect(feed.agreement_step, sender=AgreementEvent, dispatch_uid="api_feed_agreement")
        post_save.connect(feed.sheet_step, sender=SheetEvent, dispatch_uid="api_feed_attendance")
        sheet_events_created.connect(
            feed.sheet_steps, sender=SheetEvent, dispatch_uid="api_feed_attendance_bulk"
        )
        post_save.connect(
            feed.register_change, sender=Provider.history.model, dispatch_uid="api_feed_register"
        )
        daily.register(purge_idempotent_answers_daily)
