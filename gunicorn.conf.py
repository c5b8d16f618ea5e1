"""Gunicorn's settings, read from the project's root (`gunicorn config.wsgi`): the demo's and production's.

The access log names the path, never the query string nor the referring page: a map search's query holds
the address or postal code a parent typed (docs/privacy.md). What it writes is escaped, so that a `%0d%0a`
in a URL cannot forge a line, and anything shaped like a child's registration number is masked.
"""

import os
import re
from typing import Any

from gunicorn.glogging import Logger

access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'

# Nine symbols of the registration numbers' alphabet, with or without separators (portail.families.numbers).
REGISTRATION_NUMBER = re.compile(
    r"(?<![0-9A-Z])[2-9A-HJKMNP-TV-Y]{3}[-\s]?[2-9A-HJKMNP-TV-Y]{3}[-\s]?[2-9A-HJKMNP-TV-Y]{3}(?![0-9A-Z])",
    re.IGNORECASE,
)
ESCAPED_ATOMS = ("U", "m", "H", "a", "h")


def _escape(value: str) -> str:
    """Control characters, quotes and backslashes as escapes: one request is always one log line."""
    return "".join(
        f"\\x{ord(char):02x}" if ord(char) < 0x20 or ord(char) == 0x7F or char in '"\\' else char
        for char in value
    )


class SafeAccessLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ESCAPED_ATOMS:
            if isinstance(atoms.get(key), str):
                atoms[key] = _escape(atoms[key])
        if isinstance(atoms.get("U"), str):
            atoms["U"] = REGISTRATION_NUMBER.sub("[numéro]", atoms["U"])
        return atoms


logger_class = SafeAccessLogger


def post_worker_init(worker: Any) -> None:
    """Each worker builds the map's index and writes its entries ahead before it answers its first request
    (about 8 s for Québec; docs/deployment.md, « The map's index »), so that no parent's search pays for
    them: MAP_WARM_ENTRIES=0 turns it off."""
    if os.environ.get("MAP_WARM_ENTRIES", "1") == "0":
        return
    from django.utils import timezone

    from portail.directory.fragments import warm

    warm(today=timezone.localdate())
