"""Family files, guardians, children and their choices."""

from datetime import timedelta

import factory
from django.utils import timezone

from portail.accounts.models import Role
from portail.families import numbers
from portail.families.models import Child, Choice, FamilyFile, Guardian, ScheduleKind
from tests.accounts.factories import UserFactory


class FamilyFileFactory(factory.django.DjangoModelFactory[FamilyFile]):
    class Meta:
        model = FamilyFile

    parent = factory.SubFactory(UserFactory, role=Role.PARENT)


class GuardianFactory(factory.django.DjangoModelFactory[Guardian]):
    class Meta:
        model = Guardian

    family = factory.SubFactory(FamilyFileFactory)
    position = 1
    first_name = factory.Faker("first_name", locale="fr_CA")
    last_name = factory.Faker("last_name", locale="fr_CA")
    email = factory.Sequence(lambda n: f"parent{n}@example.test")
    phone = "514 555-0142"
    street_address = "1234, rue Fabre"
    municipality = "Montréal"
    postal_code = "H2G 2Z6"


class ChildFactory(factory.django.DjangoModelFactory[Child]):
    class Meta:
        model = Child

    family = factory.SubFactory(FamilyFileFactory)
    first_name = factory.Faker("first_name", locale="fr_CA")
    last_name = factory.Faker("last_name", locale="fr_CA")
    birth_date = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=400))
    registration_number = factory.LazyFunction(numbers.generate)
    desired_start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=90))
    schedule_days = 31
    schedule_kind = ScheduleKind.FULL_DAYS
    accepts_partial_match = True
    accepts_replacement = False
    has_special_needs = False


class ChoiceFactory(factory.django.DjangoModelFactory[Choice]):
    class Meta:
        model = Choice

    child = factory.SubFactory(ChildFactory)
    desired_start_date = factory.LazyAttribute(lambda choice: choice.child.desired_start_date)
