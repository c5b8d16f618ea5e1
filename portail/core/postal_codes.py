"""Canadian postal codes, and whether one is in Québec (it starts with G, H or J)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Letters D, F, I, O, Q and U are never used; W and Z never come first.
POSTAL_CODE = re.compile(r"^([ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]) ?(\d[ABCEGHJ-NPRSTV-Z]\d)$")
QUEBEC_FIRST_LETTERS = {"G", "H", "J"}


def normalize_postal_code(value: str) -> str | None:
    """« h2x1y4 » → « H2X 1Y4 »; None if it is not a postal code."""
    match = POSTAL_CODE.match(value.strip().upper())
    return f"{match[1]} {match[2]}" if match else None


def validate_quebec_postal_code(value: str) -> None:
    normalized = normalize_postal_code(value)
    if normalized is None:
        raise ValidationError(_("Enter a postal code like H2X 1Y4."), code="postal_code")
    if normalized[0] not in QUEBEC_FIRST_LETTERS:
        raise ValidationError(
            _("Enter a postal code in Québec (it starts with G, H or J)."), code="outside_quebec"
        )
