"""Background e-mails to parents."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from portail.core.emails import render_subject
from portail.families.models import Child


@task()
def send_registration_confirmation(*, child_id: int) -> None:
    """E-mails the parent the child's registration number."""
    child = Child.objects.select_related("family__parent").get(pk=child_id)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "child": child,
            "url": f"{settings.PORTAL_URL}{reverse('families:child', args=[child.file_id])}",
        }
        send_mail(
            subject=render_subject("families/email/registration_subject.txt", context),
            message=render_to_string("families/email/registration_body.txt", context),
            from_email=None,
            recipient_list=[child.family.parent.email],
        )


@task()
def purge_access_log_daily() -> int:
    """The worker's daily purge of the access log (docs/privacy.md): tomorrow's run is queued first, so that
    a failing purge does not stop the next ones."""
    from portail.core import daily
    from portail.families.access_log import purge

    daily.queue_next(purge_access_log_daily)
    return purge()
