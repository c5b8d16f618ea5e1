"""North-American phone numbers as guardians give them: 10 digits (a leading 1 allowed), an extension."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# « (514) 555-0101 », « 514.555.0101 », « +1 514 555 0101 », then « poste 12 », « ext. 12 », « x12 », « #12 ».
PHONE = re.compile(
    r"^\s*(?:\+?1[\s.-]*)?\(?([2-9]\d{2})\)?[\s.-]*([2-9]\d{2})[\s.-]*(\d{4})"
    r"(?:\s*(?:,|;)?\s*(?:poste|post\.?|p\.|ext\.?|extension|x|#)\s*(\d{1,6}))?\s*$",
    re.IGNORECASE,
)


def normalize_phone(value: str) -> str:
    """« (514) 555-0101 x12 » → « 514 555-0101, poste 12 »; refuses anything that is not such a number."""
    match = PHONE.match(value or "")
    if match is None:
        raise ValidationError(
            _("Enter a phone number of 10 digits, like 514 555-0101 (an extension may follow: poste 12)."),
            code="phone",
        )
    area, exchange, line, extension = match.groups()
    number = f"{area} {exchange}-{line}"
    if not extension:
        return number
    return str(_("%(number)s, ext. %(extension)s") % {"number": number, "extension": extension})
