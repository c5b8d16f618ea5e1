"""The portal's own middleware: French first, unless the visitor chose another language with the switch;
browser features off, and no cache of a signed-in user's pages."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)


class ChosenLanguageMiddleware:
    """Like LocaleMiddleware, but it ignores the browser's Accept-Language: a Québec government
    portal speaks French by default, and English only to who asked for it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


# Features no page of the portal uses: a script injected into a page could not turn them on.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class PrivatePagesMiddleware:
    """Browser features off on every page, and nothing a signed-in user saw kept in a cache: on a shared
    computer, the Back button after sign-out must not show a child's file."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        # Asked after the view: a sign-in's answer is already the signed-in user's.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


# How long a browser, a proxy or a CDN may keep an anonymous visitor's public page: a provider's new places
# show up within a minute.
PUBLIC_MAX_AGE = 60


class PublicCacheMiddleware:
    """`Cache-Control` and an `ETag` on the public pages (`portail.core.db_router.public_read`) answered to
    an anonymous visitor, and `304 Not Modified` when the visitor's copy is the same; never on a signed-in
    user's page, an error, or an answer that sets a cookie. An anonymous visitor's public pages hold no CSRF
    token (base.html, core.views.set_language), so the whole pages are kept as well as the map's JSON, its
    htmx search block, a marker's popup and the towns' suggestions. First in MIDDLEWARE, so that it sees the
    cookies every other middleware sets."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            not getattr(request, "public_page", False)
            or request.method not in ("GET", "HEAD")
            or response.status_code != 200
            or response.cookies
            or response.streaming
            or "Cache-Control" in response.headers
            or user is None
            or user.is_authenticated
        ):
            return response
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        set_response_etag(response)
        return get_conditional_response(request, etag=response.headers["ETag"], response=response) or response
