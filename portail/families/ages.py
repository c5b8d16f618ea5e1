"""Ages of children: in whole months, and the registration window (born, and not yet 6)."""

import calendar
from datetime import date

MAX_AGE_YEARS = 6


def _is_last_day_of_month(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def age_in_months(birth_date: date, on: date) -> int:
    """Completed months of age on a day; a month ends on the same day of the month, or on the last day
    of a shorter month (born 31 January: one month old on 28 February, or 29 in a leap year)."""
    months = (on.year - birth_date.year) * 12 + (on.month - birth_date.month)
    if on.day < birth_date.day and not _is_last_day_of_month(on):
        months -= 1
    return max(months, 0)


def sixth_birthday(birth_date: date) -> date:
    """The day a child turns 6 (born 29 February: 1 March when that year has no 29 February)."""
    year = birth_date.year + MAX_AGE_YEARS
    if birth_date.month == 2 and birth_date.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1)
    return birth_date.replace(year=year)
