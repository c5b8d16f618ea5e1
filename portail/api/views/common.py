"""Helpers of the API's views: filters checked before any query, a page of a list."""

import functools
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from portail.api.models import ExternalReference
from portail.api.pagination import Cursor
from portail.api.problems import Problem


def choice_filter(request: Request, name: str, choices: list[str]) -> str:
    """A query parameter that must be one of `choices` (or absent: empty)."""
    value = request.query_params.get(name, "")
    if value and value not in choices:
        raise Problem(
            _("%(name)s must be one of: %(choices)s.") % {"name": name, "choices": ", ".join(choices)},
            code="invalid_filter",
            status_code=400,
        )
    return value


def id_filter(request: Request, name: str) -> int | None:
    value = request.query_params.get(name, "")
    if not value:
        return None
    if not value.isdigit() or len(value) > 18:
        raise Problem(
            _("%(name)s must be a whole number.") % {"name": name}, code="invalid_filter", status_code=400
        )
    return int(value)


def text_filter(request: Request, name: str, *, max_length: int = 100) -> str:
    value = request.query_params.get(name, "")
    if len(value) > max_length or "\x00" in value:
        raise Problem(
            _("%(name)s has at most %(max)s characters.") % {"name": name, "max": max_length},
            code="invalid_filter",
            status_code=400,
        )
    return value


def no_body(request: Request) -> None:
    """An action that takes no body refuses one, rather than ignoring what the caller meant."""
    if request.data:
        raise Problem(_("This action takes no body."), code="invalid", status_code=400)


def referenced_agreements(request: Request) -> QuerySet[ExternalReference, Any] | None:
    """The ids of the office's agreement named by the vendor's own `source_system` + `external_id` filters
    (None when neither is given; both or neither)."""
    source = text_filter(request, "source_system", max_length=50)
    external = text_filter(request, "external_id")
    if not (source or external):
        return None
    if not (source and external):
        raise Problem(_("Give both source_system and external_id."), code="invalid_filter", status_code=400)
    return ExternalReference.objects.filter(
        office_id=request.api_client.office_id, source_system=source, external_id=external
    ).values("agreement_id")


def paged(request: Request, view: Any, queryset: Any, serializer: Any) -> Response:
    paginator = Cursor()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer(page, many=True).data)


@functools.cache
def page_of(serializer: Any) -> Any:
    """The schema of a page of a list: the links to the next and previous pages, and its rows."""
    name = serializer.__name__.removesuffix("Serializer")
    return inline_serializer(
        f"{name}Page",
        {
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer(many=True),
        },
    )
