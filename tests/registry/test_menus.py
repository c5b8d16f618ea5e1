"""A provider's menu and home page link only to pages its recognition opens (#18): a revoked, not renewed or
ceased provider is not offered « Réserve de clientèle », which would answer it 403."""

import re

import pytest
from django.urls import reverse

from portail.accounts.models import Role
from portail.registry.models import RecognitionStatus
from tests.accounts.factories import UserFactory
from tests.registry.factories import ProviderFactory

pytestmark = pytest.mark.django_db

NOT_IN_FORCE = [RecognitionStatus.REVOKED, RecognitionStatus.NOT_RENEWED, RecognitionStatus.CEASED]


def _provider(status: str):
    return ProviderFactory(status=status, user=UserFactory(role=Role.PROVIDER))


def _links(html: str) -> set[str]:
    return {href for href in re.findall(r'href="(/[^"#]*)"', html) if not href.startswith("/static/")}


@pytest.mark.parametrize("status", NOT_IN_FORCE)
def test_a_provider_whose_recognition_is_not_in_force_is_offered_no_reserve(client, status):
    client.force_login(_provider(status).user)

    page = client.get(reverse("core:provider_home")).content.decode()

    assert reverse("waitlist:reserve") not in _links(page)
    assert reverse("admissions:lookup") not in _links(page)


@pytest.mark.parametrize("status", NOT_IN_FORCE)
def test_no_link_of_its_menu_and_home_answers_it_403(client, status):
    client.force_login(_provider(status).user)
    home = client.get(reverse("core:provider_home")).content.decode()

    refused = [url for url in sorted(_links(home)) if client.get(url).status_code == 403]

    assert refused == []


def test_a_recognized_provider_keeps_its_reserve_in_the_menu(client):
    client.force_login(_provider(RecognitionStatus.RECOGNIZED).user)

    page = client.get(reverse("core:provider_home")).content.decode()

    assert reverse("waitlist:reserve") in _links(page)
    assert client.get(reverse("waitlist:reserve")).status_code == 200
