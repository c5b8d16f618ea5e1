"""A period of attendance uploaded for many children at once (`POST /attendance/periods/{start}/`): the
entries parsed here, agreements found by our id or the vendor's, then one call of
attendance.services.upsert_period, all or nothing."""

from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from portail.agreements.models import Agreement
from portail.api.base import ApiView, StrictSerializer
from portail.api.models import ExternalReference
from portail.api.problems import Problem, problem
from portail.attendance.models import Day
from portail.attendance.periods import PERIOD_DAYS, Period, is_period_start
from portail.attendance.services import PeriodEntry, upsert_period
from portail.families.access_log import record_reads

# At most this many children's entries in one call (a period of 200 providers × 6 children is 1,200).
MOST_ENTRIES = 5000
# A day's state in the object form; null clears the day.
STATES = {"present": Day.PRESENT, "absent": Day.ABSENT, "extra": Day.EXTRA}
DAYS_PATTERN = "^[-PEA]{28}$"
EARLIEST, LATEST = date(2000, 1, 1), date(2200, 12, 31)


def _period(start: str) -> Period:
    try:
        day = date.fromisoformat(start) if len(start) == 10 else None
    except ValueError:
        day = None
    if day is None or not EARLIEST <= day <= LATEST or not is_period_start(day):
        raise Problem(
            _("The address names a period by its first day (YYYY-MM-DD) in the 4-week calendar."),
            code="not_a_period_start",
            status_code=400,
        )
    return Period(day)


@extend_schema_field(
    {
        "oneOf": [
            {
                "type": "string",
                "pattern": DAYS_PATTERN,
                "description": "The 28 days in order: P present, A absent, E extra day, - nothing",
            },
            {
                "type": "object",
                "maxProperties": PERIOD_DAYS,
                "propertyNames": {"format": "date"},
                "additionalProperties": {"enum": [*STATES, None]},
                "description": "Only the days given change (null clears one)",
            },
        ]
    }
)
class DaysField(serializers.Field):
    """The whole period as 28 codes, or some of its days by date; each date within the period."""

    def to_internal_value(self, data: Any) -> str | dict[int, str]:
        period: Period = self.context["period"]
        if isinstance(data, str):
            if len(data) != PERIOD_DAYS or any(code not in Day.CODES for code in data):
                raise serializers.ValidationError(
                    _("28 codes, one a day: P present, A absent, E extra day, - nothing."),
                    code="invalid_days",
                )
            return data
        if not isinstance(data, dict) or len(data) > PERIOD_DAYS:
            raise serializers.ValidationError(
                _("Give the days as an object {date: state} or a string of 28 codes."), code="invalid"
            )
        changes: dict[int, str] = {}
        errors: dict[str, list[serializers.ErrorDetail]] = {}
        for key, state in data.items():
            try:
                day = date.fromisoformat(key) if len(key) == 10 else None
            except ValueError:
                day = None
            if day is None:
                errors[key[:20]] = [
                    serializers.ErrorDetail(_("A day is written YYYY-MM-DD."), code="invalid_date")
                ]
            elif not period.contains(day):
                errors[key] = [
                    serializers.ErrorDetail(
                        _("This day is outside the period, from %(start)s to %(end)s.")
                        % {"start": period.start.isoformat(), "end": period.end.isoformat()},
                        code="outside_period",
                    )
                ]
            elif state is not None and not (isinstance(state, str) and state in STATES):
                errors[key] = [
                    serializers.ErrorDetail(
                        _("Choose present, absent, extra or null."), code="invalid_choice"
                    )
                ]
            else:
                changes[(day - period.start).days] = Day.NONE if state is None else STATES[state]
        if errors:
            raise serializers.ValidationError(errors)
        return changes


class AgreementRefSerializer(StrictSerializer):
    source_system = serializers.CharField(max_length=50)
    external_id = serializers.CharField(max_length=100)


