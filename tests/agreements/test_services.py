"""Concluding, recording, returning, new versions, the reduced contribution and the end of services."""

from datetime import date, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from portail.accounts.models import Role
from portail.admissions.models import Admission
from portail.admissions.models import Status as AdmissionStatus
from portail.admissions.rules import RuleBroken
from portail.admissions.services import admit_child
from portail.agreements.models import ALLOWED, Agreement, AgreementEvent, Eligibility, EndReason, Status
from portail.agreements.services import (
    add_version,
    conclude_agreement,
    decide_eligibility,
    end_agreement,
    record_agreement,
    return_agreement,
    revise_agreement,
    submit_agreement,
)
from tests.accounts.factories import UserFactory
from tests.agreements.factories import AgreementFactory, terms
from tests.families.factories import ChildFactory
from tests.registry.factories import OfficeAgentFactory, ProviderFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def _concluded(admission, demo_accounts, **changes):
    return conclude_agreement(
        admission=admission, by=demo_accounts["provider"], terms=terms(admission, **changes)
    )


def test_the_provider_concludes_and_the_office_records_every_step_recorded(admission, demo_accounts):
    agreement = _concluded(admission, demo_accounts)
    assert agreement.status == Status.SUBMITTED
    assert agreement.submitted_on == TODAY()
    record_agreement(agreement=agreement, by=demo_accounts["office_agent"])
    steps = [(e.from_status, e.to_status, e.by.email) for e in agreement.events.all()]
    assert steps == [
        ("", "draft", "rsge@demo.test"),
        ("draft", "submitted", "rsge@demo.test"),
        ("submitted", "recorded", "bc@demo.test"),
    ]


def test_returned_then_corrected_then_recorded(admission, demo_accounts):
    agreement = _concluded(admission, demo_accounts)
    with pytest.raises(ValidationError):
        return_agreement(agreement=agreement, by=demo_accounts["office_agent"], reason="  ")
    return_agreement(agreement=agreement, by=demo_accounts["office_agent"], reason="Heures à corriger")
    agreement.refresh_from_db()
    assert agreement.status == Status.RETURNED
    revise_agreement(
        agreement=agreement, by=demo_accounts["provider"], terms=terms(admission, departure=time(16, 0))
    )
    agreement.refresh_from_db()
    assert agreement.status == Status.SUBMITTED
    assert agreement.versions.get().departure == time(16, 0)
    record_agreement(agreement=agreement, by=demo_accounts["office_agent"])
    assert Agreement.objects.get().status == Status.RECORDED
    assert agreement.events.filter(to_status=Status.RETURNED).get().reason == "Heures à corriger"


def _to(agreement, status, demo_accounts):
    """Calls the service that moves to `status`."""
    agent, provider = demo_accounts["office_agent"], demo_accounts["provider"]
    calls = {
        Status.SUBMITTED: lambda: submit_agreement(agreement=agreement, by=provider),
        Status.RECORDED: lambda: record_agreement(agreement=agreement, by=agent),
        Status.RETURNED: lambda: return_agreement(agreement=agreement, by=agent, reason="À corriger"),
        Status.ENDED: lambda: end_agreement(
            agreement=agreement, by=agent, end_date=TODAY() + timedelta(days=30), reason=EndReason.PARENT
        ),
    }
    return calls[status]()


@pytest.mark.parametrize("start", list(Status))
@pytest.mark.parametrize("to", [Status.SUBMITTED, Status.RECORDED, Status.RETURNED, Status.ENDED])
def test_every_transition_is_allowed_or_refused_by_the_table(admission, demo_accounts, start, to):
    agreement = AgreementFactory(admission=admission, status=start)
    if to in ALLOWED[start]:
        _to(agreement, to, demo_accounts)
        assert Agreement.objects.get().status == to
    else:
        events = AgreementEvent.objects.count()
        with pytest.raises(ValidationError):
            _to(agreement, to, demo_accounts)
        assert Agreement.objects.get().status == start
        assert AgreementEvent.objects.count() == events


def test_only_a_confirmed_admission_not_ended_gets_an_agreement(admission, demo_accounts):
    for status in (AdmissionStatus.ADMITTED, AdmissionStatus.ENDED, AdmissionStatus.CANCELLED):
        Admission.objects.filter(pk=admission.pk).update(
            status=status, end_date=TODAY() + timedelta(days=20) if status == AdmissionStatus.ENDED else None
        )
        with pytest.raises(ValidationError):
            _concluded(admission, demo_accounts)
    assert not Agreement.objects.exists()


