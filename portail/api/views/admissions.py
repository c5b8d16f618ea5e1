"""Admissions through the API: the office's list by status, one admission, confirm, refuse, and admit for
a provider that delegated to its office (by the registration number the parent gave, in the body)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from portail.admissions import services
from portail.admissions.models import Admission
from portail.api.base import ApiView
from portail.api.serializers import (
    ADMISSION_STATUSES,
    AdmissionSerializer,
    AdmitSerializer,
    ConfirmSerializer,
    ReasonSerializer,
)
from portail.api.views.common import choice_filter, id_filter, page_of, paged
from portail.families.access_log import record_read
from portail.registry.models import Provider


def _admission(request: Request, pk: int) -> Admission:
    return get_object_or_404(Admission.objects.visible_to(request.user), pk=pk)


class AdmissionList(ApiView):
    scope = "admissions"

    @extend_schema(
        operation_id="admissions_list",
        summary="The office's admissions, by status (`admitted`: to confirm)",
        parameters=[
            OpenApiParameter("status", str, enum=ADMISSION_STATUSES),
            OpenApiParameter("provider", int),
            OpenApiParameter("page_size", int),
        ],
        responses=page_of(AdmissionSerializer),
    )
    def get(self, request: Request) -> Response:
        # One query a page: the child's few fields joined, nothing else of the rows.
        admissions = (
            Admission.objects.visible_to(request.user)
            .select_related(None)
            .select_related("child")
            .only(
                "status",
                "planned_start_date",
                "end_date",
                "on_behalf_of_provider",
                "created_at",
                "provider",
                "child__file_id",
                "child__first_name",
                "child__last_name",
                "child__birth_date",
            )
        )
        status = choice_filter(request, "status", ADMISSION_STATUSES)
        if status:
            admissions = admissions.filter(status=status)
        provider = id_filter(request, "provider")
        if provider is not None:
            admissions = admissions.filter(provider_id=provider)
        return paged(request, self, admissions, AdmissionSerializer)


class AdmissionDetail(ApiView):
    scope = "admissions"

    @extend_schema(
        operation_id="admissions_retrieve",
        summary="One admission (a read of the child's file, logged)",
        responses=AdmissionSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        admission = _admission(request, pk)
        response = Response(AdmissionSerializer(admission).data)
        record_read(request._request, admission.child, provider=admission.provider)
        return response


class AdmissionConfirm(ApiView):
    scope = "admissions"

    @extend_schema(
        operation_id="admissions_confirm",
        summary="Confirm an admission, on the provider's planned start date or another",
        request=ConfirmSerializer,
        responses=AdmissionSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        given = ConfirmSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        admission = services.confirm_admission(
            admission=_admission(request, pk),
            by=request.user,
            start_date=given.validated_data.get("start_date"),
        )
        return Response(AdmissionSerializer(admission).data)


class AdmissionRefuse(ApiView):
    scope = "admissions"

    @extend_schema(
        operation_id="admissions_refuse",
        summary="Refuse an admission, with the reason told to the parent",
        request=ReasonSerializer,
        responses=AdmissionSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        given = ReasonSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        admission = services.refuse_admission(
            admission=_admission(request, pk), by=request.user, reason=given.validated_data["reason"]
        )
        return Response(AdmissionSerializer(admission).data)


class AdmitForProvider(ApiView):
    scope = "admissions"
    # A refused look-up stays logged (it counts towards the provider's hourly limit against enumeration).
    rollback_on_error = False

    @extend_schema(
        operation_id="providers_admissions_create",
        summary="Admit a child for a provider that delegated to its office (the number in the body)",
        request=AdmitSerializer,
        responses={201: AdmissionSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        given = AdmitSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        provider = get_object_or_404(Provider.objects.visible_to(request.user), pk=pk)
        child = services.look_up_number(
            provider=provider, by=request.user, typed=given.validated_data["registration_number"]
        )
        admission = services.admit_child(
            provider=provider, child=child, start_date=given.validated_data["start_date"], by=request.user
        )
        response = Response(AdmissionSerializer(admission).data, status=201)
        record_read(request._request, child, provider=provider)
        return response
