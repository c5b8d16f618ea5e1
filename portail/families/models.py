"""Family files: a parent's guardians and children, each child's registration and chosen services."""

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portail.families.numbers import display
from portail.registry.models import Facility, Provider, Weekday

SPECIAL_NEEDS_NOTE_MAX_LENGTH = 500


class FamilyFile(models.Model):
    """A parent's dossier familial."""

    parent = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="family")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

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


class ChildQuerySet(models.QuerySet[Any]):
    def of_parent(self, user: Any) -> "ChildQuerySet":
        """The children of the user's own family file."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(family__parent=user)


class Child(models.Model):
    """A registered child: its registration number and what its parents wish for it."""

    family = models.ForeignKey(FamilyFile, on_delete=models.CASCADE, related_name="children")
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"))
    registration_number = models.CharField(_("registration number"), max_length=9, unique=True)
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
