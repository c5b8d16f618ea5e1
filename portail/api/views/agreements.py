"""Service agreements through the API: list (and look-up by the vendor's own id), one agreement, create,
correct or submit a draft (or a returned one), new version, record, return, the reduced contribution, the
end of services."""

from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from portail.admissions.models import Admission
from portail.agreements import services
from portail.agreements.models import Agreement
from portail.api.base import ApiView, check_if_match, etag_of
from portail.api.models import ExternalReference
from portail.api.problems import Problem
from portail.api.serializers import (
    AGREEMENT_STATUSES,
    AgreementCreateSerializer,
    AgreementReviseSerializer,
    AgreementSerializer,
    EligibilitySerializer,
    EndSerializer,
    ReasonSerializer,
    TermsSerializer,
)
from portail.api.views.common import choice_filter, id_filter, no_body, page_of, paged, referenced_agreements
from portail.families.access_log import record_read


def _agreements(request: Request) -> QuerySet[Agreement]:
    return Agreement.objects.visible_to(request.user).prefetch_related(
        "versions__fees",
        Prefetch(
            "api_references", queryset=ExternalReference.objects.order_by("pk"), to_attr="external_refs"
        ),
    )


def _agreement(request: Request, pk: int, *, lock: bool = False) -> Agreement:
    agreements = _agreements(request)
    if lock:
        agreements = agreements.select_for_update(of=("self",))
    return get_object_or_404(agreements, pk=pk)


def _answer(request: Request, agreement: Agreement, status: int = 200) -> Response:
    """The agreement as it is now, read again through the client's scope, with its ETag."""
    data = AgreementSerializer(_agreement(request, agreement.pk)).data
    return Response(data, status=status, headers={"ETag": etag_of(data)})


class AgreementList(ApiView):
    scope = "agreements"

    @extend_schema(
        operation_id="agreements_list",
        summary="The office's agreements; `source_system` + `external_id` find one by your own id",
        parameters=[
            OpenApiParameter("status", str, enum=AGREEMENT_STATUSES),
            OpenApiParameter("provider", int),
            OpenApiParameter("source_system", str),
            OpenApiParameter("external_id", str),
            OpenApiParameter("page_size", int),
        ],
        responses=page_of(AgreementSerializer),
    )
    def get(self, request: Request) -> Response:
        agreements = _agreements(request)
        status = choice_filter(request, "status", AGREEMENT_STATUSES)
        if status:
            agreements = agreements.filter(status=status)
        provider = id_filter(request, "provider")
        if provider is not None:
            agreements = agreements.filter(admission__provider_id=provider)
        referenced = referenced_agreements(request)
        if referenced is not None:
            agreements = agreements.filter(pk__in=referenced)
        return paged(request, self, agreements, AgreementSerializer)

    @extend_schema(
        operation_id="agreements_create",
        summary="Enter the agreement of a confirmed admission (sent to the office unless `submit` is false)",
        request=AgreementCreateSerializer,
        responses={201: AgreementSerializer},
    )
    def post(self, request: Request) -> Response:
        given = AgreementCreateSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data: dict[str, Any] = given.validated_data
        admission = Admission.objects.visible_to(request.user).filter(pk=data["admission"]).first()
        if admission is None:
            raise Problem(_("No admission of your office has this id."), code="not_found", status_code=404)
        office_id = request.api_client.office_id
        with transaction.atomic():
            agreement = services.conclude_agreement(
                admission=admission, by=request.user, terms=given.terms(), submit=data["submit"]
            )
            if "source_system" in data:
                reference = ExternalReference.objects.filter(
                    office_id=office_id, source_system=data["source_system"], external_id=data["external_id"]
                )
                if reference.exists():
                    raise Problem(
                        _("Another agreement of your office already has this source_system and external_id."),
                        code="external_id_taken",
                        status_code=409,
                    )
                ExternalReference.objects.create(
                    office_id=office_id,
                    source_system=data["source_system"],
                    external_id=data["external_id"],
                    agreement=agreement,
                )
        return _answer(request, agreement, status=201)


class AgreementDetail(ApiView):
    scope = "agreements"

    @extend_schema(
        operation_id="agreements_retrieve",
        summary="One agreement (a read of the child's file, logged)",
        responses=AgreementSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        agreement = _agreement(request, pk)
        data = AgreementSerializer(agreement).data
        response = Response(data, headers={"ETag": etag_of(data)})
        record_read(request._request, agreement.admission.child, provider=agreement.admission.provider)
        return response

    @extend_schema(
        operation_id="agreements_update",
        summary="Correct the terms of a draft or returned agreement (sent to the office unless `submit` is "
        "false)",
        request=AgreementReviseSerializer,
        responses=AgreementSerializer,
        parameters=[OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=True)],
    )
    def put(self, request: Request, pk: int) -> Response:
        given = AgreementReviseSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with transaction.atomic():
            agreement = _agreement(request, pk, lock=True)
            check_if_match(request, etag_of(AgreementSerializer(agreement).data))
            services.revise_agreement(
                agreement=agreement,
                by=request.user,
                terms=given.terms(),
                submit=given.validated_data["submit"],
            )
        return _answer(request, agreement)


class AgreementSubmit(ApiView):
    scope = "agreements"

    @extend_schema(
        operation_id="agreements_submit",
        summary="Send a draft (or a returned agreement) to the office",
        request=None,
        responses=AgreementSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        no_body(request)
        agreement = services.submit_agreement(agreement=_agreement(request, pk), by=request.user)
        return _answer(request, agreement)


class AgreementVersionCreate(ApiView):
    scope = "agreements"

    @extend_schema(
        operation_id="agreements_versions_create",
        summary="New terms of a recorded agreement, from a date",
        request=TermsSerializer,
        responses={201: AgreementSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        given = TermsSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        agreement = _agreement(request, pk)
        services.add_version(agreement=agreement, by=request.user, terms=given.terms())
        return _answer(request, agreement, status=201)


class AgreementRecord(ApiView):
    scope = "agreements"

    @extend_schema(
        operation_id="agreements_record",
        summary="Record (« consigner ») a submitted agreement",
        request=None,
        responses=AgreementSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        no_body(request)
        agreement = services.record_agreement(agreement=_agreement(request, pk), by=request.user)
        return _answer(request, agreement)


class AgreementReturn(ApiView):
    scope = "agreements"

    @extend_schema(
        operation_id="agreements_return",
        summary="Return an agreement to the provider, saying what to correct",
        request=ReasonSerializer,
        responses=AgreementSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        given = ReasonSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        agreement = services.return_agreement(
            agreement=_agreement(request, pk), by=request.user, reason=given.validated_data["reason"]
        )
        return _answer(request, agreement)


class AgreementEligibility(ApiView):
    scope = "agreements"

    @extend_schema(
        operation_id="agreements_eligibility",
        summary="Decide the parent's reduced contribution",
        request=EligibilitySerializer,
        responses=AgreementSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        given = EligibilitySerializer(data=request.data)
        given.is_valid(raise_exception=True)
        agreement = services.decide_eligibility(
            agreement=_agreement(request, pk),
            by=request.user,
            eligibility=given.validated_data["eligibility"],
            reason=given.validated_data["reason"],
        )
        return _answer(request, agreement)


class AgreementEnd(ApiView):
    scope = "agreements"

    @extend_schema(
        operation_id="agreements_end",
        summary="End the services (and the admission) on a date",
        request=EndSerializer,
        responses=AgreementSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        given = EndSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        agreement = services.end_agreement(
            agreement=_agreement(request, pk), by=request.user, **given.validated_data
        )
        return _answer(request, agreement)
