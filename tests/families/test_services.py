"""The registration's rules hold in the service, not only in the screen's form."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from portail.families.models import Child
from portail.families.services import register_child
from tests.families.factories import FamilyFileFactory

pytestmark = pytest.mark.django_db


def _register(**changes):
    today = timezone.localdate()
    fields = {
        "first_name": "Léa",
        "last_name": "Roy",
        "birth_date": today - timedelta(days=300),
        "desired_start_date": today + timedelta(days=30),
        "schedule_days": 31,
        "schedule_kind": "full",
        "accepts_partial_match": True,
        "accepts_replacement": False,
        "has_special_needs": False,
        **changes,
    }
    return register_child(family=FamilyFileFactory(), **fields)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"birth_date": timezone.localdate() + timedelta(days=1)}, "unborn"),
        ({"birth_date": timezone.localdate() - timedelta(days=6 * 366)}, "too_old"),
        ({"desired_start_date": timezone.localdate() - timedelta(days=1)}, "past"),
    ],
)
def test_a_registration_breaking_a_rule_is_refused_and_writes_nothing(changes, code):
    with pytest.raises(ValidationError) as error:
        _register(**changes)

    assert error.value.code == code
    assert not Child.objects.exists()


def test_a_valid_registration_goes_through():
    assert _register().registration_number
