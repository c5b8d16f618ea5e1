"""Every step of an admission is told to the people it concerns: the parent at each step, once, after the
commit, with the reason; the provider when its office confirms at another date."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portail.accounts.models import Role
from portail.admissions.models import Status
from portail.admissions.rules import RuleBroken
from portail.admissions.services import (
    admit_child,
    cancel_admission,
    confirm_admission,
    refuse_admission,
)
from tests.accounts.factories import UserFactory
from tests.admissions.factories import AdmissionFactory
from tests.families.factories import ChildFactory
from tests.registry.factories import OfficeAgentFactory, ProviderFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _admitted(*, child=None, capacity=6, start=None, service_name="Chez Ginette"):
    provider = ProviderFactory(
        user=UserFactory(role=Role.PROVIDER), capacity=capacity, service_name=service_name
    )
    admission = admit_child(
        provider=provider,
        child=child or ChildFactory(first_name="Alice", birth_date=TODAY() - timedelta(days=3 * 365)),
        start_date=start or TODAY() + timedelta(days=30),
        by=provider.user,
    )
    return admission, OfficeAgentFactory(office=provider.office).user


def test_a_refusal_is_e_mailed_to_the_parent_once_after_commit_with_its_reason(
    mailoutbox, django_capture_on_commit_callbacks
):
    admission, agent = _admitted()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        refuse_admission(admission=admission, by=agent, reason="Place déjà promise")
    assert mailoutbox == []
    for callback in callbacks:
        callback()

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [admission.child.family.parent.email]
    assert mail.subject == "L’admission d’Alice est refusée"
    assert "Chez Ginette" in mail.body
    assert "Place déjà promise" in mail.body


def test_a_cancellation_needs_a_reason_and_the_parent_reads_it(
    mailoutbox, django_capture_on_commit_callbacks
):
    admission, _agent = _admitted()
    mailoutbox.clear()
    with pytest.raises(RuleBroken):
        cancel_admission(admission=admission, by=admission.provider.user, reason="  ")

    with django_capture_on_commit_callbacks(execute=True):
        cancel_admission(admission=admission, by=admission.provider.user, reason="La famille déménage")

    assert [mail.subject for mail in mailoutbox] == ["L’admission d’Alice est annulée"]
    assert "Chez Ginette a annulé l’admission d’Alice." in mailoutbox[0].body
    assert "La famille déménage" in mailoutbox[0].body
    admission.refresh_from_db()
    assert admission.status == Status.CANCELLED
    assert admission.closing_reason == "La famille déménage"


def test_the_admission_e_mail_names_the_service_as_the_public_sees_it(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _admitted(child=ChildFactory(first_name="Léa", birth_date=TODAY() - timedelta(days=900)))

    assert mailoutbox[0].subject == "Admission de Léa en service de garde"
    assert "L’admission de Léa chez Chez Ginette est enregistrée" in mailoutbox[0].body


def test_the_office_confirms_at_another_date_recorded_and_told_to_the_provider_and_the_parent(
    mailoutbox, django_capture_on_commit_callbacks
):
    first = TODAY() + timedelta(days=30)
    admission, agent = _admitted(start=first)
    mailoutbox.clear()
    later = first + timedelta(days=14)

    with django_capture_on_commit_callbacks(execute=True):
        confirm_admission(admission=admission, by=agent, start_date=later)

    admission.refresh_from_db()
    assert admission.status == Status.CONFIRMED
    assert admission.planned_start_date == later
    assert any(
        first.isoformat() in e.reason and later.isoformat() in e.reason for e in admission.events.all()
    )
    recipients = sorted(mail.to[0] for mail in mailoutbox)
    assert recipients == sorted([admission.child.family.parent.email, admission.provider.user.email])
    parent_mail = next(m for m in mailoutbox if m.to == [admission.child.family.parent.email])
    assert "changé la date prévue" in parent_mail.body


def test_the_office_cannot_move_a_start_to_a_date_when_the_provider_is_full():
    start = TODAY() + timedelta(days=30)
    admission, agent = _admitted(capacity=1, start=start + timedelta(days=60))
    # Another child holds the only place from `start` to a month later.
    AdmissionFactory(
        provider=admission.provider,
        child=ChildFactory(birth_date=TODAY() - timedelta(days=3 * 365)),
        planned_start_date=start,
        end_date=start + timedelta(days=30),
        status=Status.ENDED,
    )

    with pytest.raises(RuleBroken, match="capacit"):
        confirm_admission(admission=admission, by=agent, start_date=start + timedelta(days=10))

    admission.refresh_from_db()
    assert admission.status == Status.ADMITTED
    assert admission.planned_start_date == start + timedelta(days=60)


def test_confirming_at_the_provider_s_date_tells_the_parent_only(
    mailoutbox, django_capture_on_commit_callbacks
):
    admission, agent = _admitted()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        confirm_admission(admission=admission, by=agent, start_date=admission.planned_start_date)

    assert [mail.subject for mail in mailoutbox] == ["L’admission d’Alice est confirmée"]
