"""Pieces of the search page kept from one search to the next, in each server process: a form field's markup
by its value, a service's entry in the list by what it shows (docs/architecture.md, « The map's search »).

Each piece is keyed by everything its markup is made of — the language, the field's value and errors, the
service's public fields — so a changed service or value is a new key and never an old markup: nothing to
invalidate. Whole pages are never kept (a search's list, count and pages are read afresh every time).
"""

import functools
from collections.abc import Callable, Hashable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.forms import BoundField, Form
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from portail.directory import selectors
from portail.directory.presentation import summary_key, summary_of
from portail.directory.selectors import Point
from portail.registry.models import Facility, Provider

# Enough for every service of Québec (about 18,000) in both languages, each a kilobyte or so; past it, the
# pieces are forgotten all at once and made again: a bound on memory, not a policy.
MAX_PIECES = 40_000


class Pieces:
    """Markup by key, made once by `make` on a miss."""

    def __init__(self, limit: int = MAX_PIECES) -> None:
        self.limit = limit
        self._pieces: dict[Hashable, Any] = {}

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        try:
            return self._pieces[key]
        except KeyError:
            pass
        piece = make()
        if len(self._pieces) >= self.limit:
            self._pieces.clear()
        self._pieces[key] = piece
        return piece

    def clear(self) -> None:
        self._pieces.clear()


FIELDS = Pieces()
ENTRIES = Pieces()


def _hashable(value: object) -> Hashable:
    return tuple(value) if isinstance(value, list) else value


def fields(form: Form) -> dict[str, SafeString]:
    """Each field's markup as `as_field_group` writes it; a field with errors is written afresh."""
    language = get_language()
    written: dict[str, SafeString] = {}
    for name in form.fields:
        bound: BoundField = form[name]
        if form.is_bound and bound.errors:
            written[name] = bound.as_field_group()
            continue
        key = (language, name, form.is_bound, _hashable(bound.data) if form.is_bound else None)
        written[name] = FIELDS.get(key, bound.as_field_group)
    return written


def _distance(distance_km: float) -> str:
    # Django's |floatformat:1 (half up, the language's decimal mark), without its generality.
    rounded = Decimal(repr(distance_km)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return str(rounded)


def _entry(service: Provider | Facility) -> tuple[str, str]:
    """A service's <li> around where its distance goes: written with a distance of 0 km, then cut there."""
    at_zero = Point(kind="", pk=0, latitude=0, longitude=0, distance_km=0, published=False)
    summary = summary_of(service, at_zero)
    # The summary's own file, as the popup renders it (no import: Jinja2 would keep an imported module's
    # labels in the language of its first render).
    entry = render_to_string("directory/_summary.html", {"service": summary, "heading": "h3"})
    html = f'<li class="service-list__item">{entry.strip()}</li>'
    # The first <dd> of an entry is its distance's: names and places are escaped, so no other text can
    # hold a raw tag.
    start = html.index("<dd>") + len("<dd>")
    return html[:start], html[html.index("</dd>", start) :]


def _entry_of(service: Callable[[], Provider | Facility]) -> tuple[str, str]:
    return _entry(service())


def warm(*, today: date, language: str | None = None) -> int:
    """Writes the entry of every service of today's map ahead of the searches, in `language` (French by
    default): a server process that starts does it (gunicorn.conf.py), so that parents' first searches do
    not pay for them (about 0.4 ms an entry, 8 s for Québec's 17,000; then only a changed service's entry is
    written again). Returns how many entries it wrote or found."""
    # Reads the map's index: built here if the process has none yet (two statements).
    with translation.override(language or settings.LANGUAGE_CODE):
        services = selectors.keyed_services(selectors.every_point(today=today), today=today, key=summary_key)
        language = get_language()
        for _point, key, service in services:
            ENTRIES.get((language, key), functools.partial(_entry_of, service))
    return len(services)


def entries(points: list[Point], *, today: date) -> SafeString:
    """The list's entries of a page's points (each a directory/_summary.html in its <li>), each made once per
    language and content: from the map's index, whose keys say what changed."""
    if not points:
        return mark_safe("")
    language = get_language()
    kilometres = gettext("%(distance)s km")
    decimal_mark = str(get_format("DECIMAL_SEPARATOR"))
    parts = []
    for point, key, service in selectors.keyed_services(points, today=today, key=summary_key):
        head, tail = ENTRIES.get((language, key), functools.partial(_entry_of, service))
        distance = _distance(point.distance_km).replace(".", decimal_mark)
        parts.append(f"{head}{escape(kilometres % {'distance': distance})}{tail}")
    return mark_safe("".join(parts))  # noqa: S308 - each part is escaped Jinja2 markup or escaped here
