"""Attendance sheets through the API: the office's list by period, provider, status or agreement, one sheet
with its days and tallies, and the office's confirmation or return of a signed sheet (If-Match)."""

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from portail.api.base import ApiView, check_if_match, etag_of
from portail.api.pagination import Cursor
from portail.api.problems import Problem
from portail.api.serializers import ChildSerializer, ReasonSerializer
from portail.api.views.common import choice_filter, id_filter, no_body, page_of, referenced_agreements
from portail.attendance import services
from portail.attendance.counting import Tally, sheet_tallies
from portail.attendance.models import AttendanceSheet, Status
from portail.attendance.periods import is_period_start
from portail.families.access_log import record_read, record_reads

SHEET_STATUSES = Status.values
SHEET_COLUMNS = [
    "agreement",
    "provider",
    "period_start",
    "status",
    "version",
    "days",
    "contribution_paid",
    "justification",
    "submitted_on",
    "signed_on",
    "confirmed_on",
]
# A period the filter names starts within these years (the screens' own bounds).
PERIOD_YEARS = range(2000, 2101)


class TallySerializer(serializers.Serializer):
    days = serializers.IntegerField(read_only=True, help_text="Full days attended")
    half_days = serializers.IntegerField(read_only=True, help_text="Half-days attended")
    subsidized_days = serializers.IntegerField(
        read_only=True, help_text="Days attended on a subsidized place"
    )


class SheetSerializer(serializers.ModelSerializer[AttendanceSheet]):
    agreement = serializers.IntegerField(source="agreement_id", read_only=True)
    provider = serializers.IntegerField(source="provider_id", read_only=True)
    child = ChildSerializer(source="agreement.admission.child", read_only=True)
    period_end = serializers.DateField(source="period.end", read_only=True)
    days = serializers.CharField(
        read_only=True,
        help_text="One character per day of the period, in order: P present, E extra day, A absent, "
        "- nothing entered",
    )
    tally = serializers.SerializerMethodField()

    class Meta:
        model = AttendanceSheet
        fields = [
            "id",
            "agreement",
            "provider",
            "child",
            "period_start",
            "period_end",
            "status",
            "version",
            "days",
            "tally",
            "contribution_paid",
            "justification",
            "submitted_on",
            "signed_on",
            "confirmed_on",
        ]
        read_only_fields = fields

    @extend_schema_field(TallySerializer)
    def get_tally(self, sheet: AttendanceSheet) -> dict[str, int]:
        tally: Tally = self.context["tallies"][sheet.pk]
        return {"days": tally.days, "half_days": tally.half_days, "subsidized_days": tally.subsidized_days}


def _sheets(request: Request) -> QuerySet[AttendanceSheet]:
    # The sheet's columns and its child's few: the agreement, admission and provider rows are joined for
    # their ids only (the cost of a page is the Python objects built, not the query).
    return (
        AttendanceSheet.objects.visible_to(request.user)
        .select_related("agreement__admission__child", "provider")
        .only(
            *SHEET_COLUMNS,
            "agreement__id",
            "agreement__admission__id",
            "agreement__admission__child__file_id",
            "agreement__admission__child__first_name",
            "agreement__admission__child__last_name",
            "agreement__admission__child__birth_date",
            "provider__id",
        )
    )


def _sheet(request: Request, pk: int, *, lock: bool = False) -> AttendanceSheet:
    sheets = _sheets(request)
    if lock:
        sheets = sheets.select_for_update(of=("self",))
    return get_object_or_404(sheets, pk=pk)


def _data(sheet: AttendanceSheet) -> Any:
    return SheetSerializer(sheet, context={"tallies": sheet_tallies([sheet])}).data


def _answer(request: Request, sheet: AttendanceSheet) -> Response:
    """The sheet as it is now, read again through the client's scope, with its ETag."""
    data = _data(_sheet(request, sheet.pk))
    return Response(data, headers={"ETag": etag_of(data)})


