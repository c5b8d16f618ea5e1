"""No URL of the portal carries a child's registration number: it opens a child's record, and URLs end up
in access logs, browser histories and 404 warnings. Pages name a child by its opaque file identifier."""

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import UUIDConverter


def _patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def test_no_portal_url_takes_a_registration_number():
    offenders = []
    for route, pattern in _patterns(get_resolver()):
        if not pattern.callback.__module__.startswith("portail."):
            continue
        converters = getattr(pattern.pattern, "converters", {})
        for name in pattern.pattern.regex.groupindex:
            if "number" in name or name in {"child", "code"}:
                offenders.append(f"{route} ({name})")
            # A child is named by a UUID: any other text parameter could carry a number.
            names_a_child = "child" in route or "enfant" in route
            if (
                names_a_child
                and name not in {"pk", "choice_id", "provider_id"}
                and not isinstance(converters.get(name), UUIDConverter)
            ):
                offenders.append(f"{route} ({name})")

    assert offenders == []


def test_the_child_pages_take_the_file_identifier():
    routes = {route for route, _pattern in _patterns(get_resolver())}

    assert "parent/enfants/<uuid:file_id>/" in routes
    assert "rsge/reserve/enfants/<uuid:file_id>/" in routes
    assert "rsge/admissions/admettre/<uuid:file_id>/" in routes
