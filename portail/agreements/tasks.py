"""Background e-mails about service agreements."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from portail.agreements.models import Agreement
from portail.core.emails import render_subject


@task()
def send_eligibility_email(*, agreement_id: int) -> None:
    """Tells the provider the office's decision on the parent's reduced contribution."""
    agreement = Agreement.objects.select_related("admission__child", "admission__provider").get(
        pk=agreement_id
    )
    provider = agreement.admission.provider
    recipient = provider.email or (provider.user.email if provider.user else "")
    if not recipient:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "agreement": agreement,
            "child": agreement.admission.child,
            "url": f"{settings.PORTAL_URL}{reverse('agreements:detail', args=[agreement.pk])}",
        }
        send_mail(
            subject=render_subject("agreements/email/eligibility_subject.txt", context),
            message=render_to_string("agreements/email/eligibility_body.txt", context),
            from_email=None,
            recipient_list=[recipient],
        )
