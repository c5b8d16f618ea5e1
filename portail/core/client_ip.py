"""The client's address, the same for allauth's rate limits and django-axes' lock-outs.

Behind TRUSTED_PROXY_COUNT reverse proxies, each proxy appends the address it received the request from to
X-Forwarded-For; the last N entries are therefore written by proxies we run, and the N-th from the right is
the client as the outermost proxy saw it. Anything to its left was sent by the client itself and is ignored.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The client's address given the trusted proxies; the direct peer's when the header cannot be trusted."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies: int = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = forwarded.split(",")
        # Fewer hops than proxies: the request did not come through them all, so the header is the
        # client's own words.
        if len(hops) >= proxies:
            address = _valid(hops[-proxies])
            if address:
                return address
    return _valid(remote) or remote
