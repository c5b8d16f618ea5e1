"""Background e-mails to parents about admissions."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from portail.admissions.models import Admission
from portail.core.emails import render_subject


@task()
def send_admission_email(*, admission_id: int, step: str) -> None:
    """Tells the parent that its child was admitted, or that the office confirmed the admission."""
    admission = Admission.objects.select_related("child__family__parent", "provider").get(pk=admission_id)
    child = admission.child
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "admission": admission,
            "child": child,
            "step": step,
            "url": f"{settings.PORTAL_URL}{reverse('families:child', args=[child.file_id])}",
        }
        send_mail(
            subject=render_subject("admissions/email/subject.txt", context),
            message=render_to_string("admissions/email/body.txt", context),
            from_email=None,
            recipient_list=[child.family.parent.email],
        )
