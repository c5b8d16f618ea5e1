"""The example client of examples/ against the live test server: a token, the admissions to confirm, a
confirmation retried with its idempotency key, the change feed."""

import importlib.util
from pathlib import Path

import pytest

from portail.admissions.models import AdmissionEvent, Status
from portail.api.models import Scope
from portail.api.services import register_client
from tests.api.world import build

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
