"""The served OpenAPI schema: OAuth 2 client credentials, and every error as a problem detail."""

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema

from portail.api.models import Scope

# The errors any operation may answer, each a problem detail (portail/api/problems.py).
ERRORS = {
    "400": "Invalid input: malformed JSON, wrong types, unknown fields, bad filters",
    "401": "No token, or an expired or revoked one",
    "403": "A scope is missing, or the office may not do this",
    "404": "Not found in the office's territory",
    "405": "Method not allowed",
    "406": "Not acceptable",
    "409": "Conflict with the record as it is now",
    "412": "If-Match names another version",
    "413": "The body is too large",
    "415": "Send application/json",
    "422": "A rule of the domain refuses it, or an Idempotency-Key reused for another request",
    "428": "If-Match is required",
    "429": "Too many calls: see Retry-After",
}

PROBLEM_SCHEMA = {
    "type": "object",
    "required": ["type", "title", "status", "code", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "code": {"type": "string"},
        "detail": {"type": "string"},
        "invalid_fields": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "reason", "code"],
                "properties": {
                    "name": {"type": "string"},
                    "reason": {"type": "string"},
                    "code": {"type": "string"},
                },
            },
        },
    },
}


class ApiAutoSchema(AutoSchema):
    def get_tags(self) -> list[str]:
        return [self.view.__class__.__module__.rsplit(".", 1)[-1]]


class ClientCredentialsScheme(OpenApiAuthenticationExtension):
    target_class = "portail.api.authentication.ClientTokenAuthentication"
    name = "oauth2"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "oauth2",
            "flows": {
                "clientCredentials": {
                    "tokenUrl": "/api/v1/token/",
                    "scopes": {scope.value: str(scope.label) for scope in Scope},
                }
            },
        }


def add_problems(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Every operation answers its errors as problem details (application/problem+json)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    problem = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                responses.setdefault(status, {"description": description, "content": problem})
            if method == "post":
                operation.setdefault("parameters", []).append(
                    {
                        "name": "Idempotency-Key",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string", "minLength": 1, "maxLength": 255},
                        "description": "Retry safely: the same key and body replay the first answer",
                    }
                )
    return result
