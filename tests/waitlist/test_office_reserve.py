"""Under a provider's delegation its office reads the provider's reserve, each child's details logged as a
read for that provider, and admits from it; without the delegation the reserve stays closed to it."""

import pytest
from django.urls import reverse

from portail.admissions.models import Delegation
from portail.families.models import ChildFileRead
from tests.families.factories import ChildFactory, ChoiceFactory

pytestmark = pytest.mark.django_db


def _setup(demo_accounts, *, delegates):
    provider = demo_accounts["provider"].provider
    Delegation.objects.update_or_create(provider=provider, defaults={"is_active": delegates})
    child = ChildFactory(first_name="Noémie")
    ChoiceFactory(provider=provider, child=child)
    return provider, child


def test_the_office_reads_a_delegating_provider_s_reserve_and_admits_from_it(client, demo_accounts):
    provider, child = _setup(demo_accounts, delegates=True)
    client.force_login(demo_accounts["office_agent"])

    html = client.get(reverse("waitlist:reserve_for", args=[provider.pk])).content.decode()

    assert child.display_number in html and "Noémie" in html
    assert reverse("admissions:admit_for", args=[provider.pk, child.file_id]) in html
    assert not ChildFileRead.objects.exists()  # the list names children; opening a file is what is logged

    details = client.get(reverse("waitlist:child_for", args=[provider.pk, child.file_id]))

    assert details.status_code == 200
    read = ChildFileRead.objects.get()
    assert (read.child, read.reader, read.provider, read.page) == (
        child,
        demo_accounts["office_agent"],
        provider,
        "waitlist:child_for",
    )


def test_without_the_delegation_the_office_cannot_read_the_reserve(client, demo_accounts):
    provider, child = _setup(demo_accounts, delegates=False)
    client.force_login(demo_accounts["office_agent"])

    assert client.get(reverse("waitlist:reserve_for", args=[provider.pk])).status_code == 403
    assert client.get(reverse("waitlist:child_for", args=[provider.pk, child.file_id])).status_code in (
        403,
        404,
    )
    assert not ChildFileRead.objects.exists()
