"""The load balancer's health check: the database and the shared cache answer; nothing personal is said."""

import json

import pytest
from django.db import OperationalError
from django.urls import reverse

from tests.core.test_settings import PRODUCTION, _run

pytestmark = pytest.mark.django_db


def test_a_healthy_server_answers_ok_without_a_session_or_a_cookie(client):
    response = client.get(reverse("core:health"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]


def test_head_answers_like_get_without_a_body(client):
    response = client.head(reverse("core:health"))

    assert response.status_code == 200
    assert response.content == b""


class _BrokenConnection:
    def cursor(self):
        raise OperationalError("connection refused")


def test_a_database_that_does_not_answer_gives_503_naming_it(client, monkeypatch):
    monkeypatch.setattr("portail.core.views.connection", _BrokenConnection())

    response = client.get(reverse("core:health"))

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failing": ["database"]}


def test_a_cache_that_does_not_answer_gives_503_naming_it(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }

    response = client.get(reverse("core:health"))

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failing": ["cache"]}


def test_in_production_the_probe_over_plain_http_is_answered_not_redirected_to_https():
    # The production settings name a database that does not exist here: the check must say so itself.
    result = _run(
        "import json; from django.test import Client;"
        " r = Client().get('/sante/', HTTP_HOST='portail.example.gouv.qc.ca');"
        " print(r.status_code); print(r.content.decode())",
        {**PRODUCTION, "DATABASE_URL": "postgres://portail@127.0.0.1:5432/portail_nexiste_pas"},
    )

    status, body = result.stdout.strip().splitlines()[-2:]
    assert status == "503", result.stderr
    assert "database" in json.loads(body)["failing"]
