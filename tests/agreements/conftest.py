from datetime import timedelta

import pytest
from django.utils import timezone

from tests.agreements.factories import ConfirmedAdmissionFactory
from tests.families.factories import ChildFactory, FamilyFileFactory


@pytest.fixture
def admission(demo_accounts):
    """A confirmed admission of parent@'s child at rsge@'s, starting in ten days."""
    family = FamilyFileFactory(parent=demo_accounts["parent"])
    child = ChildFactory(family=family, birth_date=timezone.localdate() - timedelta(days=3 * 365))
    return ConfirmedAdmissionFactory(
        child=child,
        provider=demo_accounts["provider"].provider,
        planned_start_date=timezone.localdate() + timedelta(days=10),
        admitted_by=demo_accounts["provider"],
    )
