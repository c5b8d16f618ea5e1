"""The demo's conversations: bc@demo.test's office writes to its providers, rsge@demo.test has unread ones."""

from collections import Counter

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portail.accounts.models import User
from portail.messaging.models import Thread
from portail.messaging.services import broadcast, reply, start_thread
from portail.registry.models import CoordinatingOffice, Provider

# The smallest valid PDF a reader opens: one empty page.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def create_demo_messages(
    *, office: CoordinatingOffice, agent: User, provider_user: User, counts: Counter[str]
) -> None:
    """One broadcast with a PDF to the office's providers not yet joined, a few threads, unread for rsge@."""
    not_joined = list(Provider.objects.filter(office=office).not_joined().only("pk", "office_id"))
    if not_joined:
        counts["messages"] += broadcast(
            office=office,
            by=agent,
            subject="Joignez-vous au Portail garde",
            body="Bonjour,\n\nLe guide d'adhésion est joint à ce message. Webinaire jeudi à 19 h : "
            "https://www.quebec.ca/famille-et-soutien-aux-personnes",
            providers=not_joined,
            attachments=[SimpleUploadedFile("guide-adhesion.pdf", TINY_PDF, content_type="application/pdf")],
        )
    provider = provider_user.provider
    visit = start_thread(
        provider=provider,
        subject="Visite de soutien pédagogique",
        body="Bonjour Nathalie,\nJe propose une visite mardi prochain à 10 h. Cela vous convient-il?",
        by=agent,
    )
    reply(thread=visit, body="Bonjour, oui, mardi 10 h me convient.", by=provider_user)
    reply(
        thread=visit,
        body="Parfait, à mardi! Voici le plan de la visite en pièce jointe.",
        by=agent,
        attachments=[SimpleUploadedFile("plan-visite.pdf", TINY_PDF, content_type="application/pdf")],
    )
    start_thread(
        provider=provider,
        subject="Formation en secourisme",
        body="Une formation en secourisme aura lieu le 14 février. Inscrivez-vous auprès du bureau.",
        by=agent,
    )
    others = Provider.objects.filter(office=office).exclude(pk=provider.pk).joined()[:3]
    for other in others:
        start_thread(
            provider=other,
            subject="Mise à jour de votre dossier",
            body="Bonjour, merci de confirmer vos heures d'ouverture.",
            by=agent,
        )
    # The demo's data e-mails nobody: the notices queued above find each conversation already told.
    now = timezone.now()
    Thread.objects.filter(office=office).update(office_notified_at=now, provider_notified_at=now)
    counts["threads"] = Thread.objects.filter(office=office).count()
