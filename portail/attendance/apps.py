from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    name = "portail.attendance"
    label = "attendance"
    verbose_name = _("Attendance")

    def ready(self) -> None:
        from portail.agreements.models import AgreementEvent
        from portail.attendance.attestations import on_agreement_event

        # The attestation of services provided goes to the parent when an agreement ends.
        post_save.connect(
            on_agreement_event, sender=AgreementEvent, dispatch_uid="attendance_attestation_at_end"
        )
