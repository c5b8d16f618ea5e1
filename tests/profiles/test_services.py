"""Draft, publish, take down: parents only ever see what the provider published and chose to show."""

import pytest
from django.utils import timezone

from portail.directory.selectors import Criteria, map_points
from portail.profiles.models import ProviderProfile
from portail.profiles.services import public_version, publish_profile, save_profile_draft, unpublish_profile
from portail.registry.models import Provider
from tests.accounts.factories import UserFactory
from tests.profiles.factories import ProfileFactory
from tests.registry.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def test_saving_a_draft_publishes_nothing():
    provider = ProviderFactory()

    save_profile_draft(
        provider=provider, by=UserFactory(), places_under_18_months=1, hours={"mon": ["08:00", "16:00"]}
    )

    assert ProviderProfile.objects.get(provider=provider).published is None
    provider.refresh_from_db()
    assert provider.profile_published_at is None


def test_publishing_freezes_the_public_version_and_updates_the_map_summary():
    profile = ProfileFactory(hours={"mon": ["07:30", "17:00"], "sat": ["09:00", "12:00"]})

    publish_profile(provider=profile.provider, by=UserFactory())

    profile.refresh_from_db()
    provider = profile.provider
    provider.refresh_from_db()
    assert profile.published == public_version(profile)
    assert provider.profile_published_at is not None
    assert provider.opening_days == 1 + 32
    assert (provider.opens_at.isoformat(), provider.closes_at.isoformat()) == ("07:30:00", "17:00:00")


def test_a_later_draft_does_not_change_what_parents_see():
    profile = ProfileFactory(presentation="Première version")
    publish_profile(provider=profile.provider, by=UserFactory())

    save_profile_draft(provider=profile.provider, by=UserFactory(), presentation="Brouillon")

    profile.refresh_from_db()
    assert profile.published["presentation"] == "Première version"


def test_hidden_fields_are_not_in_the_public_version():
    profile = ProfileFactory(show_rate=False, show_presentation=False, show_languages=False)

    version = public_version(profile)

    assert {"rate", "presentation", "languages"}.isdisjoint(version)
    assert version["hours"] == profile.hours


def test_an_incomplete_profile_cannot_be_published():
    profile = ProfileFactory(hours={})

    with pytest.raises(ValueError):
        publish_profile(provider=profile.provider, by=UserFactory())


def test_taking_down_keeps_the_draft():
    profile = ProfileFactory()
    publish_profile(provider=profile.provider, by=UserFactory())

    unpublish_profile(provider=profile.provider, by=UserFactory())

    profile.refresh_from_db()
    profile.provider.refresh_from_db()
    assert not profile.is_published
    assert profile.provider.profile_published_at is None
    assert not Provider.objects.published().filter(pk=profile.provider.pk).exists()
    assert profile.presentation == "Un milieu chaleureux près du parc La Fontaine."


def test_published_is_one_fact_the_registers_date():
    profile = ProfileFactory()
    publish_profile(provider=profile.provider, by=UserFactory())
    assert profile.is_published
    assert Provider.objects.published().filter(pk=profile.provider.pk).exists()

    unpublish_profile(provider=profile.provider, by=UserFactory())

    # The version parents saw is kept as content only: nothing reads it as « published » any more.
    profile = ProviderProfile.objects.select_related("provider").get(pk=profile.pk)
    assert not profile.is_published
    assert Provider.objects.not_published().filter(pk=profile.provider.pk).exists()


def test_a_taken_down_profile_is_not_found_on_the_map_by_its_stored_care_periods():
    profile = ProfileFactory(care_periods=["part_time"])
    home = profile.provider.home
    part_time = Criteria(latitude=home.latitude, longitude=home.longitude, periods=frozenset({"part_time"}))
    publish_profile(provider=profile.provider, by=UserFactory())
    assert len(map_points(part_time, today=timezone.localdate())) == 1

    unpublish_profile(provider=profile.provider, by=UserFactory())

    assert len(map_points(part_time, today=timezone.localdate())) == 0


def test_publishing_is_recorded_in_the_register_history_with_who_did_it():
    profile = ProfileFactory()
    user = UserFactory()

    publish_profile(provider=profile.provider, by=user)

    last = profile.provider.history.first()
    assert (last.history_user, last.history_change_reason) == (user, "Fiche publiée")
