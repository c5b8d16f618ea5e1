"""E-mail text rendered from templates: a subject is plain text, never HTML-escaped."""

from typing import Any

from django.template import Context
from django.template.loader import get_template


def render_subject(template_name: str, context: dict[str, Any]) -> str:
    """A subject template rendered without autoescaping (an apostrophe stays ', not &#x27;), on one line."""
    template = get_template(template_name).template  # type: ignore[attr-defined]
    text: str = template.render(Context(context, autoescape=False))
    return " ".join(text.splitlines()).strip()
