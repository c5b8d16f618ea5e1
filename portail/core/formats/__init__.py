"""The portal's own date and time formats (FORMAT_MODULE_PATH), and the French « 1er » of a month's first day.

Django's fr_CA formats write times with an unescaped ``h`` (the 12-hour hour): « 13 01 06 » for 13:06:06.
``fr_CA/formats.py`` writes them as Québec does, « 13 h 06 ». Django's date format has no token for the
French ordinal of the first day (« 1er décembre »): ``french_first_day`` adds it to a format, and the
templates' ``date`` filter (``portail.core.templatetags.dates``, a template builtin) applies it.
"""

import re
from datetime import date

from django.utils.translation import get_language

# A day of the month (unescaped ``j`` or ``d``) written before a month's name (``F`` or ``E``).
_DAY_BEFORE_MONTH = re.compile(r"(?<!\\)(j)(?=[\s\xa0]*(?:\\.)*[\s\xa0]*[FE])")


def french_first_day(format_string: str, value: date) -> str:
    """The format, with « er » after the day when the value is a month's first and the language French."""
    if getattr(value, "day", None) != 1 or not (get_language() or "").startswith("fr"):
        return format_string
    return _DAY_BEFORE_MONTH.sub(r"j\\e\\r", format_string)
