"""Provider profiles: a complete draft by default."""

import factory

from portail.profiles.models import ProviderProfile
from tests.registry.factories import ProviderFactory

WEEKDAYS_7_TO_1730 = {key: ["07:00", "17:30"] for key in ["mon", "tue", "wed", "thu", "fri"]}


class ProfileFactory(factory.django.DjangoModelFactory[ProviderProfile]):
    class Meta:
        model = ProviderProfile

    provider = factory.SubFactory(ProviderFactory)
    places_under_18_months = 2
    places_18_months_and_over = 4
    min_age_months = 6
    max_age_months = 59
    places_subsidized = True
    hours = factory.LazyFunction(lambda: dict(WEEKDAYS_7_TO_1730))
    care_periods = factory.LazyFunction(lambda: ["full_time"])
    meals = factory.LazyFunction(lambda: ["lunch", "afternoon_snack"])
    languages = factory.LazyFunction(lambda: ["fr", "en"])
    presentation = "Un milieu chaleureux près du parc La Fontaine."
