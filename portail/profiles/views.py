"""The provider's own pages for its profile: edit the draft, preview it, publish or take it down."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portail.accounts.models import Role
from portail.accounts.permissions import role_required
from portail.profiles.forms import ProfileForm
from portail.profiles.selectors import describe
from portail.profiles.services import (
    profile_of,
    public_version,
    publish_profile,
    save_profile_draft,
    unpublish_profile,
)
from portail.registry.selectors import own_entry


@role_required(Role.PROVIDER)
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: HttpRequest) -> HttpResponse:
    provider = own_entry(request.user)
    profile = profile_of(provider)
    if request.method == "POST":
        form = ProfileForm(request.POST, provider=provider)
        if form.is_valid():
            try:
                save_profile_draft(provider=provider, by=request.user, **form.draft_fields())  # type: ignore[arg-type]
            except ValidationError as error:
                # The form checks the same rules; only a register changed meanwhile gets here.
                form.add_error(
                    None, [message for messages in error.message_dict.values() for message in messages]
                )
            else:
                messages.success(
                    request,
                    _("Draft saved. Parents will see it only once you press « Publish my profile »."),
                )
                return redirect("profiles:preview")
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(profile), provider=provider)
    return render(request, "profiles/edit.html", {"form": form, "provider": provider, "profile": profile})


@role_required(Role.PROVIDER)
@require_safe
def preview(request: HttpRequest) -> HttpResponse:
    """Exactly what parents will see once the draft is published."""
    provider = own_entry(request.user)
    profile = profile_of(provider)
    return render(
        request,
        "profiles/preview.html",
        {
            "provider": provider,
            "profile": profile,
            "description": describe(public_version(profile)),
            "draft_differs": profile.is_published and profile.published != public_version(profile),
        },
    )


@role_required(Role.PROVIDER)
@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    provider = own_entry(request.user)
    if not profile_of(provider).is_complete:
        messages.error(request, _("Complete your opening hours, your group and your rate before publishing."))
        return redirect("profiles:edit")
    try:
        publish_profile(provider=provider, by=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        # The register changed since the draft was saved: the edit form shows where.
        for message in error.messages:
            messages.error(request, message)
        return redirect("profiles:edit")
    messages.success(request, _("Your profile is published: parents see it on the map."))
    return redirect("profiles:preview")


@role_required(Role.PROVIDER)
@require_POST
def unpublish(request: HttpRequest) -> HttpResponse:
    provider = own_entry(request.user)
    unpublish_profile(provider=provider, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("Your profile is no longer published. Your draft is kept."))
    return redirect("profiles:preview")
