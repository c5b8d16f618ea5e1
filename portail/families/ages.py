"""Ages of children: in whole months, and the registration window (born, and not yet 6)."""

import calendar
from datetime import date

# Moved to the foundation so that the register can count infants; still read from here by the families.
from portail.core.ages import age_in_months

__all__ = ["MAX_AGE_YEARS", "age_in_months", "sixth_birthday"]

MAX_AGE_YEARS = 6


def sixth_birthday(birth_date: date) -> date:
    """The day a child turns 6 (born 29 February: 1 March when that year has no 29 February)."""
    year = birth_date.year + MAX_AGE_YEARS
    if birth_date.month == 2 and birth_date.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1)
    return birth_date.replace(year=year)
