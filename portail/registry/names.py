"""How services and people are named on screens: a service's public name, and « de » before a name."""

import unicodedata

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portail.registry.models import Provider

# French elides « de » before a vowel or a mute h: « d'Alice », « d'Hélène », but « de Léa ».
_ELIDING = frozenset("aeiouyh")


def public_name(provider: Provider) -> str:
    """A provider's name as the public sees it on the map: the name of its service, never the person's;
    « Milieu familial — Laval » when it has none. Every screen and e-mail naming it to a parent uses it."""
    return provider.service_name or _("Home childcare — %(municipality)s") % {
        "municipality": provider.municipality
    }


def of_name(name: str) -> str:
    """« of Alice » as the language says it: « d'Alice », « de Léa » in French."""
    first = unicodedata.normalize("NFD", name.strip()[:1].lower())[:1]
    if first in _ELIDING:
        return pgettext("before a vowel", "of %(name)s") % {"name": name}
    return pgettext("before a consonant", "of %(name)s") % {"name": name}
