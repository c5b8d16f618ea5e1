"""The rules an agreement's terms must keep, each refusal a French message on the field it concerns."""

from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portail.admissions.models import Admission
from portail.agreements.models import Basis, FeeKind

FULL_DAY_MORE_THAN = 4 * 60  # minutes
HALF_DAY_FROM, HALF_DAY_TO = 150, 4 * 60
AT_MOST_A_DAY = 10 * 60


@dataclass(frozen=True)
class Terms:
    """What the parent and the provider agreed, from a date."""

    effective_from: date
    basis: str
    days: int  # a bit set of registry.models.Weekday
    arrival: time
    departure: time
    subsidized: bool
    signed_on: date
    fees: dict[str, Decimal] = field(default_factory=dict)


def minutes(arrival: time, departure: time) -> int:
    return (departure.hour * 60 + departure.minute) - (arrival.hour * 60 + arrival.minute)


def check_terms(terms: Terms, *, admission: Admission, today: date) -> None:
    """Raises a ValidationError naming each field whose value breaks a rule."""
    errors: dict[str, list[str]] = {}

    def refuse(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if terms.effective_from < admission.planned_start_date:
        refuse(
            "effective_from",
            _("The agreement cannot start before the admission's planned start date (%(date)s).")
            % {"date": date_format(admission.planned_start_date, "DATE_FORMAT")},
        )
    if terms.signed_on > today:
        refuse("signed_on", _("The signature date cannot be in the future."))
    if terms.basis not in Basis.values:
        refuse("basis", _("Choose a full day or a half-day."))
    length = minutes(terms.arrival, terms.departure)
    if length <= 0:
        refuse("departure", _("The departure must come after the arrival."))
    elif length > AT_MOST_A_DAY:
        refuse("departure", _("A child may attend at most 10 continuous hours a day."))
    elif terms.basis == Basis.FULL_DAY and length <= FULL_DAY_MORE_THAN:
        refuse(
            "departure", _("A full day is more than 4 continuous hours: choose a half-day or longer hours.")
        )
    elif terms.basis == Basis.HALF_DAY and not HALF_DAY_FROM <= length <= HALF_DAY_TO:
        refuse("departure", _("A half-day lasts from 2 h 30 to 4 hours: choose a full day or other hours."))
    if not 1 <= terms.days <= 127:
        refuse("days", _("Choose at least one day of attendance."))
    elif terms.days & ~admission.provider.opening_days:
        refuse("days", _("The provider is closed on some of these days: choose only days it is open."))
    for kind, amount in terms.fees.items():
        if kind not in FeeKind.values:
            refuse("fees", _("Only outings, hygiene items and an extra meal may be charged as extra fees."))
        elif amount < 0:
            refuse("fees", _("An extra fee cannot be negative."))
    if errors:
        raise ValidationError(errors)