def _period_filter(request: Request) -> date | None:
    value = request.query_params.get("period", "")
    if not value:
        return None
    try:
        day = date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        day = None
    if day is None or day.year not in PERIOD_YEARS or not is_period_start(day):
        raise Problem(
            _("period is the first day of a 4-week period, as YYYY-MM-DD."),
            code="invalid_filter",
            status_code=400,
        )
    return day


class SheetList(ApiView):
    scope = "attendance"

    @extend_schema(
        operation_id="attendance_list",
        summary="The office's attendance sheets, by period, provider, status or agreement",
        parameters=[
            OpenApiParameter("period", str, description="A period's first day (YYYY-MM-DD)"),
            OpenApiParameter("provider", int),
            OpenApiParameter("status", str, enum=SHEET_STATUSES),
            OpenApiParameter("agreement", int),
            OpenApiParameter("source_system", str, description="With external_id: your own agreement's id"),
            OpenApiParameter("external_id", str),
            OpenApiParameter("page_size", int),
        ],
        responses=page_of(SheetSerializer),
    )
    def get(self, request: Request) -> Response:
        sheets = _sheets(request)
        period = _period_filter(request)
        if period is not None:
            sheets = sheets.filter(period_start=period)
        status = choice_filter(request, "status", SHEET_STATUSES)
        if status:
            sheets = sheets.filter(status=status)
        for name in ("provider", "agreement"):
            value = id_filter(request, name)
            if value is not None:
                sheets = sheets.filter(**{f"{name}_id": value})
        referenced = referenced_agreements(request)
        if referenced is not None:
            sheets = sheets.filter(agreement_id__in=referenced)
        paginator = Cursor()
        page = paginator.paginate_queryset(sheets, request, view=self)
        # The page's sheets, their tallies (one query for their agreements' versions), one insert in the
        # access log: the same few queries whatever the page.
        data = SheetSerializer(page, many=True, context={"tallies": sheet_tallies(page)}).data
        response = paginator.get_paginated_response(data)
        record_reads(request._request, [(sheet.agreement.admission.child, sheet.provider) for sheet in page])
        return response


class SheetDetail(ApiView):
    scope = "attendance"

    @extend_schema(
        operation_id="attendance_retrieve",
        summary="One attendance sheet, its days and tallies (its ETag for If-Match; a read of the child's "
        "file, logged)",
        responses=SheetSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        sheet = _sheet(request, pk)
        data = _data(sheet)
        response = Response(data, headers={"ETag": etag_of(data)})
        record_read(request._request, sheet.agreement.admission.child, provider=sheet.provider)
        return response


IF_MATCH = OpenApiParameter("If-Match", str, OpenApiParameter.HEADER, required=True)


class SheetConfirm(ApiView):
    scope = "attendance"

    @extend_schema(
        operation_id="attendance_confirm",
        summary="« Confirmer la fréquentation »: confirm a sheet the parent signed",
        request=None,
        responses=SheetSerializer,
        parameters=[IF_MATCH],
    )
    def post(self, request: Request, pk: int) -> Response:
        no_body(request)
        with transaction.atomic():
            sheet = _sheet(request, pk, lock=True)
            check_if_match(request, etag_of(_data(sheet)))
            services.confirm_sheets(sheets=[sheet], by=request.user)
        return _answer(request, sheet)


class SheetReturn(ApiView):
    scope = "attendance"

    @extend_schema(
        operation_id="attendance_return",
        summary="Return a signed sheet to the provider, saying what to correct",
        request=ReasonSerializer,
        responses=SheetSerializer,
        parameters=[IF_MATCH],
    )
    def post(self, request: Request, pk: int) -> Response:
        given = ReasonSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        with transaction.atomic():
            sheet = _sheet(request, pk, lock=True)
            check_if_match(request, etag_of(_data(sheet)))
            services.return_sheet(sheet=sheet, by=request.user, reason=given.validated_data["reason"])
        return _answer(request, sheet)
