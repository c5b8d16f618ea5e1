"""The rules a child's registration keeps, whatever path registers it (screen, import, API)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portail.families.ages import sixth_birthday


def check_birth_date(birth_date: date, *, today: date) -> None:
    """Only a born (or adopted) child under 6 can be registered."""
    if birth_date > today:
        raise ValidationError(_("Only a child who is born (or adopted) can be registered."), code="unborn")
    if sixth_birthday(birth_date) <= today:
        raise ValidationError(_("The portal registers children under 6 years old."), code="too_old")


def check_desired_start(start: date, *, today: date) -> None:
    if start < today:
        raise ValidationError(_("The desired start date cannot be in the past."), code="past")
