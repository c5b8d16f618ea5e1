"""Family files: a parent's guardians and children, each child's registration and chosen services."""

import uuid
from datetime import timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portail.accounts.models import Role
from portail.families.numbers import display
from portail.registry.models import Facility, Provider, RecognitionStatus, Weekday
from portail.registry.names import public_name
from portail.registry.permissions import acting_provider, reads_admitted_children, reads_children

# How long a provider (or an agent for it) may open a child's file after finding it by its number.
LOOKUP_GRANT = timedelta(hours=24)

SPECIAL_NEEDS_NOTE_MAX_LENGTH = 500


def _parent_of(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.PARENT)


class FamilyFileQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "FamilyFileQuerySet":
        """A parent's own family file; staff reach a family only through a child they may see."""
        return self.filter(parent=user) if _parent_of(user) else self.none()


class GuardianQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "GuardianQuerySet":
        """The guardians of the families whose children the user may see (their contact, to call them)."""
        if _parent_of(user):
            return self.filter(family__parent=user)
        return self.filter(family__children__in=Child.objects.visible_to(user)).distinct()


class ChildQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "ChildQuerySet":
        """The children whose file a user may open: one access rule for every page, list and service.

        A parent: its own family's. A provider whose recognition is in force: its reserve, the children it
        found by number in the last day, and those it admitted; a suspended provider: only the children it
        admitted; any other status: none. An agent: the children admitted at its office's providers, those
        it found by number for one of them in the last day, and the reserves of the providers who delegate
        admissions to the office. Ministry staff: none, ever.
        (Admissions and look-ups are read through their reverse relations, so this app imports neither.)
        """
        if _parent_of(user):
            return self.filter(family__parent=user)
        recent = timezone.now() - LOOKUP_GRANT
        provider = acting_provider(user)
        if provider is not None:
            seen = Q(admissions__provider=provider) if reads_admitted_children(provider) else Q(pk__in=[])
            if reads_children(provider):
                seen |= Q(choices__provider=provider) | Q(
                    number_lookups__provider=provider, number_lookups__at__gte=recent
                )
            return self.filter(seen).distinct()
        agent = getattr(user, "office_agent", None)
        if user.is_authenticated and user.role == Role.OFFICE_AGENT and agent is not None and agent.is_active:
            return self.filter(
                Q(admissions__provider__office_id=agent.office_id)
                | Q(number_lookups__by=user, number_lookups__at__gte=recent)
                # Under a provider's delegation the office acts as the provider would, in its reserve.
                | Q(
                    choices__provider__office_id=agent.office_id,
                    choices__provider__delegation__is_active=True,
                    choices__provider__status=RecognitionStatus.RECOGNIZED,
                )
            ).distinct()
        return self.none()

    def in_reserve_of(self, provider: Provider) -> "ChildQuerySet":
        """The children of a provider's client reserve, if its recognition lets it read them."""
        return self.filter(choices__provider=provider) if reads_children(provider) else self.none()


class ChoiceQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "ChoiceQuerySet":
        """A parent's children's choices; a provider's reserve (while it may read it)."""
        if _parent_of(user):
            return self.filter(child__family__parent=user)
        provider = acting_provider(user)
        if provider is not None and reads_children(provider):
            return self.filter(provider=provider)
        return self.none()


class FamilyFile(models.Model):
    """A parent's dossier familial."""

    parent = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="family")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects: ClassVar[FamilyFileQuerySet] = FamilyFileQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("family file")
        verbose_name_plural = _("family files")

    def __str__(self) -> str:
        return f"{self.parent_id}"


class Guardian(models.Model):
    """One of the one or two guardians of a family file."""

    family = models.ForeignKey(FamilyFile, on_delete=models.CASCADE, related_name="guardians")
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30)
    street_address = models.CharField(_("street address"), max_length=255)
    municipality = models.CharField(_("municipality"), max_length=100)
    postal_code = models.CharField(_("postal code"), max_length=7)

    objects: ClassVar[GuardianQuerySet] = GuardianQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["family", "position"], name="guardian_position_unique"),
            models.CheckConstraint(condition=Q(position__in=[1, 2]), name="guardian_at_most_two"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class ScheduleKind(models.TextChoices):
    FULL_DAYS = "full", _("Full days")
    HALF_DAYS = "half", _("Half days")


class Child(models.Model):
    """A registered child: its registration number and what its parents wish for it."""

    family = models.ForeignKey(FamilyFile, on_delete=models.CASCADE, related_name="children")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    registration_number = models.CharField(_("registration number"), max_length=9, unique=True)
    # What names the child in URLs: the registration number opens a child's record, so it never travels in
    # a URL (access logs, browser history); parents type it in forms.
    file_id = models.UUIDField(_("file identifier"), default=uuid.uuid4, unique=True, editable=False)
    desired_start_date = models.DateField(_("desired start date"))
    schedule_days = models.PositiveSmallIntegerField(_("days wanted"))
    schedule_kind = models.CharField(_("full or half days"), max_length=4, choices=ScheduleKind.choices)
    accepts_partial_match = models.BooleanField(_("would accept a place that does not fully match my needs"))
    accepts_replacement = models.BooleanField(_("would accept a replacement-child place"))
    has_special_needs = models.BooleanField(_("special needs"))
    special_needs_note = models.CharField(
        _("special needs, in a few words"), max_length=SPECIAL_NEEDS_NOTE_MAX_LENGTH, blank=True
    )
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)

    objects: ClassVar[ChildQuerySet] = ChildQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["birth_date"]
        indexes = [models.Index(fields=["desired_start_date"], name="child_desired_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(schedule_days__gte=1, schedule_days__lte=127), name="child_days_valid"
            ),
            models.CheckConstraint(
                condition=Q(schedule_kind__in=ScheduleKind.values), name="child_schedule_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(has_special_needs=True) | Q(special_needs_note=""),
                name="child_note_only_with_needs",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.display_number})"

    @property
    def display_number(self) -> str:
        return display(self.registration_number)

    @property
    def days_wanted(self) -> list[str]:
        """The weekdays of the schedule wanted, by name."""
        return [str(label) for value, label in Weekday.choices if self.schedule_days & value]


