"""The bulk upload of a period's attendance through the API, timed by `manage.py bench`: 200 providers × 6
children × 20 days (24,000 days, 1,200 sheets) in one call, against the same entries sent one request per
child. The run builds its own office of 200 delegating providers the first time (kept for the next runs)."""

import json
import random
import secrets
from datetime import time, timedelta
from itertools import count
from typing import Any

from django.test import Client, override_settings
from django.utils import timezone
from oauth2_provider.models import AccessToken
from simple_history.utils import bulk_create_with_history

from portail.accounts.models import Role, User
from portail.admissions.models import Admission, Delegation
from portail.admissions.models import Status as AdmissionStatus
from portail.agreements.models import Agreement, AgreementVersion, Basis
from portail.agreements.models import Status as AgreementStatus
from portail.api.models import ApiClient, Scope
from portail.api.services import register_client
from portail.attendance.periods import Period, period_of
from portail.demo.benchmarking import Benchmark
from portail.demo.places import load_places
from portail.demo.providers import _provider
from portail.families import numbers
from portail.families.models import Child, FamilyFile, ScheduleKind
from portail.registry.models import OfficeAgent, Provider, RecognitionStatus

PROVIDERS, CHILDREN = 200, 6
MARK = "RSGE-99"  # the register numbers of the run's own providers
SOFTWARE = "Banc d'essai des présences"


def _build(period: Period) -> None:
    """200 recognized providers of the office, each delegating to it, with 6 children under a recorded
    agreement (Monday to Friday) since before `period`."""
    rng, today = random.Random(15), timezone.localdate()
    places = [place for place in load_places() if place.region == "Montréal"]
    office = OfficeAgent.objects.get(user__email="bc@demo.test").office
    providers = []
    for number in range(PROVIDERS):
        provider, _home = _provider(rng.choice(places), f"{MARK}{number:04d}", office, rng, today)
        provider.status, provider.suspension_start, provider.suspension_planned_return = (
            RecognitionStatus.RECOGNIZED,
            None,
            None,
        )
        provider.opening_days, provider.capacity, provider.subsidized_places = 31, 6, 6
        provider.has_assistant = False
        provider.email = f"banc-{number}@example.test"
        providers.append(provider)
    bulk_create_with_history(providers, Provider, batch_size=500)
    providers = list(Provider.objects.filter(register_number__startswith=MARK).order_by("register_number"))
    Delegation.objects.bulk_create(Delegation(provider=provider, is_active=True) for provider in providers)
    parents = [
        User(email=f"banc-parent-{provider.pk}@example.test", role=Role.PARENT) for provider in providers
    ]
    for parent in parents:
        parent.set_unusable_password()
    User.objects.bulk_create(parents)
    families = FamilyFile.objects.bulk_create(FamilyFile(parent=parent) for parent in parents)
    start = period.start - timedelta(days=60)
    children = Child.objects.bulk_create(
        Child(
            family=family,
            first_name=f"Enfant {index}",
            last_name="Banc",
            birth_date=today - timedelta(days=900),
            registration_number=numbers.generate(),
            desired_start_date=start,
            schedule_days=31,
            schedule_kind=ScheduleKind.FULL_DAYS,
            accepts_partial_match=True,
            accepts_replacement=False,
            has_special_needs=False,
        )
        for family in families
        for index in range(CHILDREN)
    )
    by = OfficeAgent.objects.get(user__email="bc@demo.test").user_id
    admissions = Admission.objects.bulk_create(
        Admission(
            child=child,
            provider=providers[index // CHILDREN],
            planned_start_date=start,
            status=AdmissionStatus.CONFIRMED,
            admitted_by_id=by,
        )
        for index, child in enumerate(children)
    )
    agreements = Agreement.objects.bulk_create(
        Agreement(admission=admission, status=AgreementStatus.RECORDED, submitted_on=start, created_by_id=by)
        for admission in admissions
    )
    AgreementVersion.objects.bulk_create(
        AgreementVersion(
            agreement=agreement,
            effective_from=start,
            basis=Basis.FULL_DAY,
            days=31,
            arrival=time(8, 0),
            departure=time(16, 30),
            subsidized=True,
            signed_on=start - timedelta(days=7),
            created_by_id=by,
        )
        for agreement in agreements
    )


def _software_and_entries() -> dict[str, Any]:
    admin = OfficeAgent.objects.select_related("office").get(user__email="bc@demo.test")
    period = period_of(timezone.localdate()).previous()
    if not Provider.objects.filter(register_number__startswith=MARK).exists():
        _build(period)
    agreements = list(
        Agreement.objects.filter(admission__provider__register_number__startswith=MARK)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    assert len(agreements) == PROVIDERS * CHILDREN
    client = ApiClient.objects.filter(office_id=admin.office_id, name=SOFTWARE, revoked_at=None).first()
    if client is None:
        client = register_client(by=admin.user, name=SOFTWARE, vendor="bench", scopes=Scope.values).client
    token = secrets.token_urlsafe(30)
    AccessToken.objects.create(
        application=client.application,
        token=token,
        expires=timezone.now() + timedelta(hours=2),
        scope=client.scopes,
    )
    override_settings(API_RATE_PER_MINUTE=10**9).enable()
    weekdays = [day.isoformat() for day in period.days if day.weekday() < 5]
    # Each call flips every child's first day between present and absent, so that every sheet changes.
    patterns = [
        [{"agreement": pk, "days": dict.fromkeys(weekdays, "present")} for pk in agreements],
        [
            {"agreement": pk, "days": {**dict.fromkeys(weekdays, "present"), weekdays[0]: "absent"}}
            for pk in agreements
        ],
    ]
    return {
        "client": Client(),
        "token": token,
        "url": f"/api/v1/attendance/periods/{period.start.isoformat()}/",
        "patterns": patterns,
        "calls": count(),
    }


def _post(fixture: dict[str, Any], entries: list[dict[str, Any]]) -> None:
    response = fixture["client"].post(
        fixture["url"],
        json.dumps({"entries": entries}),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {fixture['token']}",
        HTTP_IDEMPOTENCY_KEY=secrets.token_hex(16),
    )
    assert response.status_code == 200, response.content[:500]


def one_call(fixture: dict[str, Any]) -> None:
    """The 1,200 children's 20 days in one call (24,000 days)."""
    _post(fixture, fixture["patterns"][next(fixture["calls"]) % 2])


def one_request_per_child(fixture: dict[str, Any]) -> None:
    """The naive way: the same entries, one request per child (1,200 calls)."""
    for entry in fixture["patterns"][next(fixture["calls"]) % 2]:
        _post(fixture, [entry])


BENCHMARKS = [
    Benchmark(
        name="API: a period's attendance, 24,000 days in one call",
        setup=_software_and_entries,
        run=one_call,
        baseline=one_request_per_child,
    ),
]
