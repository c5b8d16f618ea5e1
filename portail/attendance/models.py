"""Attendance (*fréquentation*): the provider's daily sheet of each child with an agreement, one row per
4-week period holding its 28 days as a short string, the parent's signature, the office's confirmation, the
provider's closures, and the long absences that call for the end of the services; every step recorded."""

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from portail.accounts.models import Role
from portail.accounts.permissions import has_role
from portail.agreements.models import Agreement
from portail.attendance.periods import PERIOD_DAYS, Period
from portail.registry.models import Provider
from portail.registry.permissions import acting_provider, reads_admitted_children


class Day:
    """The code of one day in a sheet's `days`: one character per day of the period, in order."""

    NONE = "-"  # nothing entered (a day not planned, a closure, or a day still to come)
    PRESENT = "P"  # present on a day of the agreement
    EXTRA = "E"  # present on a day not planned, confirmed by the provider as an extra day
    ABSENT = "A"  # absent on a day of the agreement

    CODES = (NONE, PRESENT, EXTRA, ABSENT)
    ATTENDED = (PRESENT, EXTRA)
    EMPTY = NONE * PERIOD_DAYS


class Status(models.TextChoices):
    DRAFT = "draft", _("Being filled in by the provider")
    SUBMITTED = "submitted", _("Submitted, to be signed by the parent")
    CONTESTED = "contested", _("Contested by the parent")
    SIGNED = "signed", _("Signed by the parent, to be confirmed by the office")
    RETURNED = "returned", _("Returned by the office")
    CONFIRMED = "confirmed", _("Confirmed by the office")


# The sheet's life: which status may follow which. SIGNED → SUBMITTED is the provider's correction after
# the parent's signature: a new version, which the parent signs again.
ALLOWED = {
    Status.DRAFT: {Status.SUBMITTED},
    Status.SUBMITTED: {Status.SIGNED, Status.CONTESTED},
    Status.CONTESTED: {Status.SUBMITTED},
    Status.SIGNED: {Status.CONFIRMED, Status.RETURNED, Status.SUBMITTED},
    Status.RETURNED: {Status.SUBMITTED},
    Status.CONFIRMED: set(),
}
# While the sheet is in one of these, the provider may change its days and amount.
EDITABLE = (Status.DRAFT, Status.SUBMITTED, Status.CONTESTED, Status.RETURNED, Status.SIGNED)


def allows(sheet: "AttendanceSheet", to: Status) -> bool:
    return to in ALLOWED[Status(sheet.status)]


class Step(models.TextChoices):
    STATUS = "status", _("Change of status")
    VERSION = "version", _("New version after the signature")


class SheetQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "SheetQuerySet":
        """The agreements' rule: a provider its own (while it reads its admitted children), an agent its
        office's, a parent its children's once submitted (a draft is the provider's work); none otherwise."""
        provider = acting_provider(user)
        if provider is not None:
            if not reads_admitted_children(provider):
                return self.none()
            return self.filter(provider=provider)
        if has_role(user, Role.OFFICE_AGENT):
            return self.filter(provider__office_id=user.office_agent.office_id)
        if has_role(user, Role.PARENT):
            return self.filter(agreement__admission__child__family__parent=user).exclude(status=Status.DRAFT)
        return self.none()


