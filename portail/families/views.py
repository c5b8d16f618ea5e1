"""The parent's pages: the family file, guardians, a child's registration, and the services chosen."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from portail.accounts.models import Role
from portail.accounts.permissions import role_required
from portail.admissions.models import HOLDING_A_PLACE
from portail.admissions.selectors import admissions_visible_to
from portail.families.forms import ChildForm, ChooseServiceForm, guardian_formset_class
from portail.families.models import Child, Choice, Guardian
from portail.families.services import (
    add_choice,
    family_file_of,
    register_child,
    remove_choice,
    save_guardians,
    withdraw_other_choices,
)
from portail.registry.models import Facility, Provider


def _own_child(request: HttpRequest, number: str) -> Child:
    """The parent's own child by its number; another family's child is a 404."""
    return get_object_or_404(Child.objects.of_parent(request.user), registration_number=number.upper())


@role_required(Role.PARENT)
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
        return redirect("families:confirmation", number=child.registration_number)
    return render(request, "families/register.html", {"form": form})


@role_required(Role.PARENT)
def confirmation(request: HttpRequest, number: str) -> HttpResponse:
    """The printable proof of registration, with the number to give to providers."""
    child = _own_child(request, number)
    return render(request, "families/confirmation.html", {"child": child})


@role_required(Role.PARENT)
def child(request: HttpRequest, number: str) -> HttpResponse:
    child = _own_child(request, number)
    choices = child.choices.select_related("provider", "facility")
    admissions = admissions_visible_to(request.user).filter(child=child)
    holding = [admission for admission in admissions if admission.status in HOLDING_A_PLACE]
    others = [choice for choice in choices if not any(a.provider_id == choice.provider_id for a in holding)]
    return render(
        request,
        "families/child.html",
        {
            "child": child,
            "choices": choices,
            "admissions": admissions,
            "can_withdraw_others": bool(holding and others),
        },
    )


@role_required(Role.PARENT)
@require_POST
def withdraw_other_choices_view(request: HttpRequest, number: str) -> HttpResponse:
    """One click: once admitted somewhere, withdraw every other choice."""
    child = _own_child(request, number)
    count = withdraw_other_choices(child=child)
    messages.success(request, _("%(count)s other choices withdrawn.") % {"count": count})
    return redirect("families:child", number=child.registration_number)


@role_required(Role.PARENT)
@require_POST
def withdraw_choice(request: HttpRequest, number: str, choice_id: int) -> HttpResponse:
    child = _own_child(request, number)
    choice = get_object_or_404(child.choices, pk=choice_id)
    remove_choice(choice=choice)
    messages.success(
        request, _("The service was removed from the choices of %(name)s.") % {"name": child.first_name}
    )
    return redirect("families:child", number=child.registration_number)


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
