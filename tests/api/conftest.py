"""The API's fixtures: bc@'s office's software with every scope, a token for it, and a client calling
with it; another office's software for the « other office » rows."""

import base64
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from portail.api.models import Scope
from portail.api.services import Credentials, register_client
from tests.registry.factories import OfficeAdminFactory

ALL_SCOPES = list(Scope.values)


def basic(credentials: Credentials, secret: str | None = None) -> str:
    raw = f"{credentials.client_id}:{secret or credentials.client_secret}".encode()
    return "Basic " + base64.b64encode(raw).decode()


def get_token(client: Client, credentials: Credentials, *, secret: str | None = None, scope: str = "") -> Any:
    data = {"grant_type": "client_credentials"}
    if scope:
        data["scope"] = scope
    return client.post("/api/v1/token/", data, HTTP_AUTHORIZATION=basic(credentials, secret))


class Api:
    """A test client calling the API with a bearer token, JSON in and out."""

    def __init__(self, client: Client, token: str):
        self.client, self.token = client, token

    def headers(self, extra: dict[str, str]) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}", **extra}

    def get(self, path: str, **headers: str) -> Any:
        return self.client.get(path, **self.headers(headers))

    def post(self, path: str, data: Any = None, **headers: str) -> Any:
        return self.client.post(
            path, data if data is not None else {}, content_type="application/json", **self.headers(headers)
        )

    def patch(self, path: str, data: Any, **headers: str) -> Any:
        return self.client.patch(path, data, content_type="application/json", **self.headers(headers))


@pytest.fixture
def software(demo_accounts) -> Credentials:
    return register_client(
        by=demo_accounts["office_agent"], name="Gestion BC", vendor="Logiciels Inc.", scopes=ALL_SCOPES
    )


@pytest.fixture
def make_api(client) -> Callable[..., Api]:
    def make(credentials: Credentials, scope: str = "") -> Api:
        response = get_token(client, credentials, scope=scope)
        assert response.status_code == 200, response.content
        return Api(client, response.json()["access_token"])

    return make


@pytest.fixture
def api(software, make_api) -> Api:
    return make_api(software)


@pytest.fixture
def other_software(db) -> Credentials:
    admin = OfficeAdminFactory(user__email="autre-bc@example.test")
    return register_client(by=admin.user, name="Autre", vendor="Ailleurs", scopes=ALL_SCOPES)
