"""Joining the portal: an account linked to its register entry by e-mail, or by its office's claim code."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portail.accounts.models import Role
from portail.onboarding.models import ClaimAttempt, ClaimCode
from portail.onboarding.services import (
    ClaimResult,
    claim_provider_entry,
    issue_claim_code,
    link_provider_account,
)
from tests.accounts.factories import UserFactory
from tests.registry.factories import OfficeAgentFactory, ProviderFactory

pytestmark = pytest.mark.django_db


# --- By e-mail, at sign-in -------------------------------------------------------------------------


def test_an_account_whose_email_matches_one_entry_is_linked_to_it():
    provider = ProviderFactory(email="Marie.Roy@Example.test")
    user = UserFactory(email="marie.roy@example.test")

    assert link_provider_account(user=user) == provider

    provider.refresh_from_db()
    user.refresh_from_db()
    assert provider.user == user
    assert provider.joined_portal_at is not None
    assert user.role == Role.PROVIDER


def test_an_account_whose_email_matches_no_entry_stays_a_parent():
    ProviderFactory(email="autre@example.test")
    user = UserFactory(email="marie@example.test")

    assert link_provider_account(user=user) is None
    user.refresh_from_db()
    assert user.role == Role.PARENT


def test_two_entries_with_one_email_link_neither():
    first = ProviderFactory(email="famille@example.test")
    second = ProviderFactory(email="FAMILLE@example.test")
    user = UserFactory(email="famille@example.test")

    assert link_provider_account(user=user) is None
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.user is None and second.user is None


def test_an_entry_already_linked_to_another_account_is_not_linked_again():
    other = UserFactory(role=Role.PROVIDER)
    ProviderFactory(email="marie@example.test", user=other)
    user = UserFactory(email="marie@example.test")

    assert link_provider_account(user=user) is None


def test_an_office_agent_is_never_linked_to_an_entry():
    agent = OfficeAgentFactory().user
    ProviderFactory(email=agent.email)

    assert link_provider_account(user=agent) is None


def test_an_unverified_email_is_not_linked_when_verification_is_on(settings):
    from allauth.account.models import EmailAddress

    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    provider = ProviderFactory(email="marie@example.test")
    user = UserFactory(email="marie@example.test")
    address = EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)

    assert link_provider_account(user=user) is None

    address.verified = True
    address.save()
    assert link_provider_account(user=user) == provider


def test_signing_in_links_the_account_and_lands_on_the_provider_home(client):
    provider = ProviderFactory(email="marie@example.test")
    UserFactory(email="marie@example.test")

    response = client.post(
        reverse("account_login"),
        {"login": "marie@example.test", "password": "Mot-de-passe-test-2026"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("core:provider_home")
    assert "Votre compte est maintenant lié à votre inscription au registre." in response.content.decode()
    provider.refresh_from_db()
    assert provider.user.email == "marie@example.test"


def test_signing_in_with_an_email_of_two_entries_points_to_the_claim_page(client):
    ProviderFactory(email="famille@example.test")
    ProviderFactory(email="famille@example.test")
    UserFactory(email="famille@example.test")

    response = client.post(
        reverse("account_login"),
        {"login": "famille@example.test", "password": "Mot-de-passe-test-2026"},
        follow=True,
    )

    assert reverse("onboarding:claim") in response.content.decode()


# --- By claim code ----------------------------------------------------------------------------------


@pytest.fixture
def provider():
    return ProviderFactory(register_number="RSGE-123456")


@pytest.fixture
def issuer(provider):
    return OfficeAgentFactory(office=provider.office).user


def test_a_valid_code_links_the_account(provider, issuer):
    code = issue_claim_code(provider=provider, by=issuer)
    user = UserFactory()

    outcome = claim_provider_entry(user=user, register_number="rsge-123456", code=code.lower())

    assert outcome.result is ClaimResult.LINKED
    provider.refresh_from_db()
    user.refresh_from_db()
    assert provider.user == user
    assert provider.joined_portal_at is not None
    assert user.role == Role.PROVIDER


def test_the_code_is_stored_hashed(provider, issuer):
    code = issue_claim_code(provider=provider, by=issuer)

    stored = ClaimCode.objects.get(provider=provider)
    assert code.replace("-", "") not in stored.code_hash
    assert code not in stored.code_hash
    assert len(stored.code_hash) == 64


def test_an_expired_code_is_refused(provider, issuer):
    code = issue_claim_code(provider=provider, by=issuer)
    ClaimCode.objects.update(
        created_at=timezone.now() - timedelta(days=15), expires_at=timezone.now() - timedelta(days=1)
    )

    outcome = claim_provider_entry(user=UserFactory(), register_number="RSGE-123456", code=code)

    assert outcome.result is ClaimResult.EXPIRED
    provider.refresh_from_db()
    assert provider.user is None


def test_a_code_cannot_be_used_twice(provider, issuer):
    code = issue_claim_code(provider=provider, by=issuer)
    claim_provider_entry(user=UserFactory(), register_number="RSGE-123456", code=code)

    outcome = claim_provider_entry(user=UserFactory(), register_number="RSGE-123456", code=code)

    assert outcome.result is ClaimResult.REFUSED


def test_a_new_code_revokes_the_previous_one(provider, issuer):
    first = issue_claim_code(provider=provider, by=issuer)
    second = issue_claim_code(provider=provider, by=issuer)

    assert claim_provider_entry(user=UserFactory(), register_number="RSGE-123456", code=first).result is (
        ClaimResult.REFUSED
    )
    assert claim_provider_entry(user=UserFactory(), register_number="RSGE-123456", code=second).result is (
        ClaimResult.LINKED
    )


def test_wrong_tries_by_others_do_not_block_the_code_of_the_right_person(provider, issuer):
    code = issue_claim_code(provider=provider, by=issuer)
    for _ in range(3):
        guessers = [UserFactory(), UserFactory()]
        for guesser in guessers:
            for _ in range(5):
                claim_provider_entry(user=guesser, register_number="RSGE-123456", code="AAAAA-AAAAA")

    outcome = claim_provider_entry(user=UserFactory(), register_number="RSGE-123456", code=code)

    assert outcome.result is ClaimResult.LINKED
    provider.refresh_from_db()
    assert provider.user is not None


def test_an_accounts_wrong_tries_count_for_an_hour(provider, issuer):
    code = issue_claim_code(provider=provider, by=issuer)
    user = UserFactory()
    for _ in range(5):
        claim_provider_entry(user=user, register_number="RSGE-123456", code="AAAAA-AAAAA")
    assert claim_provider_entry(user=user, register_number="RSGE-123456", code=code).result is (
        ClaimResult.TOO_MANY_ATTEMPTS
    )

    ClaimAttempt.objects.update(attempted_at=timezone.now() - timedelta(minutes=61))

    assert claim_provider_entry(user=user, register_number="RSGE-123456", code=code).result is (
        ClaimResult.LINKED
    )


def test_an_account_is_stopped_after_5_wrong_tries_whatever_the_numbers(provider, issuer):
    code = issue_claim_code(provider=provider, by=issuer)
    user = UserFactory()
    lefts = [
        claim_provider_entry(user=user, register_number=f"RSGE-99999{n}", code="AAAAA-AAAAA").attempts_left
        for n in range(5)
    ]

    outcome = claim_provider_entry(user=user, register_number="RSGE-123456", code=code)

    assert lefts == [4, 3, 2, 1, 0]
    assert outcome.result is ClaimResult.TOO_MANY_ATTEMPTS


def test_another_offices_code_an_unknown_number_and_a_wrong_code_get_the_same_message(
    client, provider, issuer
):
    elsewhere = ProviderFactory(register_number="RSGE-654321")
    other_code = issue_claim_code(provider=elsewhere, by=OfficeAgentFactory(office=elsewhere.office).user)
    issue_claim_code(provider=provider, by=issuer)
    client.force_login(UserFactory())
    url = reverse("onboarding:claim")

    answers = [
        client.post(url, {"register_number": number, "code": code}).content.decode()
        for number, code in [
            ("RSGE-123456", other_code),
            ("RSGE-000000", other_code),
            ("RSGE-123456", "AAAAA-AAAAA"),
        ]
    ]

    expected = ["Il vous reste 4 essais", "Il vous reste 3 essais", "Il vous reste 2 essais"]
    for answer, left in zip(answers, expected, strict=True):
        assert "Ce numéro au registre et ce code ne correspondent pas." in answer
        assert left in answer


def test_the_claim_page_links_the_account_and_lands_on_the_provider_home(client, provider, issuer):
    code = issue_claim_code(provider=provider, by=issuer)
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("onboarding:claim"), {"register_number": "RSGE-123456", "code": code}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("core:provider_home")
    provider.refresh_from_db()
    assert provider.user == user


def test_an_agent_generates_a_code_for_its_own_provider_only(client, provider, issuer):
    client.force_login(issuer)
    elsewhere = ProviderFactory()

    response = client.post(reverse("onboarding:claim_code", args=[provider.pk]))
    refused = client.post(reverse("onboarding:claim_code", args=[elsewhere.pk]))

    assert ClaimCode.objects.filter(provider=provider).count() == 1
    assert "no-store" in response["Cache-Control"]
    assert refused.status_code == 404
    assert not ClaimCode.objects.filter(provider=elsewhere).exists()
