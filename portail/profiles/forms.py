"""The profile form: every rule of issue « fiche descriptive » with its French message at the field."""

from datetime import date, time
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from portail.profiles.models import (
    DAILY_RATE_MAX,
    PRESENTATION_MAX_LENGTH,
    WEEKDAY_KEYS,
    CarePeriod,
    Language,
    Meal,
    ProviderProfile,
)
from portail.profiles.services import DRAFT_FIELDS, draft_errors
from portail.registry.models import Provider, Weekday

CLOSURE_ROWS = 3
MAX_AGE_MONTHS = 71
DAY_LABELS = dict(zip(WEEKDAY_KEYS, Weekday.labels, strict=True))


class ProfileForm(forms.Form):
    places_under_18_months = forms.IntegerField(
        label=_("Places for children under 18 months"), min_value=0, max_value=9
    )
    places_18_months_and_over = forms.IntegerField(
        label=_("Places for children 18 months and over"), min_value=0, max_value=9
    )
    min_age_months = forms.IntegerField(
        label=_("Youngest age accepted, in months"), min_value=0, max_value=MAX_AGE_MONTHS, required=False
    )
    max_age_months = forms.IntegerField(
        label=_("Oldest age accepted, in months"), min_value=0, max_value=MAX_AGE_MONTHS, required=False
    )
    show_group = forms.BooleanField(label=_("Parents may see the group composition"), required=False)
    places_subsidized = forms.BooleanField(
        label=_("My places are subsidized (reduced contribution)"), required=False
    )
    daily_rate = forms.DecimalField(
        label=_("Daily rate, in dollars"),
        help_text=_("Required when your places are not subsidized."),
        min_value=Decimal(0),
        max_value=Decimal(DAILY_RATE_MAX),
        max_digits=6,
        decimal_places=2,
        required=False,
        localize=True,
    )
    show_rate = forms.BooleanField(label=_("Parents may see the rate"), required=False)
    care_periods = forms.MultipleChoiceField(
        label=_("Care periods offered"),
        choices=CarePeriod.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    show_care_periods = forms.BooleanField(label=_("Parents may see the care periods"), required=False)
    meals = forms.MultipleChoiceField(
        label=_("Meals served"), choices=Meal.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    show_meals = forms.BooleanField(label=_("Parents may see the meals"), required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    show_languages = forms.BooleanField(label=_("Parents may see the languages"), required=False)
    presentation = forms.CharField(
        label=_("Presentation of my childcare service"),
        # Translated when shown, not once at import.
        help_text=lazy(
            lambda: str(_("Plain text, at most %(limit)s characters.")) % {"limit": PRESENTATION_MAX_LENGTH},
            str,
        )(),
        max_length=PRESENTATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    show_presentation = forms.BooleanField(label=_("Parents may see the presentation"), required=False)
    show_closures = forms.BooleanField(label=_("Parents may see the closure periods"), required=False)

    def __init__(self, *args: Any, provider: Provider, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.provider = provider
        for key in WEEKDAY_KEYS:
            day = DAY_LABELS[key]
            self.fields[f"open_{key}"] = forms.BooleanField(
                label=_("Open on %(day)s") % {"day": day}, required=False
            )
            self.fields[f"opens_{key}"] = forms.TimeField(
                label=_("Opens at (%(day)s)") % {"day": day},
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}),
            )
            self.fields[f"closes_{key}"] = forms.TimeField(
                label=_("Closes at (%(day)s)") % {"day": day},
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}),
            )
        for row in range(CLOSURE_ROWS):
            self.fields[f"closure_start_{row}"] = forms.DateField(
                label=_("Closure %(n)s: first day") % {"n": row + 1},
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )
            self.fields[f"closure_end_{row}"] = forms.DateField(
                label=_("Closure %(n)s: last day") % {"n": row + 1},
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )

    @classmethod
    def initial_for(cls, profile: ProviderProfile) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(profile, name) for name in DRAFT_FIELDS if name not in {"hours", "closures"}
        }
        for key, (opens, closes) in profile.hours.items():
            initial.update({f"open_{key}": True, f"opens_{key}": opens, f"closes_{key}": closes})
        for row, closure in enumerate(profile.closures[:CLOSURE_ROWS]):
            initial.update({f"closure_start_{row}": closure["start"], f"closure_end_{row}": closure["end"]})
        return initial

    def days(self) -> list[dict[str, Any]]:
        """The opening-hours rows, for the template."""
        return [
            {
                "label": DAY_LABELS[key],
                "open": self[f"open_{key}"],
                "times": [self[f"opens_{key}"], self[f"closes_{key}"]],
            }
            for key in WEEKDAY_KEYS
        ]

    def closure_rows(self) -> list[dict[str, Any]]:
        return [
            {"start": self[f"closure_start_{row}"], "end": self[f"closure_end_{row}"]}
            for row in range(CLOSURE_ROWS)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("places_subsidized")
            and data.get("daily_rate") is None
            and "daily_rate" not in self.errors
        ):
            # The form asks for a whole profile; the service lets a draft be partial (is_complete).
            self.add_error("daily_rate", _("Give your daily rate, or say that your places are subsidized."))
        data["hours"] = self._clean_hours(data)
        data["closures"] = self._clean_closures(data)
        self._check_against_the_rules(data)
        return data

    def _check_against_the_rules(self, data: dict[str, Any]) -> None:
        """The service's rules (the register's places, the ages), shown at their fields; the hours
        and closures are checked above, day by day, where the form can point at the wrong one."""
        fields = {name: data.get(name) for name in DRAFT_FIELDS}
        draft = ProviderProfile(provider=self.provider, **fields)
        for name, messages in draft_errors(draft).items():
            if name in self.fields and name not in self.errors:
                for message in messages:
                    self.add_error(name, message)

    def _clean_hours(self, data: dict[str, Any]) -> dict[str, list[str]]:
        hours: dict[str, list[str]] = {}
        for key in WEEKDAY_KEYS:
            is_open = data.get(f"open_{key}")
            opens: time | None = data.get(f"opens_{key}")
            closes: time | None = data.get(f"closes_{key}")
            if f"opens_{key}" in self.errors or f"closes_{key}" in self.errors:
                continue
            if not is_open:
                if opens or closes:
                    self.add_error(f"open_{key}", _("Tick this day, or clear its hours."))
                continue
            if opens is None or closes is None:
                self.add_error(f"opens_{key}", _("Give the opening and closing hours of this day."))
            elif closes <= opens:
                self.add_error(f"closes_{key}", _("Closing must come after opening."))
            else:
                hours[key] = [opens.strftime("%H:%M"), closes.strftime("%H:%M")]
        if not any(data.get(f"open_{key}") for key in WEEKDAY_KEYS):
            self.add_error(None, _("Tick at least one opening day."))
        return hours

    def _clean_closures(self, data: dict[str, Any]) -> list[dict[str, str]]:
        closures = []
        for row in range(CLOSURE_ROWS):
            start: date | None = data.get(f"closure_start_{row}")
            end: date | None = data.get(f"closure_end_{row}")
            if start is None and end is None:
                continue
            if start is None or end is None:
                self.add_error(
                    f"closure_start_{row}", _("Give both the first and the last day of the closure.")
                )
            elif end < start:
                self.add_error(f"closure_end_{row}", _("The last day cannot come before the first."))
            else:
                closures.append({"start": start.isoformat(), "end": end.isoformat()})
        return sorted(closures, key=lambda closure: closure["start"])

    def draft_fields(self) -> dict[str, Any]:
        """The cleaned data as the profile's fields."""
        return {name: self.cleaned_data[name] for name in DRAFT_FIELDS}
