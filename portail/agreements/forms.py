"""Agreement forms: they parse; the rules live in services and rules.py."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portail.agreements.models import Basis, Eligibility, EndReason, FeeKind
from portail.agreements.rules import Terms
from portail.registry.models import Weekday

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class AgreementForm(forms.Form):
    effective_from = forms.DateField(label=_("Start date"), widget=DATE)
    basis = forms.ChoiceField(label=_("Basis"), choices=Basis.choices, widget=forms.RadioSelect)
    days = forms.TypedMultipleChoiceField(
        label=_("Days of attendance"),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    arrival = forms.TimeField(label=_("Arrival"), widget=TIME)
    departure = forms.TimeField(label=_("Departure"), widget=TIME)
    subsidized = forms.BooleanField(label=_("Subsidized place (reduced contribution)"), required=False)
    signed_on = forms.DateField(label=_("Signature date"), widget=DATE)
    fee_outings = forms.DecimalField(label=_("Outings ($)"), required=False, max_digits=7, decimal_places=2)
    fee_hygiene = forms.DecimalField(
        label=_("Hygiene items ($)"), required=False, max_digits=7, decimal_places=2
    )
    fee_extra_meal = forms.DecimalField(
        label=_("Extra meal ($)"), required=False, max_digits=7, decimal_places=2
    )

    def terms(self) -> Terms:
        data = self.cleaned_data
        fees: dict[str, Decimal] = {
            kind: data[f"fee_{kind}"] for kind in FeeKind.values if data.get(f"fee_{kind}") is not None
        }
        return Terms(
            effective_from=data["effective_from"],
            basis=data["basis"],
            days=sum(set(data["days"])),
            arrival=data["arrival"],
            departure=data["departure"],
            subsidized=data["subsidized"],
            signed_on=data["signed_on"],
            fees=fees,
        )

    @staticmethod
    def initial_from(version: Any) -> dict[str, Any]:
        initial = {
            "effective_from": version.effective_from,
            "basis": version.basis,
            "days": [day.value for day in Weekday if version.days & day.value],
            "arrival": version.arrival,
            "departure": version.departure,
            "subsidized": version.subsidized,
            "signed_on": version.signed_on,
        }
        for fee in version.fees.all():
            initial[f"fee_{fee.kind}"] = fee.amount
        return initial


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What the provider must correct"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class EligibilityForm(forms.Form):
    eligibility = forms.ChoiceField(
        label=_("Decision"),
        choices=[(value, label) for value, label in Eligibility.choices if value != Eligibility.PENDING],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Written reason (for a refusal)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EndForm(forms.Form):
    end_date = forms.DateField(label=_("Last day of services"), widget=DATE)
    reason = forms.ChoiceField(label=_("Reason"), choices=EndReason.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Details"),
        help_text=_("Required for « Other reason », and for an end date already past."),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
