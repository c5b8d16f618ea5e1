"""Admission forms: the planned start date, a registration number, a refusal's or a cancellation's
reason, the date the office confirms."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AdmitForm(forms.Form):
    start_date = forms.DateField(
        label=_("Planned start date"), widget=forms.DateInput(attrs={"type": "date"})
    )


class LookupForm(forms.Form):
    number = forms.CharField(
        label=_("Registration number given by the parent"),
        help_text=_("9 characters, for example K7M-4QX-R2P."),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}
        ),
    )


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the refusal"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the cancellation"),
        help_text=_("The parent reads it in the e-mail that tells of the cancellation."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConfirmForm(forms.Form):
    start_date = forms.DateField(
        label=_("Planned start date in childcare"),
        help_text=_(
            "The provider's date; change it if the provider and the parent agreed on another one. "
            "Capacity and the under-18-months limit are checked on the new date."
        ),
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class DelegationForm(forms.Form):
    active = forms.BooleanField(
        label=_("Authorize my coordinating office to admit children for me"), required=False
    )
