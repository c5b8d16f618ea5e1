"""Who reaches the public map's pages: every role, signed in or not (tests/access.py)."""

import pytest
from django.urls import reverse

from tests.access import EVERYONE, ROLES, assert_role_access
from tests.registry.factories import FacilityFactory

PAGES = [
    reverse("directory:search"),
    reverse("directory:search") + "?q=H2X&radius=5",
    reverse("directory:points") + "?q=H2X",
    reverse("directory:suggestions") + "?q=mont",
    "provider",
    "facility",
    "provider_summary",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", PAGES)
def test_the_map_is_public_for_every_role(client, demo_accounts, role, page):
    provider = demo_accounts["provider"].provider
    facility = FacilityFactory()
    url = {
        "provider": reverse("directory:provider", args=[provider.pk]),
        "facility": reverse("directory:facility", args=[facility.pk]),
        "provider_summary": reverse("directory:summary", args=["rsge", provider.pk]),
    }.get(page, page)

    assert_role_access(client, demo_accounts, role=role, url=url, allowed=EVERYONE)
