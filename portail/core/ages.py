"""Ages in whole months: the arithmetic the register's infant limit and the families' files share."""

import calendar
from datetime import date


def _is_last_day_of_month(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def age_in_months(birth_date: date, on: date) -> int:
    """Completed months of age on a day; a month ends on the same day of the month, or on the last day
    of a shorter month (born 31 January: one month old on 28 February, or 29 in a leap year)."""
    months = (on.year - birth_date.year) * 12 + (on.month - birth_date.month)
    if on.day < birth_date.day and not _is_last_day_of_month(on):
        months -= 1
    return max(months, 0)
