"""The provider's client reserve: the list, and a child's details opened in place."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from portail.accounts.models import Role
from portail.accounts.permissions import role_required
from portail.families.models import Child
from portail.registry.selectors import own_entry
from portail.waitlist.forms import ReserveFilterForm
from portail.waitlist.selectors import child_in_reserve, reserve_of, reserve_size, rows

PAGE_SIZE = 25


@role_required(Role.PROVIDER)
def reserve(request: HttpRequest) -> HttpResponse:
    provider = own_entry(request.user)
    today = timezone.localdate()
    form = ReserveFilterForm(request.GET or None)
    filters = form.filters()
    children = reserve_of(provider, filters=filters, today=today)
    paginator = Paginator(children, PAGE_SIZE)
    paginator.count = reserve_size(provider, filters=filters, children=children)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "provider": provider,
        "form": form,
        "page": page,
        "rows": rows(page.object_list, provider=provider, today=today),
        "query": _query_without_page(request),
    }
    template = "waitlist/_reserve_table.html" if request.htmx else "waitlist/reserve.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@role_required(Role.PROVIDER)
def child_details(request: HttpRequest, number: str) -> HttpResponse:
    """A reserve child's details; a child outside this provider's reserve is a 404."""
    provider = own_entry(request.user)
    try:
        child = child_in_reserve(provider, number.upper())
    except Child.DoesNotExist:
        raise Http404 from None
    template = "waitlist/_child_details.html" if request.htmx else "waitlist/child.html"  # type: ignore[attr-defined]
    return render(request, template, {"child": child, "guardians": child.family.guardians.all()})


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