class EntrySerializer(StrictSerializer):
    """One child's period: its agreement (our `agreement` id or your `agreement_ref`), its days, and the
    contribution paid and justification (left as they are when not given)."""

    agreement = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
    agreement_ref = AgreementRefSerializer(required=False)
    days = DaysField()
    contribution_paid = serializers.DecimalField(
        max_digits=8, decimal_places=2, allow_null=True, required=False, coerce_to_string=True
    )
    justification = serializers.CharField(
        max_length=1000, allow_blank=True, required=False, trim_whitespace=False
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("agreement" in attrs) == ("agreement_ref" in attrs):
            raise serializers.ValidationError(
                {"agreement": _("Give either agreement or agreement_ref.")}, code="agreement_required"
            )
        return attrs


class UploadSerializer(StrictSerializer):
    entries = serializers.ListField(child=EntrySerializer(), min_length=1, max_length=MOST_ENTRIES)


class SheetWrittenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    agreement = serializers.IntegerField()
    version = serializers.IntegerField()
    status = serializers.CharField()
    days = serializers.CharField(
        help_text="The 28 days as stored: P present, A absent, E extra day, - nothing"
    )


class UploadAnswerSerializer(serializers.Serializer):
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    sheets = SheetWrittenSerializer(many=True)


def _not_found(names: list[str]) -> Response:
    reason = _("No agreement of your office has this id.")
    return problem(
        404,
        "not_found",
        reason,
        invalid_fields=[{"name": name, "reason": reason, "code": "not_found"} for name in names[:100]],
    )


def _agreement_ids(request: Request, rows: list[dict[str, Any]]) -> tuple[list[int], list[str]]:
    """Each entry's agreement id, found by ours or the vendor's reference, in the office's territory; and
    the names of the entries naming none (another office's is not found either)."""
    office_id = request.api_client.office_id
    wanted = {
        (row["agreement_ref"]["source_system"], row["agreement_ref"]["external_id"])
        for row in rows
        if "agreement_ref" in row
    }
    by_ref: dict[tuple[str, str], int] = {}
    if wanted:
        references = ExternalReference.objects.filter(
            office_id=office_id,
            source_system__in={source for source, _external in wanted},
            external_id__in={external for _source, external in wanted},
        ).values_list("source_system", "external_id", "agreement_id")
        by_ref = {(source, external): agreement for source, external, agreement in references}
    ids: list[int] = []
    for row in rows:
        if "agreement_ref" in row:
            ref = row["agreement_ref"]
            ids.append(by_ref.get((ref["source_system"], ref["external_id"]), 0))
        else:
            ids.append(row["agreement"])
    visible = set(
        Agreement.objects.visible_to(request.user).filter(pk__in=set(ids)).values_list("pk", flat=True)
    )
    missing = [
        f"entries.{index}.{'agreement_ref' if 'agreement_ref' in row else 'agreement'}"
        for index, (row, pk) in enumerate(zip(rows, ids, strict=True))
        if pk not in visible
    ]
    return ids, missing


class PeriodUpload(ApiView):
    scope = "attendance"

    @extend_schema(
        operation_id="attendance_periods_upload",
        summary="Upload a period's attendance for many children at once: all written, or none",
        parameters=[
            OpenApiParameter(
                "start", OpenApiTypes.DATE, OpenApiParameter.PATH, description="The period's first day"
            )
        ],
        request=UploadSerializer,
        responses={200: UploadAnswerSerializer},
    )
    def post(self, request: Request, start: str) -> Response:
        period = _period(start)
        entries = request.data.get("entries") if isinstance(request.data, dict) else None
        if isinstance(entries, list) and len(entries) > MOST_ENTRIES:
            # Refused before reading them: a period holds at most MOST_ENTRIES children's entries a call.
            raise Problem(
                _("At most %(most)s entries a call: send the period in several calls.")
                % {"most": MOST_ENTRIES},
                code="too_many_entries",
                status_code=413,
            )
        given = UploadSerializer(data=request.data, context={"period": period})
        given.is_valid(raise_exception=True)
        rows: list[dict[str, Any]] = given.validated_data["entries"]
        ids, missing = _agreement_ids(request, rows)
        if missing:
            return _not_found(missing)
        sheets = upsert_period(
            period=period,
            entries=[
                PeriodEntry(
                    agreement_id=pk,
                    days=row["days"],
                    **{name: row[name] for name in ("contribution_paid", "justification") if name in row},
                )
                for pk, row in zip(ids, rows, strict=True)
            ],
            by=request.user,
        )
        # The answer holds the children's days: the parent sees that the office's software wrote them.
        record_reads(
            request._request, [(sheet.agreement.admission.child, sheet.provider) for sheet in sheets]
        )
        return Response(
            {
                "period_start": period.start.isoformat(),
                "period_end": period.end.isoformat(),
                "sheets": [
                    {
                        "id": sheet.pk,
                        "agreement": sheet.agreement_id,
                        "version": sheet.version,
                        "status": sheet.status,
                        "days": sheet.days,
                    }
                    for sheet in sheets
                ],
            }
        )
