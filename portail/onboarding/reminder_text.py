"""The reminder e-mail's wording: its placeholders, the default text, and how a text is filled in."""

from string import Formatter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# What an office may write in its subject and message; the names are the ones agents type, in French.
PLACEHOLDERS = {
    "prenom": gettext_lazy("the provider's first name"),
    "nom": gettext_lazy("the provider's last name"),
    "bureau": gettext_lazy("the name of your coordinating office"),
    "lien": gettext_lazy("the address of the portal"),
}


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


def template_errors(text: str) -> list[str]:
    """What is wrong with a text's placeholders: unknown names, or braces that do not close."""
    try:
        fields = [
            field for _literal, field, _spec, _conversion in Formatter().parse(text) if field is not None
        ]
    except ValueError:
        return [_("A brace { or } is not closed. Write placeholders like {prenom}.")]
    unknown = sorted({field for field in fields if field not in PLACEHOLDERS})
    allowed = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    return [
        _("Unknown placeholder: {%(name)s}. Use only %(allowed)s.") % {"name": name, "allowed": allowed}
        for name in unknown
    ]


def fill(text: str, *, first_name: str, last_name: str, office: str, link: str) -> str:
    """A validated text with its placeholders replaced."""
    return text.format_map({"prenom": first_name, "nom": last_name, "bureau": office, "lien": link})
