"""Errors as RFC 9457 problem details (`application/problem+json`): a stable `code`, a `detail` in the
caller's language, the invalid fields listed. Bad input never gives a 500 (docs/api.md, « Errors »)."""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response

from portail.admissions.permissions import NotDelegated
from portail.admissions.rules import RuleBroken

PROBLEM = "application/problem+json"


class Problem(exceptions.APIException):
    """An error of our own: its status, code and message."""

    def __init__(self, detail: Any, *, code: str, status_code: int, headers: dict[str, str] | None = None):
        super().__init__(detail, code)
        self.status_code = status_code
        self.headers = headers or {}


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The request's body is too large.")
    default_code = "payload_too_large"


# The codes of DRF's own errors, renamed once here.
CODES = {
    exceptions.ParseError: "malformed_json",
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "token_invalid",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "rate_limited",
}


def _fields(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """Each invalid field with its reason and code, nested fields dotted (`fees.outings`)."""
    if isinstance(detail, dict):
        found = []
        for name, inner in detail.items():
            found += _fields(inner, f"{prefix}.{name}" if prefix else str(name))
        return found
    if isinstance(detail, list):
        found = []
        for index, inner in enumerate(detail):
            if isinstance(inner, (dict, list)):
                found += _fields(inner, f"{prefix}.{index}" if prefix else str(index))
            else:
                found += _fields(inner, prefix)
        return found
    return [
        {
            "name": prefix or "non_field_errors",
            "reason": str(detail),
            "code": getattr(detail, "code", "invalid"),
        }
    ]


def problem(status_code: int, code: str, detail: str, **extra: Any) -> Response:
    body = {"type": f"/api/v1/docs/#/problems/{code}", "title": code, "status": status_code, "code": code}
    body["detail"] = detail
    body.update(extra)
    return Response(body, status=status_code, content_type=PROBLEM)


def _validation(errors: DjangoValidationError, default_code: str) -> Response:
    if hasattr(errors, "error_dict"):
        fields = [
            {"name": name, "reason": message, "code": error.code or default_code}
            for name, field_errors in errors.error_dict.items()
            for error in field_errors
            for message in error.messages
        ]
        return problem(
            422, default_code, _("The request breaks a rule: see the fields."), invalid_fields=fields
        )
    code = next((error.code for error in errors.error_list if error.code), None) or default_code
    return problem(422, code, " ".join(errors.messages))


def exception_handler(exc: Exception, context: Any) -> Response | None:
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    if isinstance(exc, NotDelegated):
        return problem(403, "not_delegated", str(NotDelegated.message))
    if isinstance(exc, DjangoPermissionDenied):
        return problem(403, "not_allowed", _("The office may not do this on this record."))
    if isinstance(exc, RuleBroken):
        return problem(422, "rule_broken", str(exc))
    if isinstance(exc, DjangoValidationError):
        return _validation(exc, "rule_broken")
    if isinstance(exc, IntegrityError):
        return problem(409, "conflict", _("The request conflicts with the record as it is now."))
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = dict(getattr(exc, "headers", {}) or {})
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        headers["Retry-After"] = str(int(exc.wait) + 1)
    if isinstance(exc, exceptions.ValidationError):
        response = problem(
            400,
            "invalid",
            _("Some fields are invalid: see invalid_fields."),
            invalid_fields=_fields(exc.detail),
        )
    else:
        detail = exc.detail
        default = getattr(exc, "default_code", "error")
        given = getattr(detail, "code", None)
        if isinstance(exc, Problem) or (given and given != default):
            code = given or default
        else:
            code = CODES.get(type(exc), default)
        if isinstance(exc, exceptions.NotAuthenticated) and context["request"].META.get("HTTP_AUTHORIZATION"):
            code, detail = "token_invalid", _("The token is invalid, expired or revoked: ask for a new one.")
        response = problem(exc.status_code, code, str(detail))
    for name, value in headers.items():
        response[name] = value
    auth_header = getattr(exc, "auth_header", None)
    if auth_header:
        response["WWW-Authenticate"] = auth_header
    return response
