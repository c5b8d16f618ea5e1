"""What every view of the API shares: the caller's language, a bounded body, strict input, idempotent
POSTs, `If-Match` on updates, the call log."""

import hashlib
import json
import time
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from portail.api.models import ApiCall, IdempotentAnswer
from portail.api.problems import PROBLEM, PayloadTooLarge, Problem

IDEMPOTENCY_HEADER = "HTTP_IDEMPOTENCY_KEY"


def caller_language(request: Any) -> str:
    """English for a caller who asks for it first; French otherwise (a Québec portal speaks French)."""
    asked = request.META.get("HTTP_ACCEPT_LANGUAGE", "").split(",")[0].strip().lower()
    return "en" if asked.startswith("en") else settings.LANGUAGE_CODE


class Replay(Exception):
    def __init__(self, answer: IdempotentAnswer):
        self.answer = answer


def etag_of(data: Any) -> str:
    """A strong ETag of a representation: what the client read, to send back in `If-Match`."""
    encoded = json.dumps(data, sort_keys=True, default=str).encode()
    return '"' + hashlib.sha256(encoded).hexdigest()[:32] + '"'


def check_if_match(request: Request, current: str) -> None:
    """Refuses an update without `If-Match` (428) or with the ETag of another version (412)."""
    given = request.META.get("HTTP_IF_MATCH", "")
    if not given:
        raise Problem(
            _("Send the ETag you read in an If-Match header, so that no one else's change is overwritten."),
            code="precondition_required",
            status_code=428,
        )
    if current not in [tag.strip() for tag in given.split(",")] and given.strip() != "*":
        raise Problem(
            _("The record changed since you read it: read it again, then send your change."),
            code="precondition_failed",
            status_code=412,
        )


class StrictSerializer(serializers.Serializer):
    """Input: unknown fields are an error, not silently dropped."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            unknown = sorted(set(data) - set(self.fields))
            if unknown:
                raise serializers.ValidationError(
                    {
                        name: [serializers.ErrorDetail(_("Unknown field."), code="unknown_field")]
                        for name in unknown
                    }
                )
        return super().to_internal_value(data)


class ApiView(APIView):
    """`scope` names the part of the API (`register`, `admissions`, `agreements`): reads need its `:read`,
    writes its `:write` (portail.api.permissions)."""

    scope: str | None = None
    # A failed write leaves nothing behind (its answer is not kept for retries either).
    rollback_on_error = True

    def initialize_request(self, request: Any, *args: Any, **kwargs: Any) -> Request:
        translation.activate(caller_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        return super().initialize_request(request, *args, **kwargs)

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        started = time.monotonic()
        if request.method in ("POST", "PATCH", "PUT", "DELETE"):
            # One transaction for the write and the answer kept for its retries.
            with transaction.atomic():
                response = super().dispatch(request, *args, **kwargs)
                if response.status_code >= 300 and self.rollback_on_error:
                    transaction.set_rollback(True)
        else:
            response = super().dispatch(request, *args, **kwargs)
        client = getattr(request, "api_client", None)
        if client is not None:
            ApiCall.objects.create(
                client=client,
                method=request.method[:10],
                path=request.path[:200],
                status=response.status_code,
                duration_ms=int((time.monotonic() - started) * 1000),
            )
        response.headers.setdefault("Content-Language", translation.get_language())
        return response

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isdigit() or int(length) > settings.API_MAX_BODY_BYTES:
            raise PayloadTooLarge()
        super().initial(request, *args, **kwargs)
        if request.method == "POST":
            self._idempotency(request)

    def _idempotency(self, request: Request) -> None:
        key = request.META.get(IDEMPOTENCY_HEADER)
        if key is None:
            return
        if not 1 <= len(key) <= 255:
            raise Problem(
                _("An Idempotency-Key has 1 to 255 characters."),
                code="idempotency_key_invalid",
                status_code=400,
            )
        digest = hashlib.sha256(request.method.encode() + request.path.encode() + b"\n" + request.body)
        fingerprint = digest.hexdigest()
        answer = IdempotentAnswer.objects.filter(client=request.api_client, key=key).first()
        if answer is not None:
            if answer.fingerprint != fingerprint:
                raise Problem(
                    _("This Idempotency-Key was already used for another request."),
                    code="idempotency_key_reused",
                    status_code=422,
                )
            raise Replay(answer)
        request.idempotency = (key, fingerprint)

    def handle_exception(self, exc: Exception) -> Any:
        if isinstance(exc, Replay):
            response = HttpResponse(
                exc.answer.body, status=exc.answer.status, content_type="application/json"
            )
            response["Idempotent-Replayed"] = "true"
            return response
        return super().handle_exception(exc)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        kept = getattr(request, "idempotency", None)
        if kept is not None and 200 <= response.status_code < 300 and isinstance(response, Response):
            response.render()
            try:
                with transaction.atomic():
                    IdempotentAnswer.objects.create(
                        client=request.api_client,
                        key=kept[0],
                        fingerprint=kept[1],
                        status=response.status_code,
                        body=response.content.decode(),
                    )
            except IntegrityError:
                # The same key, at the same moment, in another call: this one's write is rolled back.
                transaction.set_rollback(True)
                conflict = Response(
                    {
                        "type": "/api/v1/docs/#/problems/idempotency_key_in_use",
                        "title": "idempotency_key_in_use",
                        "status": 409,
                        "code": "idempotency_key_in_use",
                        "detail": _("Another request with this Idempotency-Key is being processed."),
                    },
                    status=409,
                    content_type=PROBLEM,
                )
                return super().finalize_response(request, conflict, *args, **kwargs)
        return response
