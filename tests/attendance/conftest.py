from datetime import date

import pytest

from tests.attendance.factories import RecordedAgreementFactory
from tests.families.factories import ChildFactory, FamilyFileFactory

# Periods follow the default calendar: 1 September 2025 (a Monday) opens the first one.
START = date(2025, 9, 1)


@pytest.fixture
def agreement(demo_accounts):
    """parent@'s child at rsge@'s, recorded, Monday to Friday, a full day, from 4 August 2025."""
    family = FamilyFileFactory(parent=demo_accounts["parent"])
    child = ChildFactory(family=family, birth_date=date(2023, 1, 10), first_name="Émile")
    return RecordedAgreementFactory(
        admission__child=child,
        admission__provider=demo_accounts["provider"].provider,
        admission__planned_start_date=date(2025, 8, 4),
        admission__admitted_by=demo_accounts["provider"],
    )
