"""The provider's client reserve: the list, and a child's details opened in place."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from portail.accounts.models import Role
from portail.accounts.permissions import role_required
from portail.families.access_log import record_read
from portail.families.models import Child
from portail.registry.models import Provider
from portail.registry.permissions import reads_children
from portail.registry.selectors import own_entry
from portail.waitlist.forms import ReserveFilterForm
from portail.waitlist.selectors import reserve_of, reserve_size, rows

PAGE_SIZE = 25


def _reading_provider(request: HttpRequest) -> Provider:
    """The signed-in provider, if its recognition lets it read its reserve; anyone else gets the 403."""
    provider = own_entry(request.user)
    if not reads_children(provider):
        raise PermissionDenied
    return provider


@role_required(Role.PROVIDER)
@require_safe
def reserve(request: HttpRequest) -> HttpResponse:
    provider = _reading_provider(request)
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
@require_safe
def child_details(request: HttpRequest, file_id: UUID) -> HttpResponse:
    """A reserve child's details, logged as a read of its file; a child outside the reserve is a 404."""
    provider = _reading_provider(request)
    child = get_object_or_404(
        Child.objects.in_reserve_of(provider).select_related("family").prefetch_related("family__guardians"),
        file_id=file_id,
    )
    template = "waitlist/_child_details.html" if request.htmx else "waitlist/child.html"  # type: ignore[attr-defined]
    response = render(request, template, {"child": child, "guardians": child.family.guardians.all()})
    record_read(request, child)
    return response


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
