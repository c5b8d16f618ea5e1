"""Background work of accounts: sending allauth's e-mails (verification, password reset) after the request."""

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_account_email(
    *,
    subject: str,
    body: str,
    from_email: str,
    to: list[str],
    alternatives: list[list[str]],
    headers: dict[str, str],
) -> None:
    """Sends an e-mail allauth rendered in the request: a mail server down fails this task, not a page."""
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=from_email, to=to, headers=headers
    )
    for content, mimetype in alternatives:
        message.attach_alternative(content, mimetype)
    message.send()
