"""Working days for the office's delays: Monday to Friday except Québec's statutory holidays, computed."""

from datetime import date, timedelta
from functools import cache

from django.conf import settings


def easter_sunday(year: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _nth_monday(year: int, month: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7 + 7 * (n - 1))


def _unless_sunday(day: date) -> date:
    return day + timedelta(days=1) if day.weekday() == 6 else day


@cache
def _holidays(year: int, easter: str) -> frozenset[date]:
    easter_day = easter_sunday(year)
    may_25 = date(year, 5, 25)
    return frozenset(
        {
            date(year, 1, 1),
            # The employer chooses Good Friday or Easter Monday: settings.EASTER_HOLIDAY.
            easter_day - timedelta(days=2) if easter == "friday" else easter_day + timedelta(days=1),
            # Journée nationale des patriotes: the Monday before 25 May.
            may_25 - timedelta(days=may_25.weekday() or 7),
            _unless_sunday(date(year, 6, 24)),
            _unless_sunday(date(year, 7, 1)),
            _nth_monday(year, 9, 1),  # Labour Day
            _nth_monday(year, 10, 2),  # Thanksgiving
            date(year, 12, 25),
        }
    )


def holidays(year: int) -> frozenset[date]:
    """Québec's statutory holidays of a year (Good Friday or Easter Monday per `EASTER_HOLIDAY`)."""
    return _holidays(year, getattr(settings, "EASTER_HOLIDAY", "monday"))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in holidays(day.year)


def add_working_days(day: date, n: int) -> date:
    """The date `n` working days after `day` (the day itself does not count)."""
    while n > 0:
        day += timedelta(days=1)
        n -= is_working_day(day)
    return day
