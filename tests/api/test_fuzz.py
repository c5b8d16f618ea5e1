"""Schemathesis against the served schema, through the WSGI app: no server error, and every response as
the schema says (status, content type, body). Bounded: a few examples an operation, derandomized."""

import itertools

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.world import build, token_for

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 8


@pytest.fixture
def fuzz_world(demo_accounts):
    return build(demo_accounts)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Called straight through WSGI, each request would close the test's connection at its end (inside
    the test's transaction, PostgreSQL's looks obsolete): as Django's test client does, it is kept."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_the_api_keeps_its_schema(fuzz_world):
    # Schemathesis's own pytest plugin does not run under pytest 9: each operation's strategy is driven
    # by Hypothesis here instead, with the same checks.
    token = token_for(fuzz_world.client)
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 15

    for operation, mode in itertools.product(operations, [GenerationMode.POSITIVE, GenerationMode.NEGATIVE]):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def holds(case):
            case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)

        holds()
