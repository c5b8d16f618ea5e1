"""The office's form to register its management software."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portail.api.models import Scope


class SoftwareForm(forms.Form):
    name = forms.CharField(label=_("Name of the software"), max_length=100)
    vendor = forms.CharField(label=_("Vendor"), max_length=100)
    scopes = forms.MultipleChoiceField(
        label=_("What it may do"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Grant only what the software needs."),
    )
