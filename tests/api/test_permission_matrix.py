"""Every operation of the served schema × scopes × own office / other office: who gets what.

`OPERATIONS` has one row per operation of the schema (its operationId): the scope it needs, the object
its `{pk}` names, the body it is sent and the status its own office gets. A new operation without a row
fails `test_every_operation_has_a_row`; a row naming no operation fails too. Each row is then asked:
without a token (401), with a token lacking its scope (403 `scope_missing`), by another office's software
(404 for an object, its own empty list for a list; nothing written) and by its own office (its status)."""

import json
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from portail.api.models import Scope
from portail.attendance.periods import period_of
from tests.api.world import ApiWorld, build, token_for
from tests.matrix import snapshot


@dataclass(frozen=True)
class Row:
    scope: str | None  # None: any token (the change feed)
    ok: int = 200
    pk: str = ""  # the ApiWorld attribute whose id fills {pk}
    body: Any = None  # a function of the world
    is_list: bool = False
    etag: bool = False  # an update, or an action on a record: send the If-Match of the record's read first
    headers: dict[str, str] = field(default_factory=dict)


def _terms(admission: Any, **changes: Any) -> dict[str, Any]:
    return {
        "effective_from": admission.planned_start_date.isoformat(),
        "basis": "full_day",
        "days": ["monday", "tuesday", "wednesday"],
        "arrival": "08:00",
        "departure": "16:00",
        "subsidized": True,
        "signed_on": timezone.localdate().isoformat(),
        **changes,
    }


OPERATIONS: dict[str, Row] = {
    "providers_list": Row("register:read", is_list=True),
    "providers_retrieve": Row("register:read", pk="provider"),
    "providers_partial_update": Row(
        "register:write",
        pk="provider",
        etag=True,
        body=lambda w: {"reason": "Nouveau numéro", "phone": "514-555-0199"},
    ),
    "providers_children_list": Row("admissions:read", pk="provider"),
    "providers_admissions_create": Row(
        "admissions:write",
        ok=201,
        pk="provider",
        body=lambda w: {
            "registration_number": w.newcomer.display_number,
            "start_date": (timezone.localdate() + timedelta(days=40)).isoformat(),
        },
    ),
    "admissions_list": Row("admissions:read", is_list=True),
    "admissions_retrieve": Row("admissions:read", pk="admitted"),
    "admissions_confirm": Row("admissions:write", pk="admitted", body=lambda w: {}),
    "admissions_refuse": Row(
        "admissions:write", pk="admitted", body=lambda w: {"reason": "Dossier incomplet"}
    ),
    "agreements_list": Row("agreements:read", is_list=True),
    "agreements_create": Row(
        "agreements:write",
        ok=201,
        body=lambda w: {"admission": w.to_conclude.pk, **_terms(w.to_conclude)},
    ),
    "agreements_retrieve": Row("agreements:read", pk="submitted"),
    "agreements_versions_create": Row(
        "agreements:write",
        ok=201,
        pk="recorded",
        body=lambda w: _terms(
            w.recorded.admission,
            effective_from=(w.recorded.admission.planned_start_date + timedelta(days=30)).isoformat(),
        ),
    ),
    "agreements_record": Row("agreements:write", pk="submitted", body=lambda w: {}),
    "agreements_return": Row(
        "agreements:write", pk="submitted", body=lambda w: {"reason": "Heures à corriger"}
    ),
    "agreements_eligibility": Row(
        "agreements:write", pk="submitted", body=lambda w: {"eligibility": "eligible"}
    ),
    "agreements_end": Row(
        "agreements:write",
        pk="recorded",
        body=lambda w: {
            "end_date": (w.recorded.admission.planned_start_date + timedelta(days=60)).isoformat(),
            "reason": "parent",
        },
    ),
    "agreements_update": Row(
        "agreements:write", pk="draft", etag=True, body=lambda w: _terms(w.draft.admission)
    ),
    "agreements_submit": Row("agreements:write", pk="draft", body=lambda w: {}),
    "agreements_attestation": Row("attendance:read", pk="recorded"),
    "agreements_attestation_pdf": Row("attendance:read", pk="recorded"),
    "attendance_list": Row("attendance:read", is_list=True),
    "attendance_retrieve": Row("attendance:read", pk="signed_sheet"),
    "attendance_confirm": Row("attendance:write", pk="signed_sheet", etag=True, body=lambda w: {}),
    "attendance_return": Row(
        "attendance:write", pk="signed_sheet", etag=True, body=lambda w: {"reason": "Montant à revoir"}
    ),
    "attendance_periods_upload": Row(
        "attendance:write",
        body=lambda w: {"entries": [{"agreement": w.recorded.pk, "days": {}, "contribution_paid": "0.00"}]},
    ),
    "events_list": Row(None, is_list=True),
}


