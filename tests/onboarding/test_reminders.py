"""Reminders: sent after commit in the office's wording, at most once a week, logged, own providers only."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from portail.onboarding.models import ReminderLog, ReminderTemplate
from portail.onboarding.reminder_text import WordingError
from portail.onboarding.selectors import reminders_visible_to
from portail.onboarding.services import save_reminder_template, send_reminders
from portail.registry.models import OfficeAgent
from tests.registry.factories import OfficeAgentFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def _remind(client, *providers):
    return client.post(
        reverse("onboarding:remind"), {"providers": [p.pk for p in providers]}, follow=True
    ).content.decode()


def test_a_reminder_is_emailed_only_after_commit(
    agent, office, providers, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        send_reminders(
            office=office, providers=[providers["not_joined"]], by=agent, portal_url="https://p.test/"
        )
    assert mailoutbox == []

    for callback in callbacks:
        callback()

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["amelie@example.test"]
    assert mailoutbox[0].reply_to == [office.email]
    assert ReminderLog.objects.get().emailed_at is not None


def test_the_default_wording_is_french_and_filled_in(
    client, agent, office, providers, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        _remind(client, providers["not_joined"])

    message = mailoutbox[0]
    assert message.subject == f"{office.name} : adhérez au Portail d’inscription aux services de garde"
    assert message.body.startswith("Bonjour Amélie Côté,")
    assert "http://testserver/tableau-de-bord/" in message.body
    assert "{" not in message.body


def test_the_offices_own_wording_is_used(
    client, agent, office, providers, mailoutbox, django_capture_on_commit_callbacks
):
    ReminderTemplate.objects.create(
        office=office, subject="Rappel pour {prenom}", body="{nom} — {bureau} — {lien}"
    )
    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        _remind(client, providers["not_joined"])

    assert mailoutbox[0].subject == "Rappel pour Amélie"
    assert mailoutbox[0].body == f"Côté — {office.name} — http://testserver/tableau-de-bord/"


def test_a_provider_is_reminded_at_most_once_in_7_days(
    client, agent, providers, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        _remind(client, providers["not_joined"], providers["not_joined_2"])
    with django_capture_on_commit_callbacks(execute=True):
        html = _remind(client, providers["not_joined"], providers["not_joined_2"], providers["not_published"])

    assert len(mailoutbox) == 3
    assert "1 rappel envoyé, 2 RSGE déjà relancées il y a moins de 7 jours." in html

    ReminderLog.objects.update(sent_at=timezone.now() - timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        _remind(client, providers["not_joined"])
    assert len(mailoutbox) == 4


def test_every_reminder_is_logged_with_who_when_and_subject(
    client, agent, office, providers, django_capture_on_commit_callbacks
):
    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        _remind(client, providers["not_joined"])

    log = ReminderLog.objects.get()
    assert (log.provider, log.office, log.sent_by) == (providers["not_joined"], office, agent)
    assert log.subject.startswith(office.name)
    assert timezone.now() - log.sent_at < timedelta(minutes=1)


def test_another_offices_provider_is_not_reminded(
    client, agent, mailoutbox, django_capture_on_commit_callbacks
):
    elsewhere = ProviderFactory(email="ailleurs@example.test")
    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        html = _remind(client, elsewhere)

    assert mailoutbox == []
    assert not ReminderLog.objects.exists()
    assert "ne peuvent pas être relancées" in html


def test_the_service_ignores_another_offices_provider(
    agent, office, mailoutbox, django_capture_on_commit_callbacks
):
    elsewhere = ProviderFactory(email="ailleurs@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        outcome = send_reminders(office=office, providers=[elsewhere], by=agent, portal_url="https://p.test/")

    assert outcome.sent == 0
    assert mailoutbox == []


def test_the_log_include_shows_the_reminders_to_the_office(
    agent, office, providers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_reminders(
            office=office, providers=[providers["not_joined"]], by=agent, portal_url="https://p.test/"
        )
    request = RequestFactory().get("/")
    request.user = agent

    html = Template('{% include "onboarding/_reminder_log.html" %}').render(
        Context({"provider": providers["not_joined"], "request": request})
    )

    assert "Rappels envoyés" in html
    assert agent.get_full_name() in html
    assert reminders_visible_to(OfficeAgentFactory().user, providers["not_joined"]).count() == 0


# --- The office's wording --------------------------------------------------------------------------


def test_the_edit_page_starts_from_the_default_french_text(client, agent):
    client.force_login(agent)

    form = client.get(reverse("onboarding:reminder_template")).context["form"]

    assert form.initial["body"].startswith("Bonjour {prenom} {nom},")


def test_the_office_saves_its_wording(client, agent, office):
    client.force_login(agent)

    client.post(
        reverse("onboarding:reminder_template"), {"subject": "Bonjour {prenom}", "body": "Voir {lien}"}
    )

    assert ReminderTemplate.objects.get(office=office).subject == "Bonjour {prenom}"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Bonjour {prénom}", "Espace réservé inconnu : {prénom}."),
        ("Bonjour {}", "Espace réservé inconnu : {}."),
        ("Bonjour {prenom.upper}", "Espace réservé inconnu : {prenom.upper}."),
        ("Bonjour {prenom", "Une accolade { ou } n’est pas fermée."),
    ],
)
def test_unknown_placeholders_are_refused_in_french(client, agent, office, body, message):
    client.force_login(agent)

    response = client.post(reverse("onboarding:reminder_template"), {"subject": "Rappel", "body": body})

    assert message in response.content.decode()
    assert not ReminderTemplate.objects.filter(office=office).exists()


# --- Hostile wording -------------------------------------------------------------------------------

HOSTILE_WORDINGS = [
    "{prenom:>99999999999999999999}",
    "{prenom:{nom}}",
    "{prenom:>300000}",
    "{prenom!r}",
    "{prenom.__class__}",
    "{prenom[0]}",
    "{0}",
    "{prenom}}",
    "}",
]


@pytest.mark.parametrize("wording", HOSTILE_WORDINGS)
def test_a_hostile_wording_is_refused_by_the_form(client, agent, office, wording):
    client.force_login(agent)

    response = client.post(reverse("onboarding:reminder_template"), {"subject": "Rappel", "body": wording})

    assert response.status_code == 200
    assert response.context["form"].errors["body"]
    assert not ReminderTemplate.objects.filter(office=office).exists()


@pytest.mark.parametrize("wording", HOSTILE_WORDINGS)
def test_a_hostile_wording_is_refused_by_the_service(agent, office, wording):
    with pytest.raises(ValidationError):
        save_reminder_template(office=office, subject=wording, body="Bonjour", by=agent)
    with pytest.raises(ValidationError):
        save_reminder_template(office=office, subject="Rappel", body=wording, by=agent)

    assert not ReminderTemplate.objects.filter(office=office).exists()


@pytest.mark.parametrize(("subject", "body"), [("x" * 201, "Bonjour"), ("Rappel", "x" * 5001)])
def test_subject_and_message_have_a_length_limit_in_the_form_and_the_service(
    client, agent, office, subject, body
):
    client.force_login(agent)
    response = client.post(reverse("onboarding:reminder_template"), {"subject": subject, "body": body})
    assert response.context["form"].errors

    with pytest.raises(ValidationError):
        save_reminder_template(office=office, subject=subject, body=body, by=agent)
    assert not ReminderTemplate.objects.filter(office=office).exists()


def test_only_the_offices_admin_changes_the_wording(client, office):
    agent = OfficeAgentFactory(office=office).user
    client.force_login(agent)

    page = client.get(reverse("onboarding:reminder_template"))
    response = client.post(reverse("onboarding:reminder_template"), {"subject": "Rappel", "body": "Bonjour"})

    assert page.status_code == 200
    assert "Seules les personnes qui administrent votre bureau" in page.content.decode()
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        save_reminder_template(office=office, subject="Rappel", body="Bonjour", by=agent)
    assert not ReminderTemplate.objects.filter(office=office).exists()


def test_an_admin_of_another_office_cannot_change_this_offices_wording(office):
    other_admin = OfficeAgentFactory(role=OfficeAgent.Role.ADMIN).user

    with pytest.raises(PermissionDenied):
        save_reminder_template(office=office, subject="Rappel", body="Bonjour", by=other_admin)


def test_the_preview_shows_the_text_filled_for_a_sample_provider(client, office):
    client.force_login(OfficeAgentFactory(office=office).user)

    response = client.post(
        reverse("onboarding:reminder_template"),
        {"subject": "Rappel pour {prenom}", "body": "Bonjour {prenom} {nom}, de {bureau}", "preview": "1"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Rappel pour Jeanne" in html
    assert f"Bonjour Jeanne Lavoie, de {office.name}" in html
    assert not ReminderTemplate.objects.filter(office=office).exists()


@pytest.mark.parametrize("wording", ["{prenom:>99999999999999999999}", "{prenom:{nom}}", "x" * 6000])
def test_a_stored_wording_that_no_longer_renders_is_reported_not_a_500(
    client, agent, office, providers, mailoutbox, wording, django_capture_on_commit_callbacks
):
    # Saved before the rules, or through the admin: the table may hold it.
    ReminderTemplate.objects.create(office=office, subject="Rappel", body=wording)
    client.force_login(agent)

    with django_capture_on_commit_callbacks(execute=True):
        html = _remind(client, providers["not_joined"])
    tracking = client.get(reverse("onboarding:tracking")).content.decode()
    edit = client.get(reverse("onboarding:reminder_template"))

    assert "ne peut pas être envoyé tel qu’il est rédigé : aucun rappel n’a été envoyé" in html
    assert "ne peut pas être envoyé tel qu’il est rédigé" in tracking
    assert edit.status_code == 200
    assert mailoutbox == []
    assert not ReminderLog.objects.exists()
    with pytest.raises(WordingError):
        send_reminders(
            office=office, providers=[providers["not_joined"]], by=agent, portal_url="https://p.test/"
        )


def test_a_huge_provider_id_posted_is_ignored(client, agent, providers):
    client.force_login(agent)

    response = client.post(
        reverse("onboarding:remind"), {"providers": ["99999999999999999999", str(providers["not_joined"].pk)]}
    )

    assert response.status_code == 302
    assert ReminderLog.objects.count() == 1
