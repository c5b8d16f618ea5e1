"""The example client of examples/ against the live test server: a token, the admissions to confirm, a
confirmation retried with its idempotency key, a period of attendance uploaded and retried, the change
feed."""

import importlib.util
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from portail.admissions.models import AdmissionEvent, Status
from portail.api.models import ExternalReference, Scope
from portail.api.services import register_client
from portail.attendance.models import AttendanceSheet
from portail.attendance.periods import period_of
from tests.agreements.factories import ConfirmedAdmissionFactory
from tests.api.world import build
from tests.attendance.factories import RecordedAgreementFactory

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "portail_client.py"


def _example():
    spec = importlib.util.spec_from_file_location("portail_client", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db(transaction=True)
def test_the_example_client_confirms_an_admission_and_follows_the_feed(live_server, demo_accounts, capsys):
    world = build(demo_accounts)
    credentials = register_client(
        by=demo_accounts["office_agent"], name="Exemple", vendor="examples/", scopes=Scope.values
    )
    example = _example()
    api = example.PortailClient(live_server.url, credentials.client_id, credentials.client_secret)

    to_confirm = api.admissions_to_confirm()
    assert [admission["id"] for admission in to_confirm] == [world.admitted.pk]
    first = api.confirm(world.admitted.pk, key="confirmer-1")
    again = api.confirm(world.admitted.pk, key="confirmer-1")  # a retry: replayed, not an error
    assert first == again
    assert first["status"] == "confirmed"
    assert AdmissionEvent.objects.filter(admission=world.admitted, to_status=Status.CONFIRMED).count() == 1

    events, cursor = api.events()
    assert ("admission.confirmed", world.admitted.pk) in [
        (event["kind"], event["object_id"]) for event in events
    ]
    assert api.events(after=cursor) == ([], cursor)
    with pytest.raises(example.ApiError) as refused:
        api.confirm(world.admitted.pk)
    assert refused.value.problem["code"] == "rule_broken"

    example.main(live_server.url, credentials.client_id, credentials.client_secret)
    assert "0 admission(s) to confirm" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_the_example_client_uploads_a_period_by_its_own_ids(live_server, demo_accounts):
    world = build(demo_accounts)
    credentials = register_client(
        by=demo_accounts["office_agent"], name="Exemple", vendor="examples/", scopes=Scope.values
    )
    example = _example()
    api = example.PortailClient(live_server.url, credentials.client_id, credentials.client_secret)
    period = period_of(period_of(timezone.localdate()).start - timedelta(days=1))
    agreement = RecordedAgreementFactory(
        admission=ConfirmedAdmissionFactory(
            provider=world.provider,
            admitted_by=demo_accounts["provider"],
            planned_start_date=period.start - timedelta(days=60),
        ),
        created_by=demo_accounts["provider"],
    )
    ExternalReference.objects.create(
        office_id=world.provider.office_id, source_system="logi", external_id="E-1", agreement=agreement
    )
    start = example.period_of(timezone.localdate() - timedelta(days=28))
    assert start == period.start
    monday, tuesday = start.isoformat(), (start + timedelta(days=1)).isoformat()
    entries = [
        {
            "agreement_ref": {"source_system": "logi", "external_id": "E-1"},
            "days": {monday: "present", tuesday: "absent"},
            "contribution_paid": "8.70",
        }
    ]

    first = api.upload_period(start, entries, key="periode-1")
    again = api.upload_period(start, entries, key="periode-1")  # a retry: replayed, not written twice
    assert first == again
    assert first["sheets"][0]["days"][:2] == "PA"
    assert AttendanceSheet.objects.filter(agreement=agreement).count() == 1

    saturday = (start + timedelta(days=5)).isoformat()
    with pytest.raises(example.ApiError) as refused:
        api.upload_period(start, [{**entries[0], "days": {saturday: "absent"}}])
    assert refused.value.status == 422
    assert refused.value.problem["invalid_fields"][0]["name"] == f"entries.0.days.{saturday}"
