"""Background e-mails about admissions: to the parent at each step, to the provider when the office moves
its date."""

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from portail.admissions.models import Admission
from portail.core.emails import render_subject
from portail.registry.names import public_name


@task()
def send_admission_email(*, admission_id: int, step: str, previous_start: str = "") -> None:
    """Tells the parent that its child was admitted, or that the office confirmed the admission (and at
    which date, when it changed the provider's), refused it, or that the provider cancelled it; with the
    reason given."""
    admission = (
        Admission.objects.select_related("child__family__parent", "provider")
        .prefetch_related("events")
        .get(pk=admission_id)
    )
    child = admission.child
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "admission": admission,
            "child": child,
            "service": public_name(admission.provider),
            "step": step,
            "reason": admission.closing_reason,
            "previous_start": date.fromisoformat(previous_start) if previous_start else None,
            "url": f"{settings.PORTAL_URL}{reverse('families:child', args=[child.file_id])}",
        }
        send_mail(
            subject=render_subject("admissions/email/subject.txt", context),
            message=render_to_string("admissions/email/body.txt", context),
            from_email=None,
            recipient_list=[child.family.parent.email],
        )


@task()
def send_start_date_change_to_provider(*, admission_id: int, previous_start: str) -> None:
    """Tells the provider that its office confirmed an admission at another planned start date."""
    admission = Admission.objects.select_related("child", "provider__user").get(pk=admission_id)
    provider = admission.provider
    address = provider.user.email if provider.user else provider.email
    if not address:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "admission": admission,
            "child": admission.child,
            "previous_start": date.fromisoformat(previous_start),
            "url": f"{settings.PORTAL_URL}{reverse('admissions:detail', args=[admission.pk])}",
        }
        send_mail(
            subject=render_subject("admissions/email/date_changed_subject.txt", context),
            message=render_to_string("admissions/email/date_changed_body.txt", context),
            from_email=None,
            recipient_list=[address],
        )
