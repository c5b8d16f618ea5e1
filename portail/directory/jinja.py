"""The Jinja2 environment of the public map's hot templates (portail/directory/jinja2/): the search block,
its list's entries and its form's fields, rendered several times faster than by Django's engine
(docs/architecture.md, « The map's search »). Django's translations, `url` and `static` as in the others."""

from typing import Any

from django.contrib.humanize.templatetags.humanize import intcomma
from django.forms.renderers import Jinja2 as Jinja2Renderer
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext, ngettext, pgettext
from jinja2 import Environment


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> Environment:
    # Django's backend asks for autoescaping already; it is said here too, so no caller can turn it off.
    options.pop("autoescape", None)
    env = Environment(extensions=["jinja2.ext.i18n"], autoescape=True, **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
    # `gettext` without the newstyle's formatting, for a message formatted later (once per entry).
    env.globals.update(url=url, static=static, gettext=gettext, pgettext=pgettext)
    env.filters["floatformat"] = floatformat
    env.filters["date"] = date_filter
    env.filters["intcomma"] = intcomma
    return env


class SearchFormRenderer(Jinja2Renderer):
    """The search form's fields through Django's own Jinja2 widget templates and a port of
    core/forms/field.html: the same markup as the portal's other forms."""

    field_template_name = "directory/forms/field.html"
