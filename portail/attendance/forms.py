"""Attendance forms: they parse; the rules live in services and rules.py."""

from datetime import date
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portail.attendance.models import Day
from portail.attendance.periods import Period

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
STATES = [(Day.PRESENT, _("Present")), (Day.ABSENT, _("Absent")), (Day.NONE, _("Clear"))]
GRID_STATES = [
    (Day.NONE, "—"),
    (Day.PRESENT, _("Present")),
    (Day.EXTRA, _("Present, extra day")),
    (Day.ABSENT, _("Absent")),
]


class MarkForm(forms.Form):
    agreement = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    day = forms.DateField()
    state = forms.ChoiceField(choices=STATES)
    extra = forms.BooleanField(required=False)


class ClosureForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DATE)
    reopen = forms.BooleanField(required=False)


class PeriodForm(forms.Form):
    """One child's 4 weeks: a choice per day, the contribution paid, the justification beyond 20 days."""

    contribution_paid = forms.DecimalField(
        label=_("Contribution paid by the parent for the period ($)"),
        required=False,
        max_digits=8,
        decimal_places=2,
    )
    justification = forms.CharField(
        label=_("Justification of more than 20 days attended"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, period: Period, days: str, closed: set[date], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.period = period
        for index, day in enumerate(period.days):
            label = date_format(day, "l j F")
            if day in closed:
                label = _("%(day)s (closed)") % {"day": label}
            self.fields[f"day_{index}"] = forms.ChoiceField(
                label=label, choices=GRID_STATES, initial=days[index], required=False
            )

    def weeks(self) -> list[list[Any]]:
        """The day fields, 7 by 7."""
        fields = [self[f"day_{index}"] for index in range(len(self.period.days))]
        return [fields[start : start + 7] for start in range(0, len(fields), 7)]

    def days(self) -> str:
        return "".join(
            self.cleaned_data.get(f"day_{index}") or Day.NONE for index in range(len(self.period.days))
        )


class ContestForm(forms.Form):
    comment = forms.CharField(
        label=_("What is wrong in the attendance or the amount?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What the provider must correct"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
