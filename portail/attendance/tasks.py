"""Background e-mails about attendance."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from portail.attendance.models import AbsenceAlert
from portail.core.emails import render_subject


@task()
def send_absence_alert(*, alert_id: int) -> None:
    """Tells the provider and its office that a child reached 90 consecutive days of absence: the
    agreement must end. No child's name in the subject; the body links to the portal, behind sign-in."""
    alert = (
        AbsenceAlert.objects.select_related(
            "agreement__admission__child", "provider__user", "provider__office"
        )
        .filter(pk=alert_id)
        .first()
    )
    if alert is None:  # corrected in the meantime
        return
    provider = alert.provider
    recipients = [
        address
        for address in (
            provider.email or (provider.user.email if provider.user else ""),
            provider.office.email,
        )
        if address
    ]
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "alert": alert,
            "child": alert.agreement.admission.child,
            "url": f"{settings.PORTAL_URL}{reverse('agreements:detail', args=[alert.agreement_id])}",
        }
        send_mail(
            subject=render_subject("attendance/email/absence_subject.txt", context),
            message=render_to_string("attendance/email/absence_body.txt", context),
            from_email=None,
            recipient_list=recipients,
        )
