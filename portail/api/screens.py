"""« Logiciels de gestion »: the office's administrators register their software, see its last use, change
its secret and revoke it (under /bureau/logiciels/)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portail.api import services
from portail.api.forms import SoftwareForm
from portail.api.models import ApiClient, Scope
from portail.api.services import Credentials
from portail.registry.permissions import office_admin_required

SCOPE_LABELS = dict(Scope.choices)


def _secret_page(request: HttpRequest, credentials: Credentials, *, rotated: bool) -> HttpResponse:
    # Shown once, on this answer only: never stored in clear, never in a URL or a message.
    response = render(
        request,
        "api/secret.html",
        {
            "credentials": credentials,
            "rotated": rotated,
            "grace_hours": int(credentials.client.grace_period.total_seconds() // 3600),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@office_admin_required
@require_safe
def software_list(request: HttpRequest) -> HttpResponse:
    clients = ApiClient.objects.visible_to(request.user).select_related("application")
    rows = [(client, [SCOPE_LABELS.get(scope, scope) for scope in client.scope_list]) for client in clients]
    return render(request, "api/software_list.html", {"rows": rows})


@office_admin_required
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache
def software_add(request: HttpRequest) -> HttpResponse:
    form = SoftwareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            credentials = services.register_client(by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return _secret_page(request, credentials, rotated=False)
    return render(request, "api/software_add.html", {"form": form})


@office_admin_required
@require_POST
@never_cache
def software_rotate(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(ApiClient.objects.visible_to(request.user), pk=pk)
    try:
        credentials = services.rotate_secret(client=client, by=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("software:list")
    return _secret_page(request, credentials, rotated=True)


@office_admin_required
@require_POST
def software_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_object_or_404(ApiClient.objects.visible_to(request.user), pk=pk)
    services.revoke_client(client=client, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("The software is revoked: its tokens no longer work."))
    return redirect("software:list")
