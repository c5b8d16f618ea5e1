"""The public map: the search page and its list, its JSON points, town suggestions, each service's page."""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from portail.core.db_router import public_read
from portail.directory import fragments
from portail.directory.forms import QUERY_MAX_LENGTH, SearchForm
from portail.directory.geocoding import get_geocoder
from portail.directory.presentation import (
    opening,
    places_available,
    provider_name,
    provider_type,
    summary_of,
)
from portail.directory.selectors import (
    FACILITY_FIELDS,
    map_points,
    nearest_page,
    public_provider,
)
from portail.profiles.models import ProviderProfile
from portail.profiles.selectors import describe
from portail.registry.models import Facility, Provider

PAGE_SIZE = 20
MAX_PAGE = 1000  # 20,000 services: more than any radius holds; a bigger number is the last page


def _page_number(raw: str | None) -> int | None:
    """The page asked for, or None when it is not a page number (junk, zero, negative)."""
    if raw is None:
        return 1
    try:
        number = int(raw)
    except ValueError:
        return None
    return number if number >= 1 else None


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_not_required
@require_safe
@public_read
def search(request: HttpRequest) -> HttpResponse:
    """The map and its accessible list; an htmx request gets the search block alone. The block is Jinja2's
    (directory/_search.html), its fields and entries kept from one search to the next (fragments.py)."""
    searched = any(name in request.GET for name in SearchForm.base_fields)
    form = SearchForm(request.GET if searched else None)
    context: dict[str, object] = {
        "form": form,
        "criteria": None,
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
    if form.is_valid():
        criteria = form.criteria()
        today = timezone.localdate()
        asked = _page_number(request.GET.get("page"))
        number = min(asked or 1, MAX_PAGE)
        points, total = nearest_page(criteria, today=today, number=number, size=PAGE_SIZE)
        paginator = Paginator[object](range(total), PAGE_SIZE)
        if number > paginator.num_pages:
            # Past the end, the last page: one more search, on this rare path only.
            number = paginator.num_pages
            points, total = nearest_page(criteria, today=today, number=number, size=PAGE_SIZE)
        page = Page(points, number, paginator)
        query = _query_without_page(request)
        entries = fragments.entries(points, today=today)
        context.update(
            criteria=criteria,
            place=form.cleaned_data["q"],
            count=total,
            page=page,
            entries=entries,
            pagination=render_to_string("core/_pagination.html", {"page": page, "query": query})
            if entries
            else "",
            query=query,
            page_warning=_("This page number does not exist: here is the first page.")
            if asked is None
            else "",
        )
    context["fields"] = fragments.fields(form)
    block = mark_safe(render_to_string("directory/_search.html", context))  # noqa: S308 - Jinja2 escaped it
    if request.htmx and not request.htmx.history_restore_request:  # type: ignore[attr-defined]
        response = HttpResponse(block)
    else:
        response = render(request, "directory/search.html", {"search_block": block})
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_not_required
@require_safe
@public_read
def points(request: HttpRequest) -> HttpResponse:
    """Every service of a search as compact map points (docs/api.md); bad input is a 400 with a code."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        code, message = form.error()
        return JsonResponse({"error": {"code": code, "message": message}}, status=400)
    criteria = form.criteria()
    markers = map_points(criteria, today=timezone.localdate())
    # The points' columns come as JSON from the database; the rest is wrapped around them.
    head = json.dumps(
        {
            "count": len(markers),
            "center": {"lat": round(criteria.latitude, 4), "lon": round(criteria.longitude, 4)},
            "radius_km": criteria.radius_km,
        },
        separators=(",", ":"),
    )
    return HttpResponse(f'{head[:-1]},"points":{markers.columns_json}}}', content_type="application/json")


@login_not_required
@require_safe
@public_read
def suggestions(request: HttpRequest) -> HttpResponse:
    """Towns whose name starts with (or holds) what was typed, as the options of a <datalist>."""
    typed = request.GET.get("q", "")
    names = get_geocoder().suggest(typed) if len(typed) <= QUERY_MAX_LENGTH else []
    return render(request, "directory/_suggestions.html", {"names": names})


@login_not_required
@require_safe
@public_read
def summary(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """One service's summary, for the popup of its marker."""
    service: Provider | Facility
    if kind == "rsge":
        found = public_provider(int(pk), today=timezone.localdate())  # the URL gives digits
        if found is None:
            raise Http404
        service = found
    else:
        service = get_object_or_404(Facility.objects.only(*FACILITY_FIELDS), pk=pk)
    return render(request, "directory/_summary.html", {"service": summary_of(service), "heading": "h3"})


@login_not_required
@require_safe
@public_read
def provider(request: HttpRequest, pk: int) -> HttpResponse:
    """A provider's public page: the always-public facts, and its profile once it is published."""
    entry = public_provider(pk, today=timezone.localdate())
    if entry is None:
        raise Http404
    description = None
    if entry.profile_published_at is not None:
        published = ProviderProfile.objects.filter(provider=entry).values_list("published", flat=True).first()
        description = describe(published) if published else None
    return render(
        request,
        "directory/provider.html",
        {
            "provider": entry,
            "name": provider_name(entry),
            "type": provider_type(entry),
            "opening": opening(entry.opening_days, entry.opens_at, entry.closes_at),
            "places": places_available(entry),
            "description": description,
        },
    )


@login_not_required
@require_safe
@public_read
def facility(request: HttpRequest, pk: int) -> HttpResponse:
    """A facility's public page: its permit's address, its type and its places."""
    entry = get_object_or_404(Facility.objects.only(*FACILITY_FIELDS), pk=pk)
    return render(
        request,
        "directory/facility.html",
        {
            "facility": entry,
            "type": entry.get_kind_display(),
            "opening": opening(entry.opening_days, entry.opens_at, entry.closes_at),
        },
    )
