"""Service agreements of the demo's confirmed admissions: most recorded, some to record or returned, a few
reduced contributions to decide (one overdue), a few ended; rsge@demo.test keeps one to conclude."""

import random
from collections import Counter
from datetime import date, time, timedelta

from portail.accounts.models import User
from portail.admissions.models import Admission
from portail.admissions.models import Status as AdmissionStatus
from portail.agreements.models import (
    Agreement,
    AgreementEvent,
    AgreementVersion,
    Basis,
    Eligibility,
    EndReason,
    Status,
    Step,
)
from portail.agreements.working_days import add_working_days
from portail.demo.families import BATCH_SIZE
from portail.registry.models import Provider

STATES = [Status.RECORDED, Status.SUBMITTED, Status.RETURNED, Status.ENDED, None]
WEIGHTS = [72, 10, 4, 4, 10]
# What each state went through, after the draft.
PATH = {
    Status.SUBMITTED: [Status.SUBMITTED],
    Status.RETURNED: [Status.SUBMITTED, Status.RETURNED],
    Status.RECORDED: [Status.SUBMITTED, Status.RECORDED],
    Status.ENDED: [Status.SUBMITTED, Status.RECORDED, Status.ENDED],
}


def create_agreements(
    *, demo_provider: Provider, records: User, rng: random.Random, today: date, counts: Counter[str]
) -> None:
    """Gives most confirmed admissions their agreement, in bulk."""
    admissions = list(
        Admission.objects.filter(status=AdmissionStatus.CONFIRMED)
        .select_related("provider")
        .order_by("provider_id", "pk")
    )
    demo_left_to_conclude = False
    overdue_given = False
    agreements: list[Agreement] = []
    versions: list[AgreementVersion] = []
    for admission in admissions:
        state = rng.choices(STATES, weights=WEIGHTS)[0]
        if admission.provider_id == demo_provider.pk and not demo_left_to_conclude:
            state, demo_left_to_conclude = None, True
        if state is None:
            continue
        subsidized = rng.random() < 0.8
        received = min(admission.planned_start_date, today) - timedelta(days=rng.randint(3, 40))
        agreement = Agreement(
            admission=admission,
            status=state,
            submitted_on=received,
            created_by_id=admission.provider.user_id or records.pk,
        )
        if subsidized:
            agreement.eligibility_due = add_working_days(received, 5)
            pending = state == Status.SUBMITTED or (state == Status.RECORDED and rng.random() < 0.03)
            if not pending:
                agreement.eligibility = rng.choices([Eligibility.ELIGIBLE, Eligibility.EXEMPT], [9, 1])[0]
                agreement.eligibility_decided_on = agreement.eligibility_due
            elif admission.provider.office_id == demo_provider.office_id and not overdue_given:
                # One decision overdue in the demo office; the others still within their delay.
                overdue_given = True
            else:
                agreement.submitted_on = today - timedelta(days=1)
                agreement.eligibility_due = add_working_days(today - timedelta(days=1), 5)
        if state == Status.ENDED:
            agreement.end_date = max(admission.planned_start_date, today - timedelta(days=rng.randint(0, 20)))
            agreement.end_reason = rng.choice([EndReason.PARENT, EndReason.OTHER_SERVICE, EndReason.PROVIDER])
        agreements.append(agreement)
        basis = Basis.HALF_DAY if rng.random() < 0.08 else Basis.FULL_DAY
        versions.append(
            AgreementVersion(
                agreement=agreement,
                effective_from=admission.planned_start_date,
                basis=basis,
                days=(admission.provider.opening_days & 31) or admission.provider.opening_days,
                arrival=time(8, 0) if basis == Basis.FULL_DAY else time(8, 30),
                departure=time(16, 30) if basis == Basis.FULL_DAY else time(11, 30),
                subsidized=subsidized,
                signed_on=received,
                created_by_id=agreement.created_by_id,
            )
        )
    Agreement.objects.bulk_create(agreements, batch_size=BATCH_SIZE)
    for version in versions:
        version.agreement_id = version.agreement.pk
    AgreementVersion.objects.bulk_create(versions, batch_size=BATCH_SIZE)
    events = []
    for agreement in agreements:
        before = ""
        for status in [Status.DRAFT, *PATH[Status(agreement.status)]]:
            by = agreement.created_by_id if status in (Status.DRAFT, Status.SUBMITTED) else records.pk
            events.append(
                AgreementEvent(
                    agreement=agreement, step=Step.STATUS, from_status=before, to_status=status, by_id=by
                )
            )
            before = status
    AgreementEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)
    ended = {a.admission_id: a.end_date for a in agreements if a.status == Status.ENDED}
    to_end = [admission for admission in admissions if admission.pk in ended]
    for admission in to_end:
        admission.status, admission.end_date = AdmissionStatus.ENDED, ended[admission.pk]
    Admission.objects.bulk_update(to_end, ["status", "end_date"], batch_size=BATCH_SIZE)
    counts.update(agreements=len(agreements), agreements_ended=len(to_end))
