"""Admitting, confirming, refusing, cancelling: the rules, the state machine, delegation, e-mails."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from portail.accounts.models import Role
from portail.admissions.models import ALLOWED, Admission, AdmissionEvent, Status
from portail.admissions.rules import RuleBroken
from portail.admissions.services import (
    admit_child,
    cancel_admission,
    confirm_admission,
    end_admission,
    refuse_admission,
    set_delegation,
)
from portail.registry.models import RecognitionStatus
from tests.accounts.factories import UserFactory
from tests.families.factories import ChildFactory
from tests.registry.factories import OfficeAgentFactory, ProviderFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _provider(**fields):
    return ProviderFactory(user=UserFactory(role=Role.PROVIDER), **fields)


def _older_child():
    return ChildFactory(birth_date=TODAY() - timedelta(days=3 * 365))


def _admit(provider, child=None, start=None, by=None):
    return admit_child(
        provider=provider,
        child=child or _older_child(),
        start_date=start or TODAY() + timedelta(days=30),
        by=by or provider.user,
    )


def test_a_provider_admits_a_child_and_the_step_is_recorded():
    provider = _provider()
    admission = _admit(provider)

    assert admission.status == Status.ADMITTED
    assert [(e.from_status, e.to_status, e.by) for e in admission.events.all()] == [
        ("", "admitted", provider.user)
    ]


def test_the_seventh_child_is_refused_with_the_numbers_and_nothing_is_written():
    provider = _provider(capacity=6)
    start = TODAY() + timedelta(days=30)
    for _ in range(6):
        _admit(provider, start=start)

    with pytest.raises(RuleBroken, match=f"6 enfants sur 6 le {start.isoformat()}"):
        _admit(provider, start=start)
    assert Admission.objects.filter(provider=provider).count() == 6


def test_the_same_child_cannot_be_admitted_twice_at_the_same_provider():
    provider, child = _provider(), _older_child()
    _admit(provider, child)

    with pytest.raises(RuleBroken, match="occupe déjà une place"):
        _admit(provider, child, start=TODAY() + timedelta(days=60))


@pytest.mark.parametrize(
    ("start", "message"),
    [(lambda: TODAY() - timedelta(days=1), "passé"), (lambda: TODAY() + timedelta(days=600), "18 mois")],
)
def test_a_start_date_in_the_past_or_too_far_is_refused(start, message):
    with pytest.raises(RuleBroken, match=message):
        _admit(_provider(), start=start())


def test_a_suspended_provider_cannot_admit():
    provider = _provider(
        status=RecognitionStatus.SUSPENDED,
        suspension_start=date(2026, 1, 1),
        suspension_planned_return=date(2030, 1, 1),
    )

    # Refused before anything is read: its recognition no longer lets it act on children's files.
    with pytest.raises(PermissionDenied):
        _admit(provider)


def test_an_agent_admits_for_the_provider_only_while_delegation_is_on():
    provider = _provider()
    agent = OfficeAgentFactory(office=provider.office).user

    with pytest.raises(PermissionDenied):
        _admit(provider, by=agent)
    set_delegation(provider=provider, active=True, by=provider.user)
    admission = _admit(provider, by=agent)
    assert admission.on_behalf_of_provider and admission.admitted_by == agent

    set_delegation(provider=provider, active=False, by=provider.user)
    with pytest.raises(PermissionDenied):
        _admit(provider, by=agent)


def test_an_agent_of_another_office_can_never_admit():
    provider = _provider()
    set_delegation(provider=provider, active=True, by=provider.user)

    with pytest.raises(PermissionDenied):
        _admit(provider, by=OfficeAgentFactory().user)


@pytest.mark.parametrize("start", list(Status))
@pytest.mark.parametrize("to", [Status.CONFIRMED, Status.REFUSED, Status.CANCELLED, Status.ENDED])
def test_the_state_machine_allows_only_its_transitions(start, to):
    provider = _provider()
    admission = _admit(provider)
    Admission.objects.filter(pk=admission.pk).update(status=start)
    agent = OfficeAgentFactory(office=provider.office).user
    do = {
        Status.CONFIRMED: lambda: confirm_admission(admission=admission, by=agent),
        Status.REFUSED: lambda: refuse_admission(admission=admission, by=agent, reason="Dossier incomplet"),
        Status.CANCELLED: lambda: cancel_admission(admission=admission, by=provider.user, reason="Moved"),
        Status.ENDED: lambda: end_admission(
            admission=admission, by=agent, end_date=TODAY() + timedelta(days=90)
        ),
    }[to]
    steps = AdmissionEvent.objects.count()

    if to in ALLOWED[start]:
        assert do().status == to
        assert AdmissionEvent.objects.count() == steps + 1
    else:
        with pytest.raises(RuleBroken):
            do()
        assert Admission.objects.get(pk=admission.pk).status == start
        assert AdmissionEvent.objects.count() == steps


def test_a_refusal_needs_a_reason_and_frees_the_place():
    provider = _provider(capacity=1)
    admission = _admit(provider)
    agent = OfficeAgentFactory(office=provider.office).user

    with pytest.raises(RuleBroken):
        refuse_admission(admission=admission, by=agent, reason="  ")
    refuse_admission(admission=admission, by=agent, reason="Entente non signée")

    assert _admit(provider).status == Status.ADMITTED


def test_an_ended_admission_holds_its_place_until_its_end_date():
    provider = _provider(capacity=1)
    admission = _admit(provider, start=TODAY() + timedelta(days=10))
    agent = OfficeAgentFactory(office=provider.office).user
    confirm_admission(admission=admission, by=agent)
    end_admission(admission=admission, by=agent, end_date=TODAY() + timedelta(days=100))

    with pytest.raises(RuleBroken):
        _admit(provider, start=TODAY() + timedelta(days=50))
    assert _admit(provider, start=TODAY() + timedelta(days=101)).status == Status.ADMITTED


def test_the_parent_is_e_mailed_once_after_commit_at_admission_and_confirmation(
    mailoutbox, django_capture_on_commit_callbacks
):
    provider = _provider()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        admission = _admit(provider)
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1

    with django_capture_on_commit_callbacks(execute=True):
        confirm_admission(admission=admission, by=OfficeAgentFactory(office=provider.office).user)
    assert len(mailoutbox) == 2
    assert "confirmée" in mailoutbox[1].subject
    assert mailoutbox[0].to == [admission.child.family.parent.email]
