"""The profile form refuses every bad input with a French message at the field."""

import pytest

from portail.profiles.forms import ProfileForm
from tests.registry.factories import ProviderFactory

pytestmark = pytest.mark.django_db

VALID = {
    "places_under_18_months": "2",
    "places_18_months_and_over": "4",
    "min_age_months": "6",
    "max_age_months": "59",
    "places_subsidized": "on",
    "daily_rate": "",
    "open_mon": "on",
    "opens_mon": "07:00",
    "closes_mon": "17:30",
    "presentation": "Bonjour",
    "show_presentation": "on",
    "care_periods": ["full_time", "evenings"],
}


def _form(provider=None, **changes):
    data = {**VALID, **changes}
    return ProfileForm(
        {k: v for k, v in data.items() if v is not None}, provider=provider or ProviderFactory()
    )


def test_a_complete_profile_is_valid():
    form = _form()

    assert form.is_valid(), form.errors
    assert form.draft_fields()["hours"] == {"mon": ["07:00", "17:30"]}


def test_closing_before_opening_is_refused_at_the_closing_hour():
    form = _form(opens_mon="17:00", closes_mon="08:00")

    assert form.errors["closes_mon"] == ["La fermeture doit suivre l’ouverture."]


def test_an_opening_day_without_hours_is_refused():
    form = _form(opens_mon="", closes_mon="")

    assert form.errors["opens_mon"] == ["Indiquez les heures d’ouverture et de fermeture de ce jour."]


def test_hours_on_a_day_that_is_not_ticked_are_not_silently_dropped():
    form = _form(opens_tue="08:00", closes_tue="16:00")

    assert "open_tue" in form.errors


def test_no_opening_day_at_all_is_refused():
    form = _form(open_mon=None, opens_mon="", closes_mon="")

    assert form.non_field_errors() == ["Cochez au moins un jour d’ouverture."]


@pytest.mark.parametrize("rate", ["-5", "100000"])
def test_a_negative_or_absurd_rate_is_refused(rate):
    form = _form(places_subsidized=None, daily_rate=rate)

    assert "daily_rate" in form.errors


def test_a_rate_is_required_when_places_are_not_subsidized():
    form = _form(places_subsidized=None, daily_rate="")

    assert form.errors["daily_rate"] == [
        "Indiquez votre tarif quotidien, ou précisez que vos places sont subventionnées."
    ]


def test_a_presentation_over_the_limit_is_refused():
    form = _form(presentation="x" * 1501)

    assert "presentation" in form.errors


def test_places_by_age_group_cannot_exceed_the_committed_capacity():
    form = _form(
        provider=ProviderFactory(capacity=6), places_under_18_months="2", places_18_months_and_over="5"
    )

    assert form.errors["places_18_months_and_over"] == [
        "Vos places par groupe d’âge totalisent 7, plus que vos 6 places."
    ]


def test_infant_places_follow_the_regulation():
    alone = _form(
        provider=ProviderFactory(capacity=6), places_under_18_months="3", places_18_months_and_over="0"
    )
    assisted = _form(
        provider=ProviderFactory(capacity=9, has_assistant=True),
        places_under_18_months="4",
        places_18_months_and_over="5",
    )

    assert "places_under_18_months" in alone.errors
    assert assisted.is_valid(), assisted.errors


def test_a_closure_ending_before_it_starts_is_refused():
    form = _form(closure_start_0="2027-07-30", closure_end_0="2027-07-19")

    assert form.errors["closure_end_0"] == ["Le dernier jour ne peut précéder le premier."]