class AttendanceSheet(models.Model):
    """« Fiche d'assiduité »: one child's agreement over one 4-week period."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="attendance_sheets")
    # The agreement's provider, kept here so that a provider's day and an office's queue read one table.
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="attendance_sheets")
    period_start = models.DateField(_("period from"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # 1 until the first correction after a signature; the versions before it are SheetVersion rows.
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    days = models.CharField(_("days"), max_length=PERIOD_DAYS, default=Day.EMPTY)
    contribution_paid = models.DecimalField(
        _("contribution paid ($)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    # Why the child attended more than 20 days in the period (the provider's word; required beyond 20).
    justification = models.CharField(_("justification of more than 20 days"), max_length=1000, blank=True)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    # The parent's signature of the current version.
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)

    objects: ClassVar[SheetQuerySet] = SheetQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("attendance sheet")
        verbose_name_plural = _("attendance sheets")
        ordering = ["period_start", "pk"]
        indexes = [
            models.Index(fields=["provider", "period_start"], name="attendance_provider_period"),
            models.Index(fields=["provider", "status", "period_start"], name="attendance_provider_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "period_start"], name="attendance_one_sheet_per_period"
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="attendance_status_valid"),
            models.CheckConstraint(
                condition=Exact(Length("days"), PERIOD_DAYS), name="attendance_days_length"
            ),
            models.CheckConstraint(
                condition=Q(contribution_paid__isnull=True) | Q(contribution_paid__gte=0),
                name="attendance_contribution_not_negative",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="attendance_version_from_one"),
            # A signed or confirmed sheet carries its signature; one not yet signed carries none.
            models.CheckConstraint(
                condition=(
                    Q(status__in=[Status.SIGNED, Status.CONFIRMED])
                    & Q(signed_on__isnull=False)
                    & Q(signed_by__isnull=False)
                )
                | (
                    Q(status__in=[Status.DRAFT, Status.SUBMITTED, Status.CONTESTED])
                    & Q(signed_on__isnull=True)
                )
                | Q(status=Status.RETURNED),
                name="attendance_signature_coherent",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.CONFIRMED, confirmed_on__isnull=False)
                | (~Q(status=Status.CONFIRMED) & Q(confirmed_on__isnull=True)),
                name="attendance_confirmation_coherent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} from {self.period_start} ({self.status})"

    @property
    def period(self) -> Period:
        return Period(self.period_start)

    @property
    def attended(self) -> int:
        """Days attended in the period (present, or an extra day)."""
        return sum(self.days.count(code) for code in Day.ATTENDED)


class SheetVersion(models.Model):
    """A version of a sheet that a later correction replaced: kept as the parent signed it (or not)."""

    sheet = models.ForeignKey(AttendanceSheet, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    days = models.CharField(_("days"), max_length=PERIOD_DAYS)
    contribution_paid = models.DecimalField(
        _("contribution paid ($)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    justification = models.CharField(_("justification of more than 20 days"), max_length=1000, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    replaced_at = models.DateTimeField(_("replaced on"), auto_now_add=True)

    class Meta:
        verbose_name = _("earlier version of an attendance sheet")
        verbose_name_plural = _("earlier versions of attendance sheets")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "number"], name="attendance_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.sheet_id} v{self.number}"

    @property
    def attended(self) -> int:
        return sum(self.days.count(code) for code in Day.ATTENDED)


class SheetEvent(models.Model):
    """One step of a sheet's life: who did what, when, from which status to which, and why."""

    sheet = models.ForeignKey(AttendanceSheet, on_delete=models.CASCADE, related_name="events")
    step = models.CharField(_("step"), max_length=10, choices=Step.choices, default=Step.STATUS)
    version = models.PositiveSmallIntegerField(_("version"))
    from_status = models.CharField(_("from"), max_length=10, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.CharField(_("comment"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("attendance sheet step")
        verbose_name_plural = _("attendance sheet steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.step}: {self.from_status} → {self.to_status}"


class Closure(models.Model):
    """A day the provider is closed, entered once for all its children."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="closures")
    day = models.DateField(_("day"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["day"]
        constraints = [models.UniqueConstraint(fields=["provider", "day"], name="attendance_closure_once")]

    def __str__(self) -> str:
        return f"{self.provider_id} closed {self.day}"


class AbsenceAlert(models.Model):
    """90 consecutive days of absence reached: the provider and the office were told that the agreement
    must end. One per agreement; removed if a correction breaks the run."""

    agreement = models.OneToOneField(Agreement, on_delete=models.CASCADE, related_name="absence_alert")
    # The same provider as the agreement's, so that a provider's or an office's flag reads one table.
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="absence_alerts")
    absent_since = models.DateField(_("absent since"))
    reached_on = models.DateField(_("90th day of absence"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("long absence")
        verbose_name_plural = _("long absences")
        ordering = ["reached_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reached_on__gt=models.F("absent_since")), name="attendance_alert_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} absent since {self.absent_since}"
