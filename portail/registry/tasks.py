"""Background e-mails of the register: the invitation of a new office agent, and the notice to its office's
administrators when the ministry adds one."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from portail.core.emails import render_subject
from portail.registry.models import OfficeAgent


@task()
def send_agent_invitation(*, agent_id: int) -> None:
    """Tells a person made an agent of an office how to sign in."""
    agent = OfficeAgent.objects.select_related("user", "office").get(pk=agent_id)
    with translation.override(settings.LANGUAGE_CODE):
        context = {"office": agent.office, "url": f"{settings.PORTAL_URL}{reverse('account_login')}"}
        send_mail(
            subject=render_subject("registry/email/agent_invitation_subject.txt", context),
            message=render_to_string("registry/email/agent_invitation_body.txt", context),
            from_email=None,
            recipient_list=[agent.user.email],
        )


@task()
def send_new_agent_notice(*, agent_id: int) -> None:
    """Tells an office's active administrators (the new agent aside) that the ministry added an agent."""
    agent = OfficeAgent.objects.select_related("user", "office").get(pk=agent_id)
    recipients = list(
        OfficeAgent.objects.filter(office=agent.office, role=OfficeAgent.Role.ADMIN, is_active=True)
        .exclude(pk=agent.pk)
        .values_list("user__email", flat=True)
    )
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "agent": agent,
            "role": agent.get_role_display(),
            "office": agent.office,
            "url": f"{settings.PORTAL_URL}{reverse('registry:agents')}",
            "help_url": f"{settings.PORTAL_URL}{reverse('core:help')}",
        }
        send_mail(
            subject=render_subject("registry/email/new_agent_subject.txt", context),
            message=render_to_string("registry/email/new_agent_body.txt", context),
            from_email=None,
            recipient_list=recipients,
        )
