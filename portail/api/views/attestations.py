"""The attestation of services provided (« attestation des services de garde fournis ») through the API:
an agreement's dates and the days used in each reference year as JSON, and one year's document as a PDF."""

import json
from typing import Any

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import renderers, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from portail.agreements.models import Agreement
from portail.api.base import ApiView
from portail.api.problems import Problem
from portail.api.serializers import ChildSerializer
from portail.attendance.attestations import (
    attestation_for,
    attestation_pdf,
    attested,
    default_year,
    start_of,
    year_from,
    years_of,
)
from portail.attendance.counting import agreement_year
from portail.attendance.models import Status
from portail.families.access_log import record_read


def _agreement(request: Request, pk: int) -> Agreement:
    """A recorded or ended agreement of the office (a draft has no attestation: the screens' rule)."""
    agreements = attested(request.user).select_related("admission__child", "admission__provider")
    return get_object_or_404(agreements, pk=pk)


class PeriodUseSerializer(serializers.Serializer):
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    status = serializers.ChoiceField(choices=Status.choices)
    days = serializers.IntegerField()
    half_days = serializers.IntegerField()


class YearUseSerializer(serializers.Serializer):
    first_year = serializers.IntegerField(help_text="2025 for 1 September 2025 – 31 August 2026")
    start = serializers.DateField()
    end = serializers.DateField()
    days = serializers.IntegerField(help_text="Full days attended in the year")
    half_days = serializers.IntegerField(help_text="Half-days attended in the year")
    subsidized_days = serializers.IntegerField()
    all_confirmed = serializers.BooleanField(help_text="Every period's sheet confirmed by the office")
    periods = PeriodUseSerializer(many=True)


class AttestationSerializer(serializers.Serializer):
    agreement = serializers.IntegerField()
    provider = serializers.IntegerField()
    child = ChildSerializer()
    start_date = serializers.DateField(allow_null=True, help_text="The first day of services")
    end_date = serializers.DateField(allow_null=True)
    issued_on = serializers.DateField()
    years = YearUseSerializer(many=True, help_text="Each reference year the services ran in, newest first")


class Attestation(ApiView):
    scope = "attendance"

    @extend_schema(
        operation_id="agreements_attestation",
        summary="The attestation of services provided: the dates, and the days used in each reference year "
        "(a read of the child's file, logged)",
        responses=AttestationSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        agreement = _agreement(request, pk)
        today = timezone.localdate()
        start = start_of(agreement)
        years = []
        for year in years_of(agreement, start=start, today=today):
            count = agreement_year(agreement, year)
            years.append(
                {
                    "first_year": year.first_year,
                    "start": year.start,
                    "end": year.end,
                    "days": count.total.days,
                    "half_days": count.total.half_days,
                    "subsidized_days": count.total.subsidized_days,
                    "all_confirmed": count.all_confirmed,
                    "periods": [
                        {
                            "period_start": line.period.start,
                            "period_end": line.period.end,
                            "status": line.status,
                            "days": line.tally.days,
                            "half_days": line.tally.half_days,
                        }
                        for line in count.periods
                    ],
                }
            )
        data = AttestationSerializer(
            {
                "agreement": agreement.pk,
                "provider": agreement.admission.provider_id,
                "child": agreement.admission.child,
                "start_date": start,
                "end_date": agreement.end_date,
                "issued_on": today,
                "years": years,
            }
        ).data
        response = Response(data)
        record_read(request._request, agreement.admission.child, provider=agreement.admission.provider)
        return response


class PdfRenderer(renderers.BaseRenderer):
    """Lets a caller ask `Accept: application/pdf`; an error still answers its problem detail as JSON."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data: Any, accepted_media_type: Any = None, renderer_context: Any = None) -> bytes:
        return data if isinstance(data, bytes) else json.dumps(data, default=str).encode()


class AttestationPdf(ApiView):
    scope = "attendance"
    renderer_classes = [renderers.JSONRenderer, PdfRenderer]

    @extend_schema(
        operation_id="agreements_attestation_pdf",
        summary="The attestation of one reference year as a PDF (the year of the end, or this year, by "
        "default; a read of the child's file, logged)",
        parameters=[
            OpenApiParameter("year", int, description="The reference year's first year: 2025 for 2025–2026")
        ],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY},
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        agreement = _agreement(request, pk)
        today = timezone.localdate()
        years = years_of(agreement, start=start_of(agreement), today=today)
        asked = request.query_params.get("year")
        if asked:
            year = year_from(asked, choices=years)
            if year is None:
                raise Problem(
                    _("year must be one of the reference years the services ran in: %(years)s.")
                    % {"years": ", ".join(str(year.first_year) for year in years) or "—"},
                    code="invalid_filter",
                    status_code=400,
                )
        else:
            year = default_year(agreement, today=today)
            if years and year not in years:
                year = years[0]
        document = attestation_for(agreement, year, today=today)
        response = HttpResponse(attestation_pdf(document, staff=True), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="attestation-{year.first_year}-{agreement.pk}.pdf"'
        )
        record_read(request._request, agreement.admission.child, provider=agreement.admission.provider)
        return response
