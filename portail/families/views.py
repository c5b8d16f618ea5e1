"""The parent's pages: the family file, guardians, a child's registration, and the services chosen."""

from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portail.accounts.models import Role
from portail.accounts.permissions import role_required
from portail.admissions.models import HOLDING_A_PLACE, Admission
from portail.families.access_log import reads_of
from portail.families.forms import ChildForm, ChooseServiceForm, WishesForm, guardian_formset_class
from portail.families.models import Child, Choice, Guardian
from portail.families.services import (
    add_choice,
    change_child_wishes,
    family_file_of,
    register_child,
    remove_choice,
    save_guardians,
    withdraw_other_choices,
)
from portail.registry.models import Facility, Provider
from portail.registry.names import of_name


def _own_child(request: HttpRequest, file_id: UUID) -> Child:
    """The parent's own child; another family's child is a 404."""
    return get_object_or_404(Child.objects.visible_to(request.user), file_id=file_id)


@role_required(Role.PARENT)
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    family = family_file_of(request.user)  # type: ignore[arg-type]
    children = family.children.prefetch_related("choices__provider", "choices__facility")
    return render(
        request,
        "families/home.html",
        {"family": family, "guardians": family.guardians.all(), "children": children},
    )


@role_required(Role.PARENT)
@require_http_methods(["GET", "HEAD", "POST"])
def guardians(request: HttpRequest) -> HttpResponse:
    family = family_file_of(request.user)  # type: ignore[arg-type]
    existing = Guardian.objects.filter(family=family)
    formset_class = guardian_formset_class(existing=existing.count())
    if request.method == "POST":
        formset = formset_class(request.POST, queryset=existing)
        if formset.is_valid():
            kept = [
                form.instance
                for form in formset.forms
                if (form.instance.pk or form.has_changed()) and form not in formset.deleted_forms
            ]
            save_guardians(family=family, guardians=kept, removed=[f.instance for f in formset.deleted_forms])
            messages.success(request, _("Guardians saved."))
            return redirect("families:home")
    else:
        initial = [] if existing.exists() else [{"email": request.user.email}]  # type: ignore[union-attr]
        formset = formset_class(queryset=existing, initial=initial)
    return render(request, "families/guardians.html", {"formset": formset})


@role_required(Role.PARENT)
@require_http_methods(["GET", "HEAD", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    family = family_file_of(request.user)  # type: ignore[arg-type]
    if not family.guardians.exists():
        messages.info(request, _("First tell us who the child's guardians are."))
        return redirect("families:guardians")
    form = ChildForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        child = register_child(family=family, **form.registration_fields())
        return redirect("families:confirmation", file_id=child.file_id)
    return render(request, "families/register.html", {"form": form})


@role_required(Role.PARENT)
@require_safe
def confirmation(request: HttpRequest, file_id: UUID) -> HttpResponse:
    """The printable proof of registration, with the number to give to providers."""
    return render(request, "families/confirmation.html", {"child": _own_child(request, file_id)})


@role_required(Role.PARENT)
@require_safe
def child(request: HttpRequest, file_id: UUID) -> HttpResponse:
    """A child's page: its registration, admissions, choices, and who opened its file."""
    child = _own_child(request, file_id)
    choices = list(child.choices.select_related("provider", "facility"))
    admissions = Admission.objects.visible_to(request.user).filter(child=child).prefetch_related("events")
    holding = [admission for admission in admissions if admission.status in HOLDING_A_PLACE]
    others = [choice for choice in choices if not any(a.provider_id == choice.provider_id for a in holding)]
    # Each chosen provider's row says where its latest admission of the child stands.
    latest = {a.provider_id: a for a in sorted(admissions, key=lambda a: (a.created_at, a.pk))}
    for choice in choices:
        choice.admission = latest.get(choice.provider_id) if choice.provider_id else None
    return render(
        request,
        "families/child.html",
        {
            "child": child,
            "choices": choices,
            "admissions": admissions,
            "can_withdraw_others": bool(holding and others),
            "reads": reads_of(child, user=request.user),
        },
    )


@role_required(Role.PARENT)
@require_http_methods(["GET", "HEAD", "POST"])
def wishes(request: HttpRequest, file_id: UUID) -> HttpResponse:
    """The parent changes a child's desired start date and schedule; its reserves re-sort with it."""
    child = _own_child(request, file_id)
    form = WishesForm(request.POST or None, initial=WishesForm.initial_of(child))
    if request.method == "POST" and form.is_valid():
        change_child_wishes(child=child, by=request.user, **form.wishes())  # type: ignore[arg-type]
        messages.success(request, _("The wishes for %(name)s are saved.") % {"name": child.first_name})
        return redirect("families:child", file_id=child.file_id)
    return render(request, "families/wishes.html", {"child": child, "form": form})


@role_required(Role.PARENT)
@require_POST
def withdraw_other_choices_view(request: HttpRequest, file_id: UUID) -> HttpResponse:
    """One click: once admitted somewhere, withdraw every other choice."""
    child = _own_child(request, file_id)
    count = withdraw_other_choices(child=child)
    messages.success(request, _("%(count)s other choices withdrawn.") % {"count": count})
    return redirect("families:child", file_id=child.file_id)


@role_required(Role.PARENT)
@require_POST
def withdraw_choice(request: HttpRequest, file_id: UUID, choice_id: int) -> HttpResponse:
    child = _own_child(request, file_id)
    choice = get_object_or_404(Choice.objects.visible_to(request.user).filter(child=child), pk=choice_id)
    remove_choice(choice=choice)
    messages.success(
        request,
        _("The service was removed from the choices %(of_name)s.") % {"of_name": of_name(child.first_name)},
    )
    return redirect("families:child", file_id=child.file_id)


@role_required(Role.PARENT)
@require_http_methods(["GET", "HEAD", "POST"])
def choose(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """« Ajouter à mes choix »: adds a service of the map to the choices of one or more children."""
    provider, facility = None, None
    if kind == "rsge":
        today = timezone.localdate()
        shown = Provider.objects.shown_on_map(today=today, early_display_days=settings.EARLY_DISPLAY_DAYS)
        provider = get_object_or_404(shown, pk=pk)
        already = Choice.objects.filter(provider=provider)
    else:
        facility = get_object_or_404(Facility, pk=pk)
        already = Choice.objects.filter(facility=facility)
    family = family_file_of(request.user)  # type: ignore[arg-type]
    children = family.children.all()
    form = ChooseServiceForm(
        request.POST or None,
        children=children,
        already=set(already.filter(child__family=family).values_list("child_id", flat=True)),
    )
    if request.method == "POST" and form.is_valid():
        for child in form.cleaned_data["children"]:
            add_choice(child=child, provider=provider, facility=facility)
        messages.success(request, _("The service was added to your choices."))
        return redirect("families:home")
    return render(
        request,
        "families/choose.html",
        {"form": form, "service": provider or facility, "kind": kind, "children": children},
    )
