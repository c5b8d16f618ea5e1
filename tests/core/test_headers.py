"""Every page of the URLconf answers with the portal's security headers, and no signed-in page is cached."""

import re
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

# The demo accounts by role, and the anonymous visitor.
ROLES = ["anonymous", "parent", "provider", "office_agent", "ministry"]

# A value for each path converter: a route with parameters is asked for an entry that does not exist, and
# its answer (usually a 404) must carry the headers too. Digits suit int, str and path converters alike.
SAMPLES = {"uuid": "00000000-0000-0000-0000-000000000000"}


def _routes(patterns=None, prefix: str = "") -> Iterator[str]:
    """The URL of every route; the admin's and allauth's few regular-expression routes are left out."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLES.get(m.group(1), "999999"), route)


ROUTES = sorted(set(_routes()))


def test_the_walk_reaches_the_portals_pages():
    assert {"/", "/sante/", "/carte/", "/comptes/login/", "/admin/"} <= set(ROUTES)
    assert len(ROUTES) > 40


def _header_problems(response, *, signed_in: bool) -> list[str]:
    problems = []
    policy = response.get("Content-Security-Policy", "")
    directives = dict(part.strip().partition(" ")[::2] for part in policy.split(";") if part.strip())
    if directives.get("script-src") != "'self'" or directives.get("style-src") != "'self'":
        problems.append(f"CSP {policy!r}")
    if "unsafe-inline" in policy or "unsafe-eval" in policy:
        problems.append(f"CSP allows inline code: {policy!r}")
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        if f"{feature}=()" not in response.get("Permissions-Policy", ""):
            problems.append(f"Permissions-Policy lets {feature} on")
    if response.get("Referrer-Policy") != "same-origin":
        problems.append(f"Referrer-Policy {response.get('Referrer-Policy')!r}")
    if signed_in and "no-store" not in response.get("Cache-Control", ""):
        problems.append(f"Cache-Control {response.get('Cache-Control')!r}")
    return problems


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_with_the_security_headers(client, demo_accounts, role):
    if role != "anonymous":
        client.force_login(demo_accounts[role])
    problems = {}
    for url in ROUTES:
        response = client.get(url)
        found = _header_problems(response, signed_in=role != "anonymous")
        if found:
            problems[url] = (response.status_code, found)

    assert problems == {}
