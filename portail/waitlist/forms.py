"""The reserve's filters, read from the query string."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portail.waitlist.selectors import ReserveFilters


class ReserveFilterForm(forms.Form):
    age_group = forms.ChoiceField(
        label=_("Age today"),
        choices=[
            ("", _("All ages")),
            ("under_18_months", _("Under 18 months")),
            ("18_months_and_over", _("18 months and over")),
        ],
        required=False,
    )
    start_from = forms.DateField(
        label=_("Desired start from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    start_to = forms.DateField(
        label=_("Desired start until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    matches_opening_days = forms.BooleanField(label=_("Only days I am open"), required=False)
    hide_admitted_elsewhere = forms.BooleanField(
        label=_("Hide the children admitted elsewhere"), required=False
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start_from, start_to = data.get("start_from"), data.get("start_to")
        if start_from and start_to and start_to < start_from:
            self.add_error("start_to", _("The end of the period cannot come before its start."))
        return data

    def filters(self) -> ReserveFilters:
        """The filters to apply; none when the form is invalid (the errors are shown)."""
        if not self.is_valid():
            return ReserveFilters()
        return ReserveFilters(**self.cleaned_data)
