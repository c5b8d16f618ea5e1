"""A parent's everyday use: services named as the map names them, where each admission stands, wishes
that change and re-sort the reserves, phones that can be called, and a family file with a clean title."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portail.admissions.models import Status
from portail.families.models import Guardian
from portail.families.phones import normalize_phone
from portail.families.services import family_file_of, save_guardians
from portail.registry.names import of_name, public_name
from portail.waitlist.selectors import ReserveFilters, reserve_of
from tests.admissions.factories import AdmissionFactory
from tests.admissions.test_notices import TODAY
from tests.families.factories import ChildFactory, ChoiceFactory, GuardianFactory
from tests.families.test_views import GUARDIAN
from tests.registry.factories import ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def parent(client, demo_accounts):
    client.force_login(demo_accounts["parent"])
    family_file_of(demo_accounts["parent"])
    return demo_accounts["parent"]


def test_a_provider_is_named_by_its_service_else_by_its_municipality():
    assert public_name(ProviderFactory(service_name="Chez Ginette")) == "Chez Ginette"
    assert public_name(ProviderFactory(service_name="", municipality="Laval")) == "Milieu familial — Laval"


@pytest.mark.parametrize(
    ("name", "said"), [("Alice", "d’Alice"), ("Élodie", "d’Élodie"), ("Hugo", "d’Hugo"), ("Léa", "de Léa")]
)
def test_de_is_elided_before_a_vowel(name, said):
    assert of_name(name) == said


def test_the_child_s_page_names_each_choice_and_each_remove_button(client, parent):
    child = ChildFactory(family=parent.family)
    ChoiceFactory(child=child, provider=ProviderFactory(service_name="Chez Ginette", municipality="Montréal"))
    ChoiceFactory(child=child, provider=ProviderFactory(service_name="Les Trois Pommes"))

    html = client.get(reverse("families:child", args=[child.file_id])).content.decode()

    assert "Chez Ginette" in html and "Les Trois Pommes" in html
    assert "Milieu familial — Montréal" not in html
    assert re.search(r"Retirer<span class=\"visually-hidden\"> — Chez Ginette</span>", html)


def test_each_choice_row_says_where_its_admission_stands_and_the_admitted_one_cannot_be_removed(
    client, parent
):
    child = ChildFactory(family=parent.family)
    admitted, confirmed, refused = (ProviderFactory(service_name=n) for n in ("Admet", "Confirme", "Refuse"))
    for provider in (admitted, confirmed, refused):
        ChoiceFactory(child=child, provider=provider)
    AdmissionFactory(child=child, provider=admitted)
    AdmissionFactory(child=child, provider=confirmed, status=Status.CONFIRMED)
    refusal = AdmissionFactory(child=child, provider=refused, status=Status.REFUSED)
    refusal.events.create(from_status=Status.ADMITTED, to_status=Status.REFUSED, by=parent, reason="Trop tôt")

    html = client.get(reverse("families:child", args=[child.file_id])).content.decode()

    assert "Admission — en attente du bureau" in html
    assert "Admission confirmée" in html
    assert "Admission refusée par le bureau coordonnateur — Trop tôt" in html
    assert " — Admet</span>" not in html and " — Confirme</span>" not in html
    assert " — Refuse</span>" in html


def test_removing_a_choice_asks_first(client, parent):
    child = ChildFactory(family=parent.family)
    ChoiceFactory(child=child, provider=ProviderFactory(service_name="Chez Ginette"))

    html = client.get(reverse("families:child", args=[child.file_id])).content.decode()

    assert '<details class="confirm-step">' in html
    assert "Retirer Chez Ginette des choix?" in html


def test_a_parent_changes_the_wishes_and_the_reserves_re_sort(client, parent):
    provider = ProviderFactory()
    child = ChildFactory(family=parent.family, desired_start_date=TODAY() + timedelta(days=200))
    ChoiceFactory(child=child, provider=provider)
    other = ChoiceFactory(
        provider=provider, child=ChildFactory(desired_start_date=TODAY() + timedelta(days=100))
    )
    assert list(reserve_of(provider, filters=ReserveFilters(), today=TODAY())) == [other.child, child]
    sooner = TODAY() + timedelta(days=20)

    response = client.post(
        reverse("families:wishes", args=[child.file_id]),
        {
            "desired_start_date": sooner.isoformat(),
            "schedule_days": ["1", "4"],
            "schedule_kind": "half",
            "accepts_partial_match": "no",
            "accepts_replacement": "yes",
        },
    )

    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.desired_start_date, child.schedule_days, child.schedule_kind) == (sooner, 5, "half")
    assert child.accepts_replacement and not child.accepts_partial_match
    assert list(reserve_of(provider, filters=ReserveFilters(), today=TODAY())) == [child, other.child]


def test_the_wishes_form_shows_the_current_wishes(client, parent):
    child = ChildFactory(family=parent.family, schedule_days=1 + 16)
    html = client.get(reverse("families:wishes", args=[child.file_id])).content.decode()
    assert f'value="{child.desired_start_date.isoformat()}"' in html
    assert re.search(r'value="16"[^>]*checked', html)


def test_another_family_s_child_s_wishes_are_a_404(client, parent):
    assert client.get(reverse("families:wishes", args=[ChildFactory().file_id])).status_code == 404


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("(514) 555-0101", "514 555-0101"),
        ("+1 514.555.0101", "514 555-0101"),
        ("5145550101 poste 12", "514 555-0101, poste 12"),
        ("514 555-0101 ext. 3", "514 555-0101, poste 3"),
    ],
)
def test_a_north_american_phone_is_kept_in_one_form(typed, kept):
    assert normalize_phone(typed) == kept


@pytest.mark.parametrize("typed", ["abc", "555-0101", "514 555-010", "014 555-0101", "514 555-0101 poste"])
def test_a_phone_that_is_not_one_is_refused(typed):
    with pytest.raises(ValidationError):
        normalize_phone(typed)


def test_the_guardians_form_refuses_abc_as_a_phone(client, parent):
    response = client.post(reverse("families:guardians"), {**GUARDIAN, "form-0-phone": "abc"})

    assert "numéro de téléphone de 10 chiffres" in response.content.decode()
    assert not Guardian.objects.exists()


def test_the_service_refuses_a_phone_whatever_the_caller_checked():
    guardian = GuardianFactory.build(phone="abc")
    with pytest.raises(ValidationError):
        save_guardians(family=GuardianFactory().family, guardians=[guardian], removed=[])


def test_the_family_file_s_title_is_only_its_title(client, parent):
    html = client.get(reverse("families:home")).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S)[1]
    assert "<aside" not in title and "Mon dossier familial" in title
