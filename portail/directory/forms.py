"""The map's search form: a place, a radius and filters, checked before anything is looked up."""

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from portail.directory.geocoding import OutsideQuebec, Place, UnknownPlace, get_geocoder
from portail.directory.jinja import SearchFormRenderer
from portail.directory.selectors import (
    EVENINGS,
    OVER_18_MONTHS,
    PART_TIME,
    PROVIDER,
    UNDER_18_MONTHS,
    WEEKENDS,
    Criteria,
)
from portail.registry.models import FacilityKind

QUERY_MAX_LENGTH = 100
RADIUS_MIN_KM, RADIUS_MAX_KM, RADIUS_DEFAULT_KM = 1, 50, 5
RADIUS_MESSAGE = _("The radius must be between 1 and 50 km.")

# The JSON endpoint's stable error codes (docs/api.md), by field and Django's own error code.
ERROR_CODES = {
    ("q", "required"): "address_required",
    ("q", "max_length"): "address_too_long",
    ("q", "unknown_place"): "unknown_place",
    ("q", "outside_quebec"): "outside_quebec",
    ("radius", "min_value"): "radius_out_of_range",
    ("radius", "max_value"): "radius_out_of_range",
    ("radius", "invalid"): "radius_invalid",
}


class SearchForm(forms.Form):
    # Its fields through Jinja2: the form is most of a search page's rendering by Django's engine.
    default_renderer = SearchFormRenderer()

    q = forms.CharField(
        label=_("Address, postal code or municipality"),
        max_length=QUERY_MAX_LENGTH,
        help_text=_("For example H2X 1Y4, H2X or Trois-Rivières."),
        error_messages={
            "required": _("Enter a postal code (e.g. H2X 1Y4) or the name of a municipality."),
            "max_length": _("Enter at most 100 characters: a postal code or the name of a municipality."),
        },
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "list": "municipalites",
                "autocomplete": "off",
                "hx-get": reverse_lazy("directory:suggestions"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#municipalites",
                "hx-swap": "innerHTML",
                "hx-push-url": "false",
            }
        ),
    )
    radius = forms.IntegerField(
        label=_("Radius"),
        help_text=_("In kilometres, from 1 to 50."),
        required=False,
        initial=RADIUS_DEFAULT_KM,
        min_value=RADIUS_MIN_KM,
        max_value=RADIUS_MAX_KM,
        error_messages={
            "min_value": RADIUS_MESSAGE,
            "max_value": RADIUS_MESSAGE,
            "invalid": _("Enter the radius in kilometres, a whole number from 1 to 50."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
    )
    kind = forms.MultipleChoiceField(
        label=_("Type of service"),
        required=False,
        choices=[
            (PROVIDER, _("Home childcare (RSGE)")),
            (FacilityKind.CPE, _("CPE")),
            (FacilityKind.SUBSIDIZED_DAYCARE, _("Subsidized daycare")),
            (FacilityKind.DAYCARE, _("Non-subsidized daycare")),
        ],
        widget=forms.CheckboxSelectMultiple,
    )
    subsidized = forms.ChoiceField(
        label=_("Subsidized places"),
        required=False,
        choices=[
            ("", _("Subsidized or not")),
            ("yes", _("Subsidized only")),
            ("no", _("Not subsidized only")),
        ],
    )
    age = forms.ChoiceField(
        label=_("Age of the child"),
        required=False,
        choices=[
            ("", _("Any age")),
            (UNDER_18_MONTHS, _("Under 18 months")),
            (OVER_18_MONTHS, _("18 months and over")),
        ],
    )
    period = forms.MultipleChoiceField(
        label=_("Periods offered"),
        required=False,
        choices=[
            (EVENINGS, _("Evenings (after 6 p.m.)")),
            (WEEKENDS, _("Weekends")),
            (PART_TIME, _("Part time")),
        ],
        widget=forms.CheckboxSelectMultiple,
    )
    published = forms.BooleanField(label=_("Only services with a published profile"), required=False)
    places = forms.BooleanField(
        label=_("Only services with places available"),
        help_text=_(
            "Home childcare providers with fewer children admitted than they may receive. Facilities do not "
            "report their places to the portal yet: this filter leaves them out."
        ),
        required=False,
    )

    def clean_q(self) -> Place:
        # Reached only once the length is checked: 10 kB of junk is refused before any lookup.
        query = self.cleaned_data["q"]
        try:
            return get_geocoder().locate(query)
        except OutsideQuebec:
            raise forms.ValidationError(
                _("This postal code is not in Québec: the map shows Québec's childcare services only."),
                code="outside_quebec",
            ) from None
        except UnknownPlace:
            raise forms.ValidationError(
                _(
                    "We do not know this place. Enter a postal code (e.g. H2X 1Y4) "
                    "or the name of a municipality."
                ),
                code="unknown_place",
            ) from None

    def clean_radius(self) -> int:
        radius = self.cleaned_data["radius"]
        return RADIUS_DEFAULT_KM if radius is None else radius

    def criteria(self) -> Criteria:
        """The valid form as a search of the map."""
        data: dict[str, Any] = self.cleaned_data
        place: Place = data["q"]
        return Criteria(
            latitude=place.latitude,
            longitude=place.longitude,
            radius_km=data["radius"],
            kinds=frozenset(data["kind"]),
            subsidized={"yes": True, "no": False}.get(data["subsidized"]),
            age_group=data["age"],
            periods=frozenset(data["period"]),
            published_only=data["published"],
            with_places=data["places"],
        )

    def error(self) -> tuple[str, str]:
        """The first error as a stable code and its French message, for the JSON endpoint."""
        for name, errors in self.errors.as_data().items():
            for error in errors:
                code = ERROR_CODES.get((name, error.code or ""))
                if code is None:
                    code = "address_invalid" if name == "q" else "invalid_filter"
                return code, " ".join(error.messages)
        raise ValueError("The form has no error.")


class _SharedFields(dict[str, forms.Field]):
    """A form class's fields that every instance shares instead of deep-copying them (Django copies them so
    that one form may change its own; this one never does, and the copy was two thirds of its cost on every
    search and every `points.json`)."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, forms.Field]:
        return dict(self)


SearchForm.base_fields = _SharedFields(SearchForm.base_fields)
