"""The parent's family file: guardians, registering a child, its number, its choices; nobody else's."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portail.families.models import Child, Guardian
from portail.families.numbers import normalize
from tests.families.factories import ChildFactory, ChoiceFactory, GuardianFactory
from tests.registry.factories import ProviderFactory

TODAY = timezone.localdate

GUARDIAN = {
    "form-TOTAL_FORMS": "2",
    "form-INITIAL_FORMS": "0",
    "form-0-first_name": "Camille",
    "form-0-last_name": "Tremblay",
    "form-0-email": "camille@example.test",
    "form-0-phone": "514 555-0101",
    "form-0-street_address": "4500, rue Fabre",
    "form-0-municipality": "Montréal",
    "form-0-postal_code": "h2j3v2",
}


def child_data(**changes):
    return {
        "first_name": "Léa",
        "last_name": "Tremblay",
        "birth_date": (TODAY() - timedelta(days=300)).isoformat(),
        "desired_start_date": (TODAY() + timedelta(days=60)).isoformat(),
        "schedule_days": ["1", "2", "4"],
        "schedule_kind": "full",
        "accepts_partial_match": "yes",
        "accepts_replacement": "no",
        "has_special_needs": "no",
        "special_needs_note": "",
        **changes,
    }


@pytest.fixture
def parent(client, demo_accounts):
    client.force_login(demo_accounts["parent"])
    return demo_accounts["parent"]


def test_guardians_are_saved_with_a_normalized_quebec_postal_code(client, parent):
    response = client.post(reverse("families:guardians"), GUARDIAN)

    assert response.status_code == 302
    assert Guardian.objects.get(family__parent=parent).postal_code == "H2J 3V2"


@pytest.mark.parametrize(
    ("code", "message"), [("K1A 0B1", "code postal du Québec"), ("123456", "comme H2X 1Y4")]
)
def test_a_postal_code_outside_quebec_or_malformed_is_refused(client, parent, code, message):
    response = client.post(reverse("families:guardians"), {**GUARDIAN, "form-0-postal_code": code})

    assert message in response.content.decode()
    assert not Guardian.objects.exists()


def test_a_family_file_with_no_guardian_is_refused(client, parent):
    response = client.post(
        reverse("families:guardians"), {"form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "0"}
    )

    assert "Un dossier familial doit compter au moins un responsable." in response.content.decode()


def test_registering_a_child_gives_a_valid_number_and_e_mails_it(
    client, parent, mailoutbox, django_capture_on_commit_callbacks
):
    GuardianFactory(family__parent=parent)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("families:register"), child_data(), follow=True)

    child = Child.objects.get(family__parent=parent)
    assert normalize(child.registration_number) == child.registration_number
    assert child.schedule_days == 7
    assert child.display_number in response.content.decode()
    assert len(mailoutbox) == 1
    assert child.display_number in mailoutbox[0].body
    assert mailoutbox[0].to == [parent.email]


@pytest.mark.parametrize(
    ("changes", "field_message"),
    [
        ({"birth_date": (TODAY() + timedelta(days=1)).isoformat()}, "né (ou adopté)"),
        ({"birth_date": (TODAY() - timedelta(days=6 * 366)).isoformat()}, "moins de 6 ans"),
        ({"desired_start_date": (TODAY() - timedelta(days=1)).isoformat()}, "ne peut être dans le passé"),
        ({"special_needs_note": "Allergie"}, "effacez cette note"),
        ({"schedule_days": []}, "Ce champ est obligatoire"),
    ],
)
def test_bad_registrations_are_refused_at_the_field(client, parent, changes, field_message):
    GuardianFactory(family__parent=parent)

    response = client.post(reverse("families:register"), child_data(**changes))

    assert field_message in response.content.decode()
    assert not Child.objects.exists()


def test_registering_needs_a_guardian_first(client, parent):
    response = client.get(reverse("families:register"))

    assert response.url == reverse("families:guardians")


def test_another_familys_child_is_a_404(client, parent):
    other = ChildFactory()

    for name in ["families:child", "families:confirmation"]:
        assert client.get(reverse(name, args=[other.file_id])).status_code == 404


def test_a_parent_sees_and_withdraws_its_childs_choices(client, parent):
    child = ChildFactory(family__parent=parent)
    choice = ChoiceFactory(child=child, provider=ProviderFactory(municipality="Verdun"))

    assert "Verdun" in client.get(reverse("families:child", args=[child.file_id])).content.decode()
    client.post(reverse("families:withdraw_choice", args=[child.file_id, choice.pk]))

    assert not child.choices.exists()


def test_a_parent_cannot_withdraw_another_familys_choice(client, parent):
    mine = ChildFactory(family__parent=parent)
    theirs = ChoiceFactory(provider=ProviderFactory())

    response = client.post(reverse("families:withdraw_choice", args=[mine.file_id, theirs.pk]))

    assert response.status_code == 404
    assert theirs.child.choices.exists()
