"""Background work of onboarding: sending the reminder e-mails."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import task

from portail.onboarding.models import ReminderLog


@task()
def send_reminder_email(*, reminder_id: int) -> None:
    """Sends a logged reminder once; the office's address receives the replies."""
    reminder = ReminderLog.objects.select_related("office").get(pk=reminder_id)
    if reminder.emailed_at is not None:
        return
    EmailMessage(
        subject=reminder.subject,
        body=reminder.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[reminder.email],
        reply_to=[reminder.office.email],
    ).send()
    ReminderLog.objects.filter(pk=reminder.pk).update(emailed_at=timezone.now())