class Choice(models.Model):
    """A service a parent chose for a child; choosing a provider puts the child in its reserve."""

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="choices")
    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, null=True, blank=True, related_name="choices"
    )
    facility = models.ForeignKey(
        Facility, on_delete=models.CASCADE, null=True, blank=True, related_name="choices"
    )
    chosen_at = models.DateTimeField(_("chosen"), auto_now_add=True)
    # The child's desired start date, kept here too so that a provider's reserve is read in its order
    # straight from an index on (provider, date); families.services keeps the two the same.
    desired_start_date = models.DateField(_("desired start date"))

    objects: ClassVar[ChoiceQuerySet] = ChoiceQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["chosen_at"]
        indexes = [models.Index(fields=["provider", "desired_start_date"], name="choice_reserve_order")]
        constraints = [
            models.CheckConstraint(
                condition=Q(provider__isnull=False, facility__isnull=True)
                | Q(provider__isnull=True, facility__isnull=False),
                name="choice_one_service",
            ),
            models.UniqueConstraint(
                fields=["child", "provider"], condition=Q(provider__isnull=False), name="choice_provider_once"
            ),
            models.UniqueConstraint(
                fields=["child", "facility"], condition=Q(facility__isnull=False), name="choice_facility_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} → {self.provider_id or self.facility_id}"


# The pages that show a child's file, as the office's log names them.
PAGE_LABELS = {
    "waitlist:child": _("Client reserve: the child's details"),
    "waitlist:child_for": _("A provider's client reserve: the child's details"),
    "admissions:admit": _("Admit a child"),
    "admissions:admit_for": _("Admit a child for a provider"),
    "admissions:lookup": _("Find a child by registration number"),
    "admissions:lookup_for": _("Find a child by registration number for a provider"),
    "admissions:detail": _("An admission"),
    "agreements:conclude": _("Conclude a service agreement"),
    "agreements:detail": _("A service agreement"),
    "agreements:revise": _("Correct a service agreement"),
    "agreements:new_version": _("New terms of a service agreement"),
    "agreements:end": _("End a service agreement"),
    # Read by the office's management software through the API (the reader is the software's account).
    "api:admission": _("Management software: an admission"),
    "api:admit": _("Management software: admit a child for a provider"),
    "api:agreement": _("Management software: a service agreement"),
    "api:attendance_sheets": _("Management software: attendance sheets"),
    "api:attendance_sheet": _("Management software: an attendance sheet"),
    "api:period_upload": _("Management software: a period of attendance uploaded"),
    "api:attestation": _("Management software: an attestation of childcare services provided"),
    "api:attestation_pdf": _("Management software: an attestation of childcare services provided (PDF)"),
    "attendance:today": _("Attendance: the day's sheet"),
    "attendance:grid": _("Attendance: the 4-week grid"),
    "attendance:edit": _("Attendance: correct a child's period"),
    "attendance:sheet": _("An attendance sheet"),
    "attendance:agreement_sheets": _("The attendance sheets of an agreement"),
    "attendance:queue": _("Attendance sheets to confirm"),
    "attendance_reports:attestation": _("An attestation of childcare services provided"),
    "attendance_reports:attestation_pdf": _("An attestation of childcare services provided (PDF)"),
}


class ChildFileReadQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "ChildFileReadQuerySet":
        """A parent reads who opened its children's files; an office's admin, its own agents' reads."""
        if _parent_of(user):
            return self.filter(child__family__parent=user)
        agent = getattr(user, "office_agent", None)
        if (
            user.is_authenticated
            and user.role == Role.OFFICE_AGENT
            and agent is not None
            and agent.is_active
            and agent.is_admin
        ):
            return self.filter(office_id=agent.office_id, role=Role.OFFICE_AGENT)
        return self.none()


class ChildFileRead(models.Model):
    """One read of a child's file by a provider or an office agent: who, for which service, which page.

    Written once per page that shows the file, after the page is built (`families.access_log`); never for a
    refused read. No free text. Kept ACCESS_LOG_RETENTION_DAYS (`manage.py purge_access_log`, daily).
    """

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="file_reads")
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("read by")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # The reader's coordinating office (an agent's, or the provider's), and the service read for.
    office = models.ForeignKey(
        "registry.CoordinatingOffice", on_delete=models.PROTECT, related_name="+", null=True
    )
    provider = models.ForeignKey(Provider, on_delete=models.SET_NULL, related_name="+", null=True)
    page = models.CharField(_("page"), max_length=60)
    at = models.DateTimeField(_("read on"), default=timezone.now, db_index=True)

    objects: ClassVar[ChildFileReadQuerySet] = ChildFileReadQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("read of a child's file")
        verbose_name_plural = _("reads of children's files")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["child", "at"], name="file_read_child_at"),
            models.Index(fields=["office", "role", "at"], name="file_read_office_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(role__in=[Role.PROVIDER, Role.OFFICE_AGENT]), name="file_read_by_staff"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} ← {self.reader_id} ({self.page})"

    @property
    def page_label(self) -> str:
        return str(PAGE_LABELS.get(self.page, self.page))

    @property
    def service_label(self) -> str:
        """The service or office that read the file, as a parent may know it (never a person's name)."""
        if self.role == Role.PROVIDER and self.provider is not None:
            return public_name(self.provider)
        return self.office.name if self.office is not None else ""
