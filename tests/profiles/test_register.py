"""The profile keeps to the register: its rules hold in the service, and a register change that makes the
published profile promise too much is shown to the provider."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portail.profiles.models import ProviderProfile
from portail.profiles.services import publish_profile, save_profile_draft
from portail.registry.services import update_provider
from tests.accounts.factories import UserFactory
from tests.profiles.factories import ProfileFactory
from tests.registry.factories import ProviderFactory

pytestmark = pytest.mark.django_db

NOTICE = "Votre fiche publiée annonce 6 places, le registre en compte maintenant 4 : mettez-la à jour."


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"places_under_18_months": 2, "places_18_months_and_over": 5},
            "places_18_months_and_over",
            "Vos places par groupe d’âge totalisent 7, plus que vos 6 places.",
        ),
        ({"places_under_18_months": 3}, "places_under_18_months", "Au plus 2 enfants de moins de 18 mois"),
        ({"min_age_months": 30, "max_age_months": 12}, "max_age_months", "ne peut être inférieur"),
        ({"hours": {"mon": ["17:00", "08:00"]}}, "hours", "La fermeture doit suivre l’ouverture."),
        (
            {"closures": [{"start": "2027-07-30", "end": "2027-07-19"}]},
            "closures",
            "Le dernier jour ne peut précéder le premier.",
        ),
    ],
)
def test_the_service_refuses_what_the_form_refuses_and_saves_nothing(fields, field, message):
    profile = ProfileFactory()

    with pytest.raises(ValidationError) as refused:
        save_profile_draft(provider=profile.provider, by=UserFactory(), **fields)

    assert message in " ".join(refused.value.message_dict[field])
    assert ProviderProfile.objects.get(pk=profile.pk).places_18_months_and_over == 4


def test_a_draft_that_no_longer_fits_the_register_cannot_be_published():
    profile = ProfileFactory(places_under_18_months=2, places_18_months_and_over=4)
    update_provider(provider=profile.provider, by=None, reason="Appel", capacity=4)

    with pytest.raises(ValidationError):
        publish_profile(provider=profile.provider, by=UserFactory())

    profile.provider.refresh_from_db()
    assert profile.provider.profile_published_at is None


def test_the_provider_is_told_when_its_published_profile_promises_more_than_the_register(client):
    user = UserFactory(role="provider")
    provider = ProviderFactory(user=user)
    profile = ProfileFactory(provider=provider, places_under_18_months=2, places_18_months_and_over=4)
    publish_profile(provider=provider, by=user)
    client.force_login(user)
    assert NOTICE not in client.get(reverse("profiles:preview")).content.decode()

    update_provider(provider=provider, by=None, reason="Appel du BC", capacity=4)

    for page in ["profiles:preview", "profiles:edit", "core:provider_home"]:
        assert NOTICE in client.get(reverse(page)).content.decode(), page
    save_profile_draft(provider=provider, by=user, places_under_18_months=1, places_18_months_and_over=3)
    publish_profile(provider=provider, by=user)
    assert NOTICE not in client.get(reverse("profiles:preview")).content.decode()
    assert profile.pk == ProviderProfile.objects.get(provider=provider).pk


def test_removing_the_assistant_flags_the_infant_places_promised():
    provider = ProviderFactory(capacity=6, has_assistant=True)
    profile = ProfileFactory(provider=provider, places_under_18_months=4, places_18_months_and_over=2)
    publish_profile(provider=provider, by=UserFactory())

    update_provider(provider=provider, by=None, reason="Départ", has_assistant=False)

    profile = ProviderProfile.objects.select_related("provider").get(pk=profile.pk)
    assert profile.register_notices == [
        "Votre fiche publiée annonce 4 places pour les enfants de moins de 18 mois, "
        "le registre en permet maintenant 2 : mettez-la à jour."
    ]


def test_publishing_a_draft_the_register_no_longer_allows_sends_back_to_the_form_with_why(client):
    user = UserFactory(role="provider")
    provider = ProviderFactory(user=user)
    ProfileFactory(provider=provider, places_under_18_months=2, places_18_months_and_over=4)
    update_provider(provider=provider, by=None, reason="Appel du BC", capacity=4)
    client.force_login(user)

    response = client.post(reverse("profiles:publish"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("profiles:edit")
    assert "Vos places par groupe d’âge totalisent 6, plus que vos 4 places." in response.content.decode()
    provider.refresh_from_db()
    assert provider.profile_published_at is None


@pytest.mark.parametrize(
    ("service_name", "title"), [("Chez Ginette", "Chez Ginette"), ("", "Milieu familial — Laval")]
)
def test_the_preview_names_the_service_as_the_map_does(client, service_name, title):
    """registry.names.public_name, as on the map: the service's name, or « Milieu familial — <secteur> »."""
    user = UserFactory(role="provider")
    provider = ProviderFactory(user=user, service_name=service_name, municipality="Laval")
    ProfileFactory(provider=provider)
    client.force_login(user)

    page = client.get(reverse("profiles:preview")).content.decode()

    assert f'<h2 class="preview-title">{title}</h2>' in page
