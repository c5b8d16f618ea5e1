"""What the API reads and writes, field by field: shapes and types only. Every rule is the services'."""

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portail.admissions.models import Admission
from portail.admissions.models import Status as AdmissionStatus
from portail.agreements.models import Agreement, AgreementVersion, Basis, Eligibility, EndReason, FeeKind
from portail.agreements.models import Status as AgreementStatus
from portail.agreements.rules import Terms
from portail.api.base import StrictSerializer
from portail.api.models import EventKind
from portail.registry.models import Provider, RecognitionStatus, Weekday

EARLIEST, LATEST = date(1900, 1, 1), date(2200, 12, 31)
DAY_NAMES = {day.name.lower(): day.value for day in Weekday}


class BoundedDateField(serializers.DateField):
    """A date from 1900 to 2200: anything else is a typo, refused before any service sees it."""

    def to_internal_value(self, value: Any) -> date:
        parsed = super().to_internal_value(value)
        if not EARLIEST <= parsed <= LATEST:
            raise serializers.ValidationError(
                _("The date must be between 1900 and 2200."), code="date_out_of_range"
            )
        return parsed


@extend_schema_field(
    {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$", "example": "08:00"}
)
class ClockTimeField(serializers.TimeField):
    """A time of day on the clock, `08:00` (no time zone: the provider's)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", input_formats=["%H:%M", "%H:%M:%S"], **kwargs)


# Reads.


class ProviderSerializer(serializers.ModelSerializer[Provider]):
    class Meta:
        model = Provider
        fields = [
            "id",
            "register_number",
            "first_name",
            "last_name",
            "service_name",
            "email",
            "phone",
            "municipality",
            "recognition_date",
            "status",
            "capacity",
            "subsidized_places",
            "has_assistant",
            "suspension_start",
            "suspension_planned_return",
            "show_before_return",
            "joined_portal_at",
            "profile_published_at",
        ]
        read_only_fields = fields


class ChildSerializer(serializers.Serializer):
    file_id = serializers.UUIDField(read_only=True)
    first_name = serializers.CharField(read_only=True)
    last_name = serializers.CharField(read_only=True)
    birth_date = serializers.DateField(read_only=True)


class AdmissionSerializer(serializers.ModelSerializer[Admission]):
    child = ChildSerializer(read_only=True)
    provider = serializers.IntegerField(source="provider_id", read_only=True)

    class Meta:
        model = Admission
        fields = [
            "id",
            "status",
            "child",
            "provider",
            "planned_start_date",
            "end_date",
            "on_behalf_of_provider",
            "created_at",
        ]
        read_only_fields = fields


class VersionSerializer(serializers.ModelSerializer[AgreementVersion]):
    arrival = ClockTimeField(read_only=True)
    departure = ClockTimeField(read_only=True)
    days = serializers.SerializerMethodField()
    fees = serializers.SerializerMethodField()

    class Meta:
        model = AgreementVersion
        fields = [
            "effective_from",
            "effective_until",
            "basis",
            "days",
            "arrival",
            "departure",
            "subsidized",
            "signed_on",
            "fees",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=list(DAY_NAMES))))
    def get_days(self, version: AgreementVersion) -> list[str]:
        return [name for name, bit in DAY_NAMES.items() if version.days & bit]

    @extend_schema_field(
        serializers.DictField(child=serializers.DecimalField(max_digits=7, decimal_places=2))
    )
    def get_fees(self, version: AgreementVersion) -> dict[str, str]:
        return {fee.kind: str(fee.amount) for fee in version.fees.all()}


class AgreementSerializer(serializers.ModelSerializer[Agreement]):
    admission = serializers.IntegerField(source="admission_id", read_only=True)
    child = ChildSerializer(source="admission.child", read_only=True)
    provider = serializers.IntegerField(source="admission.provider_id", read_only=True)
    versions = VersionSerializer(many=True, read_only=True)
    end_reason = serializers.ChoiceField(choices=EndReason.choices, allow_blank=True, read_only=True)
    external_ids = serializers.SerializerMethodField()

    class Meta:
        model = Agreement
        fields = [
            "id",
            "admission",
            "child",
            "provider",
            "status",
            "submitted_on",
            "eligibility",
            "eligibility_due",
            "eligibility_reason",
            "eligibility_decided_on",
            "end_date",
            "end_reason",
            "end_note",
            "versions",
            "external_ids",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.DictField(child=serializers.CharField())))
    def get_external_ids(self, agreement: Agreement) -> list[dict[str, str]]:
        return [
            {"source_system": ref.source_system, "external_id": ref.external_id}
            for ref in getattr(agreement, "external_refs", [])
        ]


class EventSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.ChoiceField(choices=EventKind.choices, read_only=True)
    object_id = serializers.IntegerField(read_only=True)
    status = serializers.CharField(read_only=True)
    at = serializers.DateTimeField(read_only=True)


# Writes.


class ProviderChangeSerializer(StrictSerializer):
    """A register edit: the fields that change, and why (recorded in the entry's history)."""

    reason = serializers.CharField(max_length=200)
    first_name = serializers.CharField(max_length=100, required=False)
    last_name = serializers.CharField(max_length=100, required=False)
    service_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True)
    municipality = serializers.CharField(max_length=100, required=False)
    recognition_date = BoundedDateField(required=False)
    status = serializers.ChoiceField(choices=RecognitionStatus.choices, required=False)
    capacity = serializers.IntegerField(min_value=1, max_value=9, required=False)
    subsidized_places = serializers.IntegerField(min_value=0, max_value=9, required=False)
    has_assistant = serializers.BooleanField(required=False)
    suspension_start = BoundedDateField(required=False, allow_null=True)
    suspension_planned_return = BoundedDateField(required=False, allow_null=True)
    show_before_return = serializers.BooleanField(required=False)


class AdmitSerializer(StrictSerializer):
    """The registration number the parent gave (in the body: never in a URL), and the planned start."""

    registration_number = serializers.CharField(max_length=40)
    start_date = BoundedDateField()


class ConfirmSerializer(StrictSerializer):
    start_date = BoundedDateField(required=False)


class ReasonSerializer(StrictSerializer):
    reason = serializers.CharField(max_length=500)


class TermsSerializer(StrictSerializer):
    effective_from = BoundedDateField()
    basis = serializers.ChoiceField(choices=Basis.choices)
    days = serializers.ListField(
        child=serializers.ChoiceField(choices=list(DAY_NAMES)), min_length=1, max_length=7
    )
    arrival = ClockTimeField()
    departure = ClockTimeField()
    subsidized = serializers.BooleanField()
    signed_on = BoundedDateField()
    fees = serializers.DictField(
        child=serializers.DecimalField(max_digits=7, decimal_places=2, min_value=0), required=False
    )

    def validate_fees(self, fees: dict[str, Any]) -> dict[str, Any]:
        unknown = set(fees) - set(FeeKind.values)
        if unknown:
            raise serializers.ValidationError(
                _("Unknown kind of fee: %(kinds)s.") % {"kinds": ", ".join(sorted(unknown))}
            )
        return fees

    def terms(self) -> Terms:
        data = self.validated_data
        return Terms(
            effective_from=data["effective_from"],
            basis=data["basis"],
            days=sum({DAY_NAMES[name] for name in data["days"]}),
            arrival=data["arrival"],
            departure=data["departure"],
            subsidized=data["subsidized"],
            signed_on=data["signed_on"],
            fees=dict(data.get("fees", {})),
        )


class AgreementCreateSerializer(TermsSerializer):
    admission = serializers.IntegerField(min_value=1, max_value=2**62)
    submit = serializers.BooleanField(default=True)
    source_system = serializers.CharField(max_length=50, required=False)
    external_id = serializers.CharField(max_length=100, required=False)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if ("source_system" in data) != ("external_id" in data):
            raise serializers.ValidationError(
                _("Give both source_system and external_id, or neither."), code="external_id_incomplete"
            )
        return data


class AgreementReviseSerializer(TermsSerializer):
    """The corrected terms of a draft or returned agreement: they replace its terms."""

    submit = serializers.BooleanField(default=True)


class EligibilitySerializer(StrictSerializer):
    eligibility = serializers.ChoiceField(
        choices=[(value, label) for value, label in Eligibility.choices if value != Eligibility.PENDING]
    )
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class EndSerializer(StrictSerializer):
    end_date = BoundedDateField()
    reason = serializers.ChoiceField(choices=EndReason.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


ADMISSION_STATUSES = AdmissionStatus.values
AGREEMENT_STATUSES = AgreementStatus.values
