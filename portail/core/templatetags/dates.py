"""The templates' ``date`` filter: Django's, plus the French « 1er » of a month's first day.

Registered as a template builtin (settings' TEMPLATES), so every ``|date`` — ``|date:"DATE_FORMAT"`` or
``|date:"j F Y"`` — writes « 1er décembre » in French without each template loading anything.
"""

from datetime import date as date_type
from typing import Any

from django import template
from django.template.defaultfilters import date as django_date
from django.utils.formats import get_format

from portail.core.formats import french_first_day

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date(value: Any, arg: str | None = None) -> str:
    if isinstance(value, date_type):
        format_string = get_format(arg or "DATE_FORMAT")
        return django_date(value, french_first_day(format_string, value))
    return django_date(value, arg)
