"""Children already admitted: most providers of the demo hold nearly all their places, as in life."""

import random
from collections import Counter, defaultdict
from collections.abc import Sequence

from portail.accounts.models import User
from portail.admissions.models import Admission, AdmissionEvent, Status
from portail.admissions.rules import INFANT_MONTHS
from portail.demo.families import BATCH_SIZE
from portail.families.ages import age_in_months
from portail.families.models import Child, Choice
from portail.registry.models import Provider, RecognitionStatus

# How many places a provider still has once its children are admitted: most none, some a few.
AVAILABLE = [0, 1, 2, 3]
AVAILABLE_WEIGHTS = [50, 25, 15, 10]
# In the demo office, this share of its providers' admissions still waits for the office's confirmation.
AWAITING_SHARE = 0.2
# rsge@demo.test keeps places to admit from its reserve in the demo: three, once Émile, parent@demo.test's
# child, takes the fourth (portail/demo/attendance.py).
DEMO_PROVIDER_AVAILABLE = 4
# Admissions that were running when the portal opened come from the offices' records.
TAKEN_OVER = "Entente de service reprise des dossiers du bureau coordonnateur à l'ouverture du portail."


def create_admissions(
    *,
    choices: Sequence[Choice],
    providers: Sequence[Provider],
    demo_provider: Provider,
    records: User,
    rng: random.Random,
    counts: Counter[str],
) -> None:
    """Each recognized provider admits children of its reserve, earliest desired start first, for that
    date, until 0 to 3 places are left, keeping the rules: the capacity, the limit of children under
    18 months, one place per child. The offices' records (`records`, the ministry's account) stand for
    who admitted and confirmed them; in the demo office, the providers with an account admitted some
    themselves, and those wait for bc@demo.test's confirmation (rsge@demo.test's first one always does)."""
    recognized = {p.pk: p for p in providers if p.status == RecognitionStatus.RECOGNIZED}
    reserves: dict[int, list[Child]] = defaultdict(list)
    for choice in choices:
        if choice.provider_id in recognized:
            reserves[choice.provider_id].append(choice.child)
    admitted: set[int] = set()
    admissions: list[Admission] = []
    # rsge@demo.test first: its reserve's children are not taken elsewhere before it admits them.
    for provider_id in sorted(reserves, key=lambda pk: (pk != demo_provider.pk, pk)):
        provider = recognized[provider_id]
        left = rng.choices(AVAILABLE, weights=AVAILABLE_WEIGHTS)[0]
        if provider_id == demo_provider.pk:
            left = DEMO_PROVIDER_AVAILABLE
        places = max(provider.capacity - left, 0)
        here: list[Admission] = []
        infants = 0
        for child in sorted(
            reserves[provider_id], key=lambda c: (c.desired_start_date, c.registration_number)
        ):
            if len(here) == places:
                break
            infant = age_in_months(child.birth_date, child.desired_start_date) < INFANT_MONTHS
            if child.pk in admitted or (infant and infants == provider.infant_limit):
                continue
            admitted.add(child.pk)
            infants += infant
            awaiting = provider.office_id == demo_provider.office_id and (
                (provider_id == demo_provider.pk and not here)
                or (provider.user_id is not None and rng.random() < AWAITING_SHARE)
            )
            here.append(
                Admission(
                    child=child,
                    provider=provider,
                    planned_start_date=child.desired_start_date,
                    status=Status.ADMITTED if awaiting else Status.CONFIRMED,
                    admitted_by_id=provider.user_id if awaiting and provider.user_id else records.pk,
                )
            )
        admissions += here
    Admission.objects.bulk_create(admissions, batch_size=BATCH_SIZE)
    AdmissionEvent.objects.bulk_create(
        [
            AdmissionEvent(admission=admission, to_status=Status.ADMITTED, by_id=admission.admitted_by_id)
            if admission.status == Status.ADMITTED
            else AdmissionEvent(
                admission=admission, to_status=Status.CONFIRMED, by_id=records.pk, reason=TAKEN_OVER
            )
            for admission in admissions
        ],
        batch_size=BATCH_SIZE,
    )
    counts.update(
        admissions=len(admissions),
        awaiting=sum(1 for admission in admissions if admission.status == Status.ADMITTED),
    )
