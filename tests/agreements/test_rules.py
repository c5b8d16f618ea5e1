"""The terms of an agreement at their edges: each refusal names its field, in French, and writes nothing."""

from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from portail.agreements.models import Agreement, Basis
from portail.agreements.services import conclude_agreement
from portail.registry.models import Weekday
from tests.agreements.factories import terms

pytestmark = pytest.mark.django_db


def _conclude(admission, by, **changes):
    return conclude_agreement(admission=admission, by=by, terms=terms(admission, **changes))


def _refusal(admission, by, **changes) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as refused:
        _conclude(admission, by, **changes)
    assert not Agreement.objects.exists()
    return refused.value.message_dict


@pytest.mark.parametrize(
    "basis, arrival, departure, accepted",
    [
        (Basis.FULL_DAY, time(8, 0), time(12, 0), False),  # 4 h is not a full day
        (Basis.FULL_DAY, time(8, 0), time(12, 1), True),  # 4 h 01 is
        (Basis.HALF_DAY, time(8, 0), time(10, 29), False),  # 2 h 29 is too short a half-day
        (Basis.HALF_DAY, time(8, 0), time(10, 30), True),  # 2 h 30
        (Basis.HALF_DAY, time(8, 0), time(12, 0), True),  # 4 h
        (Basis.HALF_DAY, time(8, 0), time(13, 0), False),  # a half-day of 5 hours
        (Basis.FULL_DAY, time(7, 0), time(17, 0), True),  # 10 h
        (Basis.FULL_DAY, time(7, 0), time(17, 1), False),  # 10 h 01
        (Basis.FULL_DAY, time(9, 0), time(12, 0), False),  # a full day of 3 hours
        (Basis.FULL_DAY, time(17, 0), time(8, 0), False),  # leaving before arriving
    ],
)
def test_hours_at_the_edges_of_each_basis(admission, demo_accounts, basis, arrival, departure, accepted):
    by = demo_accounts["provider"]
    if accepted:
        assert _conclude(admission, by, basis=basis, arrival=arrival, departure=departure).pk
    else:
        errors = _refusal(admission, by, basis=basis, arrival=arrival, departure=departure)
        assert list(errors) == ["departure"]


def test_the_messages_are_french(admission, demo_accounts):
    errors = _refusal(admission, demo_accounts["provider"], arrival=time(7, 0), departure=time(18, 0))
    assert errors["departure"] == ["Un enfant peut être reçu au plus 10 heures consécutives par jour."]


def test_a_day_the_provider_is_closed_is_refused(admission, demo_accounts):
    errors = _refusal(admission, demo_accounts["provider"], days=Weekday.MONDAY | Weekday.SATURDAY)
    assert list(errors) == ["days"]


def test_no_day_at_all_is_refused(admission, demo_accounts):
    assert list(_refusal(admission, demo_accounts["provider"], days=0)) == ["days"]


def test_a_start_before_the_admissions_is_refused(admission, demo_accounts):
    start = admission.planned_start_date - timedelta(days=1)
    assert list(_refusal(admission, demo_accounts["provider"], effective_from=start)) == ["effective_from"]


def test_a_signature_in_the_future_is_refused(admission, demo_accounts):
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert list(_refusal(admission, demo_accounts["provider"], signed_on=tomorrow)) == ["signed_on"]


def test_only_three_kinds_of_fees_and_never_negative(admission, demo_accounts):
    by = demo_accounts["provider"]
    assert list(_refusal(admission, by, fees={"diapers_premium": Decimal("5")})) == ["fees"]
    assert list(_refusal(admission, by, fees={"outings": Decimal("-1")})) == ["fees"]
    agreement = _conclude(
        admission, by, fees={"outings": Decimal("10"), "hygiene": Decimal("0"), "extra_meal": Decimal("4.50")}
    )
    assert sorted(agreement.versions.get().fees.values_list("kind", flat=True)) == [
        "extra_meal",
        "hygiene",
        "outings",
    ]
