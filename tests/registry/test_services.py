"""Writes to the register: every change leaves one history row saying who and why; agents keep an admin."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from portail.accounts.models import Role
from portail.registry.models import OfficeAgent, Provider, ProviderHome
from portail.registry.services import (
    create_provider,
    public_position_of,
    update_office_agent,
    update_provider,
)
from tests.accounts.factories import UserFactory
from tests.registry.factories import OfficeAdminFactory, OfficeAgentFactory, OfficeFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def test_an_update_records_its_author_and_reason():
    provider = ProviderFactory()
    by = UserFactory(role=Role.OFFICE_AGENT)

    update_provider(provider=provider, by=by, reason="Nouvelle assistante", capacity=8, has_assistant=True)

    provider.refresh_from_db()
    assert (provider.capacity, provider.has_assistant) == (8, True)
    record = provider.history.first()
    assert (record.history_user, record.history_change_reason, record.history_type) == (
        by,
        "Nouvelle assistante",
        "~",
    )
    assert provider.history.count() == 2


def test_an_update_that_changes_nothing_records_nothing():
    provider = ProviderFactory(phone="514 555-0100")

    update_provider(provider=provider, by=None, reason="Rien", phone="514 555-0100", capacity=6)

    assert provider.history.count() == 1


def test_moving_the_home_moves_the_public_position_and_records_the_home():
    provider = ProviderFactory()
    by = UserFactory(role=Role.OFFICE_AGENT)

    update_provider(
        provider=provider,
        by=by,
        reason="Déménagement",
        street_address="5, rue Fabre",
        latitude=45.54,
        longitude=-73.58,
    )

    provider.refresh_from_db()
    expected = public_position_of(register_number=provider.register_number, latitude=45.54, longitude=-73.58)
    assert (provider.public_latitude, provider.public_longitude) == expected
    home_record = ProviderHome.history.filter(provider_id=provider.pk).first()
    assert (home_record.street_address, home_record.history_user, home_record.history_change_reason) == (
        "5, rue Fabre",
        by,
        "Déménagement",
    )


def test_an_update_refuses_a_field_the_office_may_not_change():
    provider = ProviderFactory()

    with pytest.raises(TypeError):
        update_provider(provider=provider, by=None, reason="Essai", register_number="RSGE-999999")

    assert Provider.objects.get(pk=provider.pk).register_number == provider.register_number


def test_creating_records_its_author_and_reason():
    by = UserFactory(role=Role.OFFICE_AGENT)

    provider = create_provider(
        office=OfficeFactory(),
        register_number="RSGE-424242",
        first_name="Nadia",
        last_name="Roy",
        municipality="Laval",
        recognition_date=date(2024, 5, 1),
        capacity=6,
        street_address="1, rue Principale",
        postal_code="H7N 1A1",
        latitude=45.56,
        longitude=-73.72,
        by=by,
        reason="Importation",
    )

    record = provider.history.get()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "+",
        by,
        "Importation",
    )


def test_an_admin_cannot_deactivate_itself():
    admin = OfficeAdminFactory()
    OfficeAdminFactory(office=admin.office)

    with pytest.raises(ValidationError, match="vous-même"):
        update_office_agent(agent=admin, by=admin.user, role="admin", is_active=False)


@pytest.mark.parametrize(("role", "is_active"), [("agent", True), ("admin", False)])
def test_the_last_admin_stays(role, is_active):
    admin = OfficeAdminFactory()
    other_admin = OfficeAdminFactory(office=admin.office)
    OfficeAgentFactory(office=admin.office)
    update_office_agent(agent=other_admin, by=admin.user, role="agent", is_active=True)

    with pytest.raises(ValidationError, match="au moins un administrateur"):
        update_office_agent(agent=admin, by=other_admin.user, role=role, is_active=is_active)

    admin.refresh_from_db()
    assert (admin.role, admin.is_active) == ("admin", True)


def test_an_admin_hands_over_to_another():
    admin = OfficeAdminFactory()
    agent = OfficeAgentFactory(office=admin.office)

    update_office_agent(agent=agent, by=admin.user, role="admin", is_active=True)
    update_office_agent(agent=admin, by=admin.user, role="agent", is_active=True)

    assert OfficeAgent.objects.get(pk=admin.pk).role == "agent"
    assert OfficeAgent.objects.get(pk=agent.pk).role == "admin"


def test_a_new_street_address_alone_records_the_home_only():
    provider = ProviderFactory()

    update_provider(provider=provider, by=None, reason="Numéro corrigé", street_address="7, rue Rachel Est")

    assert provider.history.count() == 1
    assert ProviderHome.history.filter(provider_id=provider.pk).count() == 2
