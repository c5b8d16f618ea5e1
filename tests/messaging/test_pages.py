"""The pages: each side sees its own conversations only, bodies are text, attachments download safely."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portail.messaging import services
from portail.messaging.models import Attachment, Message, Thread
from tests.messaging.conftest import EXECUTABLE, PDF, upload
from tests.registry.factories import ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(agent, provider):
    return services.start_thread(
        provider=provider, subject="Visite", body="Bonjour", by=agent, attachments=[upload(PDF, "plan.pdf")]
    )


def _file(thread):
    return Attachment.objects.get(message__thread=thread)


def test_a_provider_never_sees_another_provider_thread_or_attachment(client, agent, neighbour, provider_user):
    theirs = services.start_thread(
        provider=neighbour, subject="Privé", body="Pour la voisine", by=agent, attachments=[upload()]
    )
    client.force_login(provider_user)
    assert client.get(reverse("messaging:thread", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("messaging:attachment", args=[_file(theirs).pk])).status_code == 404
    assert client.post(reverse("messaging:thread", args=[theirs.pk]), {"body": "Coucou"}).status_code == 404
    assert "Privé" not in client.get(reverse("messaging:inbox")).content.decode()
    assert Message.objects.filter(thread=theirs).count() == 1


def test_another_office_never_sees_the_office_threads(client, thread, other_agent):
    client.force_login(other_agent)
    assert client.get(reverse("messaging:thread", args=[thread.pk])).status_code == 404
    assert client.get(reverse("messaging:attachment", args=[_file(thread).pk])).status_code == 404
    assert client.post(reverse("messaging:archive", args=[thread.pk])).status_code == 404
    assert "Visite" not in client.get(reverse("messaging:inbox")).content.decode()


def test_the_attachment_downloads_and_is_never_shown_inline(client, thread, provider_user):
    client.force_login(provider_user)
    response = client.get(reverse("messaging:attachment", args=[_file(thread).pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="plan.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_opening_a_thread_marks_it_read_and_the_menu_counts_it(client, thread, provider_user):
    client.force_login(provider_user)
    assert "(1)" in client.get(reverse("messaging:inbox")).content.decode()
    client.get(reverse("messaging:thread", args=[thread.pk]))
    assert "(1)" not in client.get(reverse("messaging:inbox")).content.decode()


def test_html_and_script_are_shown_as_text_and_links_made_clickable(client, agent, provider, provider_user):
    body = '<script>alert("x")</script>\n<b>gras</b> https://www.quebec.ca/famille'
    conversation = services.start_thread(provider=provider, subject="<i>Sujet</i>", body=body, by=agent)
    client.force_login(provider_user)
    page = client.get(reverse("messaging:thread", args=[conversation.pk])).content.decode()
    assert "<script>alert" not in page and "<b>gras</b>" not in page and "<i>Sujet</i>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>&lt;b&gt;gras&lt;/b&gt;" in page
    assert '<a href="https://www.quebec.ca/famille" rel="nofollow">https://www.quebec.ca/famille</a>' in page


def test_a_reply_with_an_executable_renamed_pdf_says_why_and_saves_nothing(client, thread, provider_user):
    client.force_login(provider_user)
    response = client.post(
        reverse("messaging:thread", args=[thread.pk]),
        {"body": "Voici", "attachments": [upload(EXECUTABLE, "facture.pdf")]},
    )
    assert response.status_code == 400
    assert "facture.pdf" in response.content.decode()
    assert thread.messages.count() == 1


def test_the_search_looks_in_subjects_and_texts(client, agent, provider, provider_user):
    services.start_thread(provider=provider, subject="Formation", body="Secourisme samedi", by=agent)
    services.start_thread(provider=provider, subject="Visite", body="Mardi matin", by=agent)
    client.force_login(provider_user)
    found = client.get(reverse("messaging:inbox"), {"q": "secourisme"}).content.decode()
    assert "Formation" in found and "Visite" not in found
    found = client.get(reverse("messaging:inbox"), {"q": "visite"}).content.decode()
    assert "Visite" in found and "Formation" not in found


def test_unread_first_puts_the_unread_thread_on_top(client, agent, provider, provider_user):
    old = services.start_thread(provider=provider, subject="Ancien", body="Pas lu", by=agent)
    newer = services.start_thread(provider=provider, subject="Récent", body="Lu", by=agent)
    services.mark_read(thread=newer, by=provider_user)
    client.force_login(provider_user)
    page = client.get(reverse("messaging:inbox"), {"order": "unread"}).content.decode()
    assert page.index("Ancien") < page.index("Récent")
    page = client.get(reverse("messaging:inbox")).content.decode()
    assert page.index("Récent") < page.index("Ancien")
    assert old.pk


def _inbox_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("messaging:inbox")).status_code == 200
    return len(queries)


def test_the_inbox_page_takes_the_same_queries_for_3_or_30_threads(client, agent, office):
    providers = ProviderFactory.create_batch(3, office=office)
    services.broadcast(office=office, by=agent, subject="Info", body="Texte", providers=providers)
    client.force_login(agent)
    few = _inbox_queries(client)
    services.broadcast(
        office=office,
        by=agent,
        subject="Plus",
        body="Texte",
        providers=ProviderFactory.create_batch(27, office=office),
    )
    assert _inbox_queries(client) == few


def test_the_write_page_counts_the_recipients_of_the_filters(client, agent, office, provider):
    ProviderFactory.create_batch(2, office=office)  # not joined; the demo provider has
    client.force_login(agent)
    page = client.get(reverse("messaging:write"), {"joined": "no"}).content.decode()
    assert "<strong>2</strong>" in page
    response = client.post(
        reverse("messaging:write") + "?joined=no", {"subject": "Adhésion", "body": "Joignez-vous au portail"}
    )
    assert response.status_code == 302
    assert Thread.objects.filter(subject="Adhésion").count() == 2
    assert not Thread.objects.filter(subject="Adhésion", provider=provider).exists()


def test_a_provider_of_another_office_cannot_be_chosen(client, agent, other_agent):
    foreign = ProviderFactory(office=other_agent.office_agent.office)
    client.force_login(agent)
    response = client.post(
        reverse("messaging:write") + f"?provider={foreign.pk}", {"subject": "Salut", "body": "Texte"}
    )
    assert response.status_code == 400
    assert not Thread.objects.exists()  # not the foreign provider, and not everyone instead


def test_a_provider_writes_to_its_office(client, provider_user, provider):
    client.force_login(provider_user)
    response = client.post(reverse("messaging:write"), {"subject": "Absence", "body": "Fermé lundi"})
    conversation = Thread.objects.get()
    assert response["Location"] == reverse("messaging:thread", args=[conversation.pk])
    assert conversation.office_id == provider.office_id
