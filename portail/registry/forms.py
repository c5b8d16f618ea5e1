"""The register's forms: the office's search, the entry form and the import's line, under one set of rules."""

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Field
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from portail.core.postal_codes import normalize_postal_code
from portail.registry.models import (
    QUEBEC_LAT,
    QUEBEC_LON,
    OfficeAgent,
    Provider,
    RecognitionStatus,
)
from portail.registry.rules import MAX_WITH_ASSISTANT, entry_errors

REASON_MAX_LENGTH = 100  # django-simple-history's history_change_reason column
# What the office's edit form changes in an entry.
EDITABLE_FIELDS = [
    "email",
    "phone",
    "capacity",
    "subsidized_places",
    "has_assistant",
    "status",
    "suspension_start",
    "suspension_planned_return",
    "show_before_return",
]
YES_NO = [("", _("All")), ("yes", _("Yes")), ("no", _("No"))]


def _format(message: object, **values: object) -> str:
    return str(message) % values


# A label with a number in it, translated when shown (a form's class is built once, at import).
_lazy_format = lazy(_format, str)


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


# The register's dates stay within these years: a year 9999 would overflow the date arithmetic that follows.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100


def _sane_date(day: date) -> None:
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise ValidationError(
            _("Enter a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
        )


def _date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, validators=[_sane_date], **kwargs)


def _model_field(name: str, **overrides: Any) -> forms.Field:
    """A form field labelled like the register's column, so the screens and the model say the same."""
    model_field = Provider._meta.get_field(name)
    assert isinstance(model_field, Field)
    field = model_field.formfield(**overrides)
    assert field is not None
    return field


class RegisterEntryForm(forms.Form):
    """The fields an office changes in an entry, and the rules of the register they must keep.

    `provider` is the entry being changed, or None for a new one. The edit form and each line of
    an import are this form: the rules are written once, here.
    """

    email = _model_field("email")
    phone = _model_field("phone")
    capacity = forms.IntegerField(
        label=_("Committed capacity"),
        help_text=_("At most 6 children alone, 9 with an assistant."),
        min_value=1,
        max_value=MAX_WITH_ASSISTANT,
    )
    subsidized_places = forms.IntegerField(
        label=_("Subsidized places"), min_value=0, max_value=MAX_WITH_ASSISTANT
    )
    has_assistant = forms.BooleanField(label=_("Works with an assistant"), required=False)
    status = forms.ChoiceField(label=_("Recognition status"), choices=RecognitionStatus.choices)
    suspension_start = _date_field(_("Suspension start"), required=False, widget=_date_input())
    suspension_planned_return = _date_field(_("Planned return"), required=False, widget=_date_input())

    def __init__(self, *args: Any, provider: Provider | None = None, **kwargs: Any) -> None:
        self.provider = provider
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip()
        if not email:
            return email
        others = Provider.objects.filter(email__iexact=email)
        if self.provider is not None:
            others = others.exclude(pk=self.provider.pk)
        if others.exists():
            raise ValidationError(
                _("This e-mail address is already used by another provider of the register."),
                code="email_taken",
            )
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The service's own rules (registry.rules), shown next to their fields; a field already refused
        # by its own check keeps that message.
        for field, message in entry_errors(data).items():
            if field not in self.errors:
                self.add_error(field, message)
        return data

    def changes(self) -> dict[str, Any]:
        """The register's values from the cleaned form, without the form's own fields."""
        return {name: self.cleaned_data[name] for name in self.fields if name != "reason"}


class ProviderForm(RegisterEntryForm):
    """The office's edit form of one entry, with the reason kept in the entry's history."""

    show_before_return = forms.BooleanField(
        label=_("Show on the map a little before the planned return"),
        help_text=_lazy_format(
            _("Parents see the provider on the map during the %(days)s days before its return."),
            days=settings.EARLY_DISPLAY_DAYS,
        ),
        required=False,
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        help_text=_("Kept in the entry’s history, with your name and the date."),
        max_length=REASON_MAX_LENGTH,
    )

    def __init__(self, *args: Any, provider: Provider, **kwargs: Any) -> None:
        initial = {name: getattr(provider, name) for name in EDITABLE_FIELDS}
        super().__init__(*args, provider=provider, initial=initial, **kwargs)


class ProviderSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or register number"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Recognition status"),
        choices=[("", _("All statuses")), *RecognitionStatus.choices],
        required=False,
    )
    joined = forms.ChoiceField(label=_("Joined the portal"), choices=YES_NO, required=False)
    published = forms.ChoiceField(label=_("Profile published"), choices=YES_NO, required=False)
    returning = forms.BooleanField(
        label=_lazy_format(_("Suspended, returning within %(days)s days"), days=settings.EARLY_DISPLAY_DAYS),
        required=False,
    )

    def filters(self) -> dict[str, Any]:
        """The valid filters; an invalid one is left out rather than failing the list."""
        self.is_valid()
        return {
            name: self.cleaned_data.get(name) or "" for name in ("q", "status", "joined", "published")
        } | {"returning": bool(self.cleaned_data.get("returning"))}


TRUE_WORDS = {"oui", "o", "yes", "y", "vrai", "true", "1"}
FALSE_WORDS = {"non", "n", "no", "faux", "false", "0", ""}


class ImportLineForm(RegisterEntryForm):
    """One line of a register file: a whole entry, its office and its home, under the entry's rules."""

    office_number = forms.CharField(label=_("Office number"), max_length=20)
    register_number = forms.CharField(label=_("Register number"), max_length=20)
    first_name = _model_field("first_name")
    last_name = _model_field("last_name")
    street_address = forms.CharField(label=_("Street address"), max_length=255)
    municipality = _model_field("municipality")
    postal_code = forms.CharField(label=_("Postal code"), max_length=7)
    latitude = forms.FloatField(label=_("Latitude"), min_value=QUEBEC_LAT[0], max_value=QUEBEC_LAT[1])
    longitude = forms.FloatField(label=_("Longitude"), min_value=QUEBEC_LON[0], max_value=QUEBEC_LON[1])
    recognition_date = _date_field(_("Recognition date"), input_formats=["%Y-%m-%d"])
    # In a file, yes or no is written out: « non » must not read as true like a checkbox's value.
    has_assistant = forms.CharField(label=_("Works with an assistant"), required=False)  # type: ignore[assignment]
    suspension_start = _date_field(_("Suspension start"), required=False, input_formats=["%Y-%m-%d"])
    suspension_planned_return = _date_field(_("Planned return"), required=False, input_formats=["%Y-%m-%d"])

    def clean_has_assistant(self) -> bool:
        word = self.cleaned_data["has_assistant"].strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValidationError(_("Write yes or no."), code="yes_no")

    def clean_postal_code(self) -> str:
        normalized = normalize_postal_code(self.cleaned_data["postal_code"])
        if normalized is None:
            raise ValidationError(_("Enter a postal code like H2X 1Y4."), code="postal_code")
        return normalized


class AddAgentForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    role = forms.ChoiceField(
        label=_("Role in the office"),
        choices=OfficeAgent.Role.choices,
        initial=OfficeAgent.Role.AGENT,
        widget=forms.RadioSelect,
    )


class AgentForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role in the office"), choices=OfficeAgent.Role.choices, widget=forms.RadioSelect
    )
    is_active = forms.BooleanField(label=_("Active: may sign in to the office’s pages"), required=False)
