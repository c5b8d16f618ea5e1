"""Background work of messaging: the e-mail telling a side that a message awaits it, at most hourly."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from portail.core.emails import render_subject

NOTICE_INTERVAL = timedelta(hours=1)


@task()
def send_notices(*, message_ids: list[int]) -> None:
    """E-mails each message's other side a link to its thread (never the text), one a thread an hour."""
    from portail.messaging.models import Message, Side, Thread

    now = timezone.now()
    emails = []
    messages = Message.objects.filter(pk__in=message_ids).select_related(
        "thread__office", "thread__provider__user", "thread__provider__notice_preference"
    )
    with translation.override(settings.LANGUAGE_CODE):
        for message in messages:
            thread = message.thread
            if message.side == Side.OFFICE:
                recipient = Side.PROVIDER
                provider = thread.provider
                preference = getattr(provider, "notice_preference", None)
                if preference is not None and not preference.emails:
                    continue
                address = provider.user.email if provider.user is not None else provider.email
            else:
                recipient = Side.OFFICE
                address = thread.office.email
            if not address:
                continue
            field = f"{recipient}_notified_at"
            # Claimed by one UPDATE: two workers, or a retried task, send one e-mail, not two.
            claimed = (
                Thread.objects.filter(pk=thread.pk)
                .filter(Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": now - NOTICE_INTERVAL}))
                .update(**{field: now})
            )
            if not claimed:
                continue
            context = {
                "office": thread.office,
                "provider": thread.provider,
                "to_office": recipient == Side.OFFICE,
                "url": f"{settings.PORTAL_URL}{reverse('messaging:thread', args=[thread.pk])}",
            }
            emails.append(
                EmailMessage(
                    subject=render_subject("messaging/email/notice_subject.txt", context),
                    body=render_to_string("messaging/email/notice_body.txt", context),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[address],
                )
            )
    if emails:
        get_connection().send_messages(emails)


@task()
def purge_messages_daily() -> list[int]:
    """The worker's daily purge of old messages (docs/privacy.md): tomorrow's run is queued first, so that a
    failing purge does not stop the next ones."""
    from portail.core import daily
    from portail.messaging.retention import purge_old_messages

    daily.queue_next(purge_messages_daily)
    return list(purge_old_messages())
