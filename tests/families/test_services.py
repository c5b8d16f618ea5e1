"""The registration's rules hold in the service, not only in the screen's form."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from portail.families.models import Child, Choice
from portail.families.services import change_child_wishes, register_child
from tests.families.factories import ChildFactory, ChoiceFactory, FamilyFileFactory
from tests.registry.factories import FacilityFactory, ProviderFactory

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


def _wishes(**changes):
    today = timezone.localdate()
    return {
        "desired_start_date": today + timedelta(days=120),
        "schedule_days": 1 | 4 | 16,
        "schedule_kind": "half",
        "accepts_partial_match": False,
        "accepts_replacement": True,
        **changes,
    }


def test_changing_a_childs_wishes_moves_every_choices_copy_of_the_date():
    child = ChildFactory()
    choices = [
        ChoiceFactory(child=child, provider=ProviderFactory()),
        ChoiceFactory(child=child, facility=FacilityFactory()),
    ]
    other = ChoiceFactory(provider=ProviderFactory())
    wishes = _wishes()

    change_child_wishes(child=child, by=child.family.parent, **wishes)

    child.refresh_from_db()
    assert (child.desired_start_date, child.schedule_days, child.schedule_kind) == (
        wishes["desired_start_date"],
        1 | 4 | 16,
        "half",
    )
    assert (child.accepts_partial_match, child.accepts_replacement) == (False, True)
    assert {
        choice.desired_start_date for choice in Choice.objects.filter(pk__in=[c.pk for c in choices])
    } == {wishes["desired_start_date"]}
    assert Choice.objects.get(pk=other.pk).desired_start_date == other.desired_start_date


def test_only_the_childs_parent_changes_its_wishes():
    child = ChildFactory()
    choice = ChoiceFactory(child=child, provider=ProviderFactory())

    with pytest.raises(PermissionDenied):
        change_child_wishes(child=child, by=FamilyFileFactory().parent, **_wishes())

    assert Choice.objects.get(pk=choice.pk).desired_start_date == child.desired_start_date
    assert Child.objects.get(pk=child.pk).desired_start_date == child.desired_start_date


def test_a_desired_start_date_in_the_past_is_refused_as_at_registration():
    child = ChildFactory()
    choice = ChoiceFactory(child=child, provider=ProviderFactory())

    with pytest.raises(ValidationError) as error:
        change_child_wishes(
            child=child,
            by=child.family.parent,
            **_wishes(desired_start_date=timezone.localdate() - timedelta(days=1)),
        )

    assert error.value.code == "past"
    assert Choice.objects.get(pk=choice.pk).desired_start_date == child.desired_start_date
