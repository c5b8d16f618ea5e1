"""The provider's client reserve: the list, and a child's details opened in place."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from portail.accounts.models import Role
from portail.accounts.permissions import has_role, role_required
from portail.admissions.permissions import can_admit_for
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


def _reading_for(request: HttpRequest, provider_id: int) -> Provider:
    """The provider whose reserve an office agent reads under its delegation (the provider itself may
    too): the same rule as admitting for it; anyone else gets the 403, a provider out of scope the 404."""
    if not (has_role(request.user, Role.PROVIDER) or has_role(request.user, Role.OFFICE_AGENT)):
        raise PermissionDenied
    provider = get_object_or_404(Provider.objects.visible_to(request.user), pk=provider_id)  # type: ignore[arg-type]
    if not can_admit_for(request.user, provider):
        raise PermissionDenied
    return provider


def _reserve_page(request: HttpRequest, provider: Provider, *, provider_id: int | None) -> HttpResponse:
    today = timezone.localdate()
    form = ReserveFilterForm(request.GET or None)
    filters = form.filters()
    children = reserve_of(provider, filters=filters, today=today)
    paginator = Paginator(children, PAGE_SIZE)
    paginator.count = reserve_size(provider, filters=filters, children=children)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "provider": provider,
        "provider_id": provider_id,
        "form": form,
        "page": page,
        "rows": rows(page.object_list, provider=provider, today=today),
        "query": _query_without_page(request),
    }
    template = "waitlist/_reserve_table.html" if request.htmx else "waitlist/reserve.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _child_page(
    request: HttpRequest,
    children: QuerySet[Child],
    file_id: UUID,
    provider: Provider,
    provider_id: int | None,
) -> HttpResponse:
    child = get_object_or_404(
        children.select_related("family").prefetch_related("family__guardians"), file_id=file_id
    )
    template = "waitlist/_child_details.html" if request.htmx else "waitlist/child.html"  # type: ignore[attr-defined]
    context = {"child": child, "guardians": child.family.guardians.all(), "provider_id": provider_id}
    response = render(request, template, context)
    record_read(request, child, provider=provider)
    return response


@role_required(Role.PROVIDER)
@require_safe
def reserve(request: HttpRequest) -> HttpResponse:
    return _reserve_page(request, _reading_provider(request), provider_id=None)


@role_required(Role.PROVIDER)
@require_safe
def child_details(request: HttpRequest, file_id: UUID) -> HttpResponse:
    """A reserve child's details, logged as a read of its file; a child outside the reserve is a 404."""
    provider = _reading_provider(request)
    return _child_page(request, Child.objects.in_reserve_of(provider), file_id, provider, None)


@require_safe
def reserve_for(request: HttpRequest, provider_id: int) -> HttpResponse:
    """The office reads a delegating provider's reserve, to choose a child as the provider would."""
    return _reserve_page(request, _reading_for(request, provider_id), provider_id=provider_id)


@require_safe
def child_details_for(request: HttpRequest, provider_id: int, file_id: UUID) -> HttpResponse:
    """A child of a delegating provider's reserve, read by its office (logged for that provider)."""
    provider = _reading_for(request, provider_id)
    children = Child.objects.visible_to(request.user).in_reserve_of(provider)
    return _child_page(request, children, file_id, provider, provider_id)


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
