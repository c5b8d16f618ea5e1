"""The family file's forms: guardians, and a child's registration, with French messages at the fields."""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portail.core.postal_codes import normalize_postal_code, validate_quebec_postal_code
from portail.families.models import SPECIAL_NEEDS_NOTE_MAX_LENGTH, Child, Guardian, ScheduleKind
from portail.families.phones import normalize_phone
from portail.families.rules import check_birth_date, check_desired_start
from portail.registry.models import Weekday
from portail.registry.names import of_name

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class GuardianForm(forms.ModelForm[Guardian]):
    class Meta:
        model = Guardian
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "street_address",
            "municipality",
            "postal_code",
        ]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "postal_code": forms.TextInput(attrs={"autocomplete": "postal-code"}),
        }

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"])

    def clean_postal_code(self) -> str:
        value = self.cleaned_data["postal_code"]
        validate_quebec_postal_code(value)
        return normalize_postal_code(value) or value


class BaseGuardianFormSet(forms.BaseModelFormSet[Guardian, GuardianForm]):
    def initial_form_count(self) -> int:
        # The guardians on file are the existing forms, whatever the posted management form says: a
        # negative count would turn the first guardian into a second one at the same position.
        if self.is_bound:
            return len(self.get_queryset())
        return super().initial_form_count()

    def clean(self) -> None:
        super().clean()
        filled = [form for form in self.forms if form.has_changed() or form.instance.pk]
        kept = [form for form in filled if not getattr(form, "cleaned_data", {}).get("DELETE")]
        if not kept:
            raise forms.ValidationError(_("A family file needs at least one guardian."), code="no_guardian")


def guardian_formset_class(*, existing: int) -> type[BaseGuardianFormSet]:
    """A formset showing the existing guardians and empty forms up to two."""
    return forms.modelformset_factory(  # type: ignore[return-value]
        Guardian,
        form=GuardianForm,
        formset=BaseGuardianFormSet,
        extra=max(0, 2 - existing),
        max_num=2,
        validate_max=True,
        can_delete=True,
        can_delete_extra=False,
    )


class WishesForm(forms.Form):
    """What the parent wishes for a child: at registration, and changed later as plans change."""

    desired_start_date = forms.DateField(
        label=_("Desired start date in childcare"), widget=forms.DateInput(attrs={"type": "date"})
    )
    schedule_days = forms.TypedMultipleChoiceField(
        label=_("Days wanted"), choices=Weekday.choices, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    schedule_kind = forms.ChoiceField(
        label=_("Full or half days"), choices=ScheduleKind.choices, widget=forms.RadioSelect
    )
    accepts_partial_match = forms.ChoiceField(
        label=_("Would you accept a place that does not fully match your needs?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    accepts_replacement = forms.ChoiceField(
        label=_("Would you accept a replacement-child place?"),
        help_text=_("A place kept for a child who is away for a while (for example a parental leave)."),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )

    @staticmethod
    def initial_of(child: Child) -> dict[str, Any]:
        """The child's current wishes, as the form's initial values."""
        return {
            "desired_start_date": child.desired_start_date,
            "schedule_days": [value for value in Weekday.values if child.schedule_days & value],
            "schedule_kind": child.schedule_kind,
            "accepts_partial_match": "yes" if child.accepts_partial_match else "no",
            "accepts_replacement": "yes" if child.accepts_replacement else "no",
        }

    def clean_desired_start_date(self) -> date:
        start: date = self.cleaned_data["desired_start_date"]
        check_desired_start(start, today=timezone.localdate())
        return start

    def wishes(self) -> dict[str, Any]:
        """The cleaned data as the child's fields."""
        data = self.cleaned_data
        return {
            "desired_start_date": data["desired_start_date"],
            "schedule_days": sum(data["schedule_days"]),
            "schedule_kind": data["schedule_kind"],
            "accepts_partial_match": data["accepts_partial_match"] == "yes",
            "accepts_replacement": data["accepts_replacement"] == "yes",
        }


class ChildForm(WishesForm):
    field_order = [
        "first_name",
        "last_name",
        "birth_date",
        "desired_start_date",
        "schedule_days",
        "schedule_kind",
        "accepts_partial_match",
        "accepts_replacement",
        "has_special_needs",
        "special_needs_note",
    ]
    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    birth_date = forms.DateField(
        label=_("Date of birth"),
        help_text=_("Only a born or adopted child can be registered."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    has_special_needs = forms.ChoiceField(
        label=_("Does the child have special needs?"), choices=YES_NO, widget=forms.RadioSelect
    )
    special_needs_note = forms.CharField(
        label=_("Special needs, in a few words"),
        max_length=SPECIAL_NEEDS_NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_birth_date(self) -> date:
        birth_date: date = self.cleaned_data["birth_date"]
        check_birth_date(birth_date, today=timezone.localdate())
        return birth_date

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("has_special_needs") == "no" and data.get("special_needs_note"):
            self.add_error("special_needs_note", _("Answer « Yes » to special needs, or clear this note."))
        return data

    def registration_fields(self) -> dict[str, Any]:
        """The cleaned data as the child's fields."""
        data = self.cleaned_data
        return {
            "first_name": data["first_name"].strip(),
            "last_name": data["last_name"].strip(),
            "birth_date": data["birth_date"],
            **self.wishes(),
            "has_special_needs": data["has_special_needs"] == "yes",
            "special_needs_note": data["special_needs_note"].strip(),
        }


# The largest id an integer column holds: a bigger one posted would overflow SQLite's driver in the query.
MAX_ID = 2**31 - 1


class ChildrenField(forms.ModelMultipleChoiceField[Child]):
    """The parent's children ticked: a value that is not an id is refused before it reaches a query."""

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            text = str(pk).strip()
            if not (text.isascii() and text.isdigit() and int(text) <= MAX_ID):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)  # type: ignore[misc]


class ChooseServiceForm(forms.Form):
    """Which of the parent's children a service is added for."""

    children = ChildrenField(
        label=_("For which children?"), queryset=Child.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, children: Any, already: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.already = already
        field = self.fields["children"]
        field.queryset = children  # type: ignore[attr-defined]
        field.label_from_instance = lambda child: f"{child.first_name} {child.last_name}"  # type: ignore[attr-defined]

    def clean_children(self) -> Any:
        chosen = self.cleaned_data["children"]
        twice = [child.first_name for child in chosen if child.pk in self.already]
        if twice:
            raise forms.ValidationError(
                _("This service is already among the choices %(of_names)s.")
                % {"of_names": of_name(", ".join(twice))},
                code="already_chosen",
            )
        return chosen
