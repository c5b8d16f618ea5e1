"""The reminder e-mail's wording: its placeholders, the default text, and how a text is filled in."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What an office may write in its subject and message; the names are the ones agents type, in French.
PLACEHOLDERS = {
    "prenom": gettext_lazy("the provider's first name"),
    "nom": gettext_lazy("the provider's last name"),
    "bureau": gettext_lazy("the name of your coordinating office"),
    "lien": gettext_lazy("the address of the portal"),
}
SUBJECT_MAX_LENGTH = 200
BODY_MAX_LENGTH = 5000

# A placeholder is a name between braces, nothing else: no format specification, conversion, attribute or
# index (str.format would obey them, and a width of 10**20 exhausts the worker). Any other brace is an error.
_TOKEN = re.compile(r"\{([^{}]*)\}|[{}]")


class WordingError(ValueError):
    """A stored wording that can no longer be filled in (saved before the rules, or by another path)."""


def default_subject() -> str:
    return _("{bureau}: join the childcare registration portal")


def default_body() -> str:
    return _(
        "Hello {prenom} {nom},\n\n"
        "Parents now look for a place in home childcare on the childcare registration portal. "
        "To appear there with your own information, join the portal and publish your profile:\n\n"
        "{lien}\n\n"
        "Sign in with the e-mail address your coordinating office has on file for you. "
        "If you need help, reply to this e-mail or call us.\n\n"
        "Thank you,\n"
        "{bureau}"
    )


def template_errors(text: str, *, max_length: int = BODY_MAX_LENGTH) -> list[str]:
    """What is wrong with a text: too long, unknown placeholders, or braces that do not close."""
    if len(text) > max_length:
        return [
            _("This text has %(length)d characters; at most %(max)d are allowed.")
            % {"length": len(text), "max": max_length}
        ]
    names = []
    for match in _TOKEN.finditer(text):
        if match.group(1) is None:
            return [_("A brace { or } is not closed. Write placeholders like {prenom}.")]
        names.append(match.group(1))
    unknown = sorted({name for name in names if name not in PLACEHOLDERS})
    allowed = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    return [
        _("Unknown placeholder: {%(name)s}. Use only %(allowed)s.") % {"name": name, "allowed": allowed}
        for name in unknown
    ]


def wording_errors(*, subject: str, body: str) -> dict[str, list[str]]:
    """What is wrong with a subject and a message, by field: empty if they may be sent."""
    errors = {
        "subject": template_errors(subject, max_length=SUBJECT_MAX_LENGTH),
        "body": template_errors(body, max_length=BODY_MAX_LENGTH),
    }
    return {name: messages for name, messages in errors.items() if messages}


def fill(text: str, *, first_name: str, last_name: str, office: str, link: str) -> str:
    """A text with its placeholders replaced; raises WordingError if the text breaks the rules."""
    if template_errors(text):
        raise WordingError(text[:50])
    values = {"prenom": first_name, "nom": last_name, "bureau": office, "lien": link}
    return _TOKEN.sub(lambda match: values[match.group(1)], text)
