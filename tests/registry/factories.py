"""Territories, offices, agents, providers and facilities of the register."""

from datetime import date

import factory

from portail.accounts.models import Role
from portail.registry.models import (
    CoordinatingOffice,
    Facility,
    FacilityKind,
    OfficeAgent,
    Provider,
    Territory,
)
from portail.registry.services import create_provider
from tests.accounts.factories import UserFactory


class TerritoryFactory(factory.django.DjangoModelFactory[Territory]):
    class Meta:
        model = Territory

    name = factory.Sequence(lambda n: f"Territoire {n}")
    region = "Montréal"


class OfficeFactory(factory.django.DjangoModelFactory[CoordinatingOffice]):
    class Meta:
        model = CoordinatingOffice

    number = factory.Sequence(lambda n: f"BC-{n:04d}")
    name = factory.Sequence(lambda n: f"Bureau coordonnateur {n}")
    email = factory.Sequence(lambda n: f"bc{n}@example.test")
    phone = "514 555-0199"
    territory = factory.SubFactory(TerritoryFactory)


class OfficeAgentFactory(factory.django.DjangoModelFactory[OfficeAgent]):
    class Meta:
        model = OfficeAgent

    user = factory.SubFactory(UserFactory, role=Role.OFFICE_AGENT)
    office = factory.SubFactory(OfficeFactory)
    role = OfficeAgent.Role.AGENT


class ProviderFactory(factory.django.DjangoModelFactory[Provider]):
    """A recognized provider in Montréal, entered through the register's service."""

    class Meta:
        model = Provider

    office = factory.SubFactory(OfficeFactory)
    register_number = factory.Sequence(lambda n: f"RSGE-{n:06d}")
    first_name = factory.Faker("first_name_female", locale="fr_CA")
    last_name = factory.Faker("last_name", locale="fr_CA")
    municipality = "Montréal"
    recognition_date = date(2020, 1, 6)
    capacity = 6
    street_address = factory.Sequence(lambda n: f"{100 + n}, rue Rachel Est")
    postal_code = "H2J 2H5"
    latitude = 45.5260
    longitude = -73.5790

    @classmethod
    def _create(cls, model_class: type[Provider], *args: object, **kwargs: object) -> Provider:
        return create_provider(**kwargs)


class FacilityFactory(factory.django.DjangoModelFactory[Facility]):
    class Meta:
        model = Facility

    kind = FacilityKind.CPE
    name = factory.Sequence(lambda n: f"CPE Les Petits Pas {n}")
    permit_number = factory.Sequence(lambda n: f"P-{n:07d}")
    street_address = factory.Sequence(lambda n: f"{200 + n}, avenue du Mont-Royal Est")
    municipality = "Montréal"
    postal_code = "H2T 1P5"
    latitude = 45.5240
    longitude = -73.5850
    places_under_18_months = 10
    places_18_months_and_over = 50


class OfficeAdminFactory(OfficeAgentFactory):
    role = OfficeAgent.Role.ADMIN
