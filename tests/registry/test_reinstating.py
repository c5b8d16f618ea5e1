"""Reinstating a suspended provider ends its suspension: its dates and its early display go with it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portail.registry.models import RecognitionStatus
from portail.registry.services import update_provider
from tests.registry.factories import ProviderFactory

pytestmark = pytest.mark.django_db


def test_reinstating_clears_the_suspension_dates_and_the_early_display():
    today = timezone.localdate()
    provider = ProviderFactory(
        status=RecognitionStatus.SUSPENDED,
        suspension_start=today - timedelta(days=15),
        suspension_planned_return=today + timedelta(days=20),
        show_before_return=True,
    )

    # The edit form posts the suspension's dates as they were, with the new status.
    update_provider(
        provider=provider,
        by=None,
        reason="Retour de congé",
        status=RecognitionStatus.RECOGNIZED,
        suspension_start=provider.suspension_start,
        suspension_planned_return=provider.suspension_planned_return,
        show_before_return=True,
    )

    provider.refresh_from_db()
    assert provider.status == RecognitionStatus.RECOGNIZED
    assert (provider.suspension_start, provider.suspension_planned_return) == (None, None)
    assert provider.show_before_return is False


def test_other_changes_of_a_suspended_provider_keep_its_suspension():
    today = timezone.localdate()
    provider = ProviderFactory(
        status=RecognitionStatus.SUSPENDED,
        suspension_start=today - timedelta(days=15),
        suspension_planned_return=today + timedelta(days=20),
    )

    update_provider(provider=provider, by=None, reason="Nouveau nom", service_name="Chez Ginette")

    provider.refresh_from_db()
    assert provider.suspension_planned_return == today + timedelta(days=20)