def test_one_agreement_per_admission(admission, demo_accounts):
    _concluded(admission, demo_accounts)
    with pytest.raises(ValidationError):
        _concluded(admission, demo_accounts)
    assert Agreement.objects.count() == 1


@pytest.mark.parametrize("outsider", ["other_provider", "other_agent", "other_parent", "parent", "ministry"])
def test_an_outsider_cannot_enter_or_record(admission, demo_accounts, outsider):
    users = {
        "other_provider": lambda: ProviderFactory(user=UserFactory(role=Role.PROVIDER)).user,
        "other_agent": lambda: OfficeAgentFactory().user,
        "other_parent": lambda: UserFactory(role=Role.PARENT),
        "parent": lambda: demo_accounts["parent"],
        "ministry": lambda: demo_accounts["ministry"],
    }
    by = users[outsider]()
    with pytest.raises(PermissionDenied):
        conclude_agreement(admission=admission, by=by, terms=terms(admission))
    agreement = _concluded(admission, demo_accounts)
    for write in (
        lambda: record_agreement(agreement=agreement, by=by),
        lambda: return_agreement(agreement=agreement, by=by, reason="Non"),
        lambda: decide_eligibility(agreement=agreement, by=by, eligibility=Eligibility.ELIGIBLE),
    ):
        with pytest.raises(PermissionDenied):
            write()
    assert Agreement.objects.get().status == Status.SUBMITTED


def test_the_provider_cannot_record_its_own_agreement(admission, demo_accounts):
    agreement = _concluded(admission, demo_accounts)
    with pytest.raises(PermissionDenied):
        record_agreement(agreement=agreement, by=demo_accounts["provider"])


def test_a_new_version_closes_the_previous_one_and_never_overlaps(admission, demo_accounts):
    agreement = _concluded(admission, demo_accounts)
    record_agreement(agreement=agreement, by=demo_accounts["office_agent"])
    start = admission.planned_start_date
    with pytest.raises(ValidationError) as refused:
        add_version(
            agreement=agreement, by=demo_accounts["provider"], terms=terms(admission, effective_from=start)
        )
    assert list(refused.value.message_dict) == ["effective_from"]
    later = start + timedelta(days=30)
    add_version(
        agreement=agreement,
        by=demo_accounts["provider"],
        terms=terms(admission, effective_from=later, days=1 | 2 | 4),
    )
    first, second = agreement.versions.all()
    assert (first.effective_from, first.effective_until) == (start, later - timedelta(days=1))
    assert (second.effective_from, second.effective_until, second.days) == (later, None, 7)
    with pytest.raises(ValidationError):
        add_version(
            agreement=agreement,
            by=demo_accounts["provider"],
            terms=terms(admission, effective_from=later - timedelta(days=5)),
        )
    assert agreement.versions.count() == 2