def _operations(client: Any) -> dict[str, tuple[str, str]]:
    schema = client.get("/api/v1/schema/?format=json").json()
    return {
        operation["operationId"]: (method.upper(), path)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }


def test_every_operation_has_a_row(client, db):
    served = _operations(client)

    assert sorted(set(served) - set(OPERATIONS)) == [], "operations without a row in OPERATIONS"
    assert sorted(set(OPERATIONS) - set(served)) == [], "rows naming no operation of the schema"
    assert {scope for row in OPERATIONS.values() if row.scope for scope in [row.scope]} <= set(Scope.values)


@pytest.fixture
def world(demo_accounts) -> ApiWorld:
    return build(demo_accounts)


def _call(client: Any, world: ApiWorld, operation: str, token: str | None) -> Any:
    method, path = _operations(client)[operation]
    row = OPERATIONS[operation]
    if row.pk:
        path = path.replace("{id}", str(getattr(world, row.pk).pk))
    path = path.replace("{start}", period_of(timezone.localdate()).start.isoformat())
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    if row.etag and token:
        # An update reads its own path; an action (…/confirm/) the record it acts on.
        record = path if method in ("PATCH", "PUT") else path.rsplit("/", 2)[0] + "/"
        read = client.get(record, **headers)
        headers["HTTP_IF_MATCH"] = read.get("ETag", '"none"')
    if method == "GET":
        return client.get(path, **headers)
    body = row.body(world) if row.body else {}
    return client.generic(method, path, data=json.dumps(body), content_type="application/json", **headers)


CASES = [
    (operation, case)
    for operation in OPERATIONS
    for case in ("no_token", "no_scope", "other_office", "own_office")
]


@pytest.mark.parametrize(("operation", "case"), CASES, ids=[f"{o}-{c}" for o, c in CASES])
def test_each_caller_gets_its_answer(client, world, operation, case, django_capture_on_commit_callbacks):
    row = OPERATIONS[operation]
    if case == "no_scope" and row.scope is None:
        pytest.skip("any token opens it")
    writes = _operations(client)[operation][0] != "GET"
    before = snapshot() if writes and case != "own_office" else None
    token = {
        "no_token": None,
        "no_scope": token_for(world.client, [s for s in Scope.values if s != row.scope]),
        "other_office": token_for(world.other_client),
        "own_office": token_for(world.client),
    }[case]

    with django_capture_on_commit_callbacks(execute=True):
        response = _call(client, world, operation, token)

    expected = {
        "no_token": 401,
        "no_scope": 403,
        "other_office": 200 if row.is_list else 404,
        "own_office": row.ok,
    }[case]
    assert response.status_code == expected, response.content
    if case == "no_scope":
        assert response.json()["code"] == "scope_missing"
    if case == "other_office" and row.is_list:
        key = "events" if operation == "events_list" else "results"
        assert response.json()[key] == []
    if before is not None:
        assert _without_logs(snapshot()) == _without_logs(before), "a refused call changed the data"


def _without_logs(tables: dict[str, Any]) -> dict[str, Any]:
    # The call log and a client's last use are written for every call, refused or not; the read of a child's
    # file that fetched the ETag of an update is in the access log.
    tables = dict(tables)
    tables.pop("api.ApiCall", None)
    tables.pop("families.ChildFileRead", None)
    tables["api.ApiClient"] = [
        {k: v for k, v in row.items() if k != "last_used_at"} for row in tables.get("api.ApiClient", [])
    ]
    return tables
