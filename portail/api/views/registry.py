"""The office's register through the API: its providers, one provider, a register edit with its reason."""

from typing import Any

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from portail.agreements.selectors import provider_children
from portail.api.base import ApiView, check_if_match, etag_of
from portail.api.serializers import AdmissionSerializer, ProviderChangeSerializer, ProviderSerializer
from portail.api.views.common import choice_filter, page_of, paged, text_filter
from portail.registry import selectors, services
from portail.registry.models import Provider, RecognitionStatus

YES_NO = ["yes", "no"]


class ProviderList(ApiView):
    scope = "register"

    @extend_schema(
        operation_id="providers_list",
        summary="The office's providers",
        parameters=[
            OpenApiParameter("q", str, description="Words of a name, a service's name or a register number"),
            OpenApiParameter("status", str, enum=RecognitionStatus.values),
            OpenApiParameter("joined", str, enum=YES_NO, description="Joined the portal"),
            OpenApiParameter("published", str, enum=YES_NO, description="Profile published"),
            OpenApiParameter("page_size", int),
        ],
        responses=page_of(ProviderSerializer),
    )
    def get(self, request: Request) -> Response:
        found = selectors.search_providers(
            request.user,
            q=text_filter(request, "q"),
            status=choice_filter(request, "status", RecognitionStatus.values),
            joined=choice_filter(request, "joined", YES_NO),
            published=choice_filter(request, "published", YES_NO),
            returning=False,
            today=timezone.localdate(),
        ).defer(None)
        return paged(request, self, found, ProviderSerializer)


def _provider(request: Request, pk: int, *, lock: bool = False) -> Provider:
    providers = Provider.objects.visible_to(request.user)
    if lock:
        providers = providers.select_for_update(of=("self",))
    return get_object_or_404(providers, pk=pk)


class ProviderDetail(ApiView):
    scope = "register"

    @extend_schema(
        operation_id="providers_retrieve",
        summary="One provider (its ETag for If-Match)",
        responses=ProviderSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        data = ProviderSerializer(_provider(request, pk)).data
        return Response(data, headers={"ETag": etag_of(data)})

    @extend_schema(
        operation_id="providers_partial_update",
        summary="Edit the register (with the reason, in the entry's history)",
        request=ProviderChangeSerializer,
        responses=ProviderSerializer,
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=True)],
    )
    def patch(self, request: Request, pk: int) -> Response:
        change = ProviderChangeSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        fields: dict[str, Any] = dict(change.validated_data)
        reason = fields.pop("reason")
        with transaction.atomic():
            provider = _provider(request, pk, lock=True)
            check_if_match(request, etag_of(ProviderSerializer(provider).data))
            provider = services.update_provider(provider=provider, by=request.user, reason=reason, **fields)
        data = ProviderSerializer(provider).data
        return Response(data, headers={"ETag": etag_of(data)})


class ProviderChildren(ApiView):
    scope = "admissions"

    @extend_schema(
        operation_id="providers_children_list",
        summary="The children admitted at a provider (confirmed or ended)",
        parameters=[OpenApiParameter("page_size", int)],
        responses=page_of(AdmissionSerializer),
    )
    def get(self, request: Request, pk: int) -> Response:
        provider = _provider(request, pk)
        return paged(
            request, self, provider_children(provider).select_related("provider"), AdmissionSerializer
        )