def test_the_decision_is_due_within_five_working_days_and_the_provider_is_emailed_once(
    admission, demo_accounts, django_capture_on_commit_callbacks
):
    agreement = conclude_agreement(
        admission=admission,
        by=demo_accounts["provider"],
        terms=terms(admission, signed_on=date(2025, 6, 18)),
        today=date(2025, 6, 19),
    )
    assert agreement.eligibility_due == date(2025, 6, 27)  # across the weekend and 24 June
    with pytest.raises(ValidationError) as refused:
        decide_eligibility(
            agreement=agreement, by=demo_accounts["office_agent"], eligibility=Eligibility.REFUSED
        )
    assert list(refused.value.message_dict) == ["reason"]
    with django_capture_on_commit_callbacks(execute=True):
        decide_eligibility(
            agreement=agreement,
            by=demo_accounts["office_agent"],
            eligibility=Eligibility.REFUSED,
            reason="Revenu familial au-dessus du seuil",
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rsge@demo.test"]
    assert "Revenu familial au-dessus du seuil" in mail.outbox[0].body
    assert Agreement.objects.get().eligibility == Eligibility.REFUSED


def test_no_decision_for_a_place_that_is_not_subsidized(admission, demo_accounts):
    agreement = _concluded(admission, demo_accounts, subsidized=False)
    assert agreement.eligibility_due is None
    with pytest.raises(ValidationError):
        decide_eligibility(
            agreement=agreement, by=demo_accounts["office_agent"], eligibility=Eligibility.ELIGIBLE
        )


def _recorded(admission, demo_accounts):
    agreement = _concluded(admission, demo_accounts)
    return record_agreement(agreement=agreement, by=demo_accounts["office_agent"])


@pytest.mark.parametrize("who", ["parent", "provider", "office_agent"])
def test_the_parent_the_provider_or_the_office_ends_it_and_the_admission_with_it(
    admission, demo_accounts, who
):
    agreement = _recorded(admission, demo_accounts)
    end = admission.planned_start_date + timedelta(days=20)
    end_agreement(agreement=agreement, by=demo_accounts[who], end_date=end, reason=EndReason.PARENT)
    agreement.refresh_from_db()
    admission.refresh_from_db()
    assert (agreement.status, agreement.end_date) == (Status.ENDED, end)
    assert (admission.status, admission.end_date) == (AdmissionStatus.ENDED, end)


def test_an_outsider_cannot_end_it(admission, demo_accounts):
    agreement = _recorded(admission, demo_accounts)
    for by in (UserFactory(role=Role.PARENT), OfficeAgentFactory().user, demo_accounts["ministry"]):
        with pytest.raises(PermissionDenied):
            end_agreement(agreement=agreement, by=by, end_date=TODAY() + timedelta(days=20), reason="parent")
    assert Agreement.objects.get().status == Status.RECORDED


def test_other_reason_needs_its_text_and_the_end_cannot_precede_the_start(admission, demo_accounts):
    agreement = _recorded(admission, demo_accounts)
    with pytest.raises(ValidationError) as refused:
        end_agreement(
            agreement=agreement,
            by=demo_accounts["parent"],
            end_date=TODAY() + timedelta(days=20),
            reason="other",
        )
    assert list(refused.value.message_dict) == ["note"]
    with pytest.raises(ValidationError) as refused:
        end_agreement(
            agreement=agreement,
            by=demo_accounts["parent"],
            end_date=admission.planned_start_date - timedelta(days=1),
            reason="parent",
        )
    assert list(refused.value.message_dict) == ["end_date"]
    with pytest.raises(ValidationError):
        end_agreement(
            agreement=agreement,
            by=demo_accounts["parent"],
            end_date=TODAY() + timedelta(days=20),
            reason="whim",
        )
    assert Agreement.objects.get().status == Status.RECORDED


def test_an_end_in_the_past_only_by_the_office_with_a_note(admission, demo_accounts):
    agreement = _recorded(admission, demo_accounts)
    later = admission.planned_start_date + timedelta(days=5)
    for who in ("parent", "provider"):
        with pytest.raises(ValidationError) as refused:
            end_agreement(
                agreement=agreement,
                by=demo_accounts[who],
                end_date=later,
                reason="parent",
                today=later + timedelta(days=3),
            )
        assert list(refused.value.message_dict) == ["end_date"]
    with pytest.raises(ValidationError) as refused:
        end_agreement(
            agreement=agreement,
            by=demo_accounts["office_agent"],
            end_date=later,
            reason="parent",
            today=later + timedelta(days=3),
        )
    assert list(refused.value.message_dict) == ["note"]
    end_agreement(
        agreement=agreement,
        by=demo_accounts["office_agent"],
        end_date=later,
        reason="parent",
        note="Avis reçu en retard",
        today=later + timedelta(days=3),
    )
    assert Agreement.objects.get().status == Status.ENDED


def test_ending_frees_the_place_from_the_next_day_and_not_before(admission, demo_accounts):
    provider = admission.provider
    provider.capacity = 1
    provider.save()
    agreement = _recorded(admission, demo_accounts)
    end = admission.planned_start_date + timedelta(days=20)
    end_agreement(agreement=agreement, by=demo_accounts["parent"], end_date=end, reason=EndReason.PARENT)
    newcomer = ChildFactory(birth_date=TODAY() - timedelta(days=3 * 365))
    with pytest.raises(RuleBroken):
        admit_child(provider=provider, child=newcomer, start_date=end, by=demo_accounts["provider"])
    admitted = admit_child(
        provider=provider, child=newcomer, start_date=end + timedelta(days=1), by=demo_accounts["provider"]
    )
    assert admitted.status == AdmissionStatus.ADMITTED
