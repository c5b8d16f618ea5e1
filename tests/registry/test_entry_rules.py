"""The register entry's rules hold in the service, for the import and the API as for the office's form."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from portail.registry.models import Provider, RecognitionStatus
from portail.registry.rules import entry_errors
from portail.registry.services import update_provider
from tests.registry.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def refusal(provider: Provider, **changes) -> dict[str, list[str]]:
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        update_provider(provider=provider, by=None, reason="Import", **changes)
    return refused.value.message_dict


def test_seven_children_need_an_assistant_and_nothing_changes():
    provider = ProviderFactory(capacity=6, has_assistant=False, subsidized_places=0)

    errors = refusal(provider, capacity=7)

    assert errors == {"capacity": ["Sans assistante, une RSGE peut recevoir au plus 6 enfants."]}
    provider.refresh_from_db()
    assert provider.capacity == 6


def test_subsidized_places_within_the_capacity():
    provider = ProviderFactory(capacity=4, has_assistant=False, subsidized_places=0)

    assert set(refusal(provider, subsidized_places=5)) == {"subsidized_places"}
    provider.refresh_from_db()
    assert provider.subsidized_places == 0


def test_a_suspension_needs_its_dates_in_order():
    provider = ProviderFactory(status=RecognitionStatus.RECOGNIZED)

    assert set(refusal(provider, status=RecognitionStatus.SUSPENDED)) == {
        "suspension_start",
        "suspension_planned_return",
    }
    assert set(
        refusal(
            provider,
            status=RecognitionStatus.SUSPENDED,
            suspension_start=date(2026, 12, 1),
            suspension_planned_return=date(2026, 11, 1),
        )
    ) == {"suspension_planned_return"}
    provider.refresh_from_db()
    assert provider.status == RecognitionStatus.RECOGNIZED


def test_an_edit_is_judged_only_by_the_rules_it_touches():
    # An entry already out of the rules (entered before them) can still get a new phone number.
    values = {"capacity": 7, "has_assistant": False, "subsidized_places": 0}

    assert set(entry_errors(values)) == {"capacity"}
    assert entry_errors(values, touched=frozenset({"phone"})) == {}
