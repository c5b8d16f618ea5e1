"""Admissions: a provider admits a child, its office confirms; every step of their life is recorded."""

from datetime import date
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portail.accounts.models import Role
from portail.accounts.permissions import has_role
from portail.families.models import Child
from portail.registry.models import Provider
from portail.registry.permissions import acting_provider, reads_admitted_children


class Status(models.TextChoices):
    ADMITTED = "admitted", _("Admitted, awaiting the office's confirmation")
    CONFIRMED = "confirmed", _("Confirmed by the office")
    ENDED = "ended", _("Ended")
    REFUSED = "refused", _("Refused by the office")
    CANCELLED = "cancelled", _("Cancelled by the provider")


# The admission's life: which status may follow which.
ALLOWED = {
    Status.ADMITTED: {Status.CONFIRMED, Status.REFUSED, Status.CANCELLED},
    Status.CONFIRMED: {Status.ENDED},
    Status.ENDED: set(),
    Status.REFUSED: set(),
    Status.CANCELLED: set(),
}


def allows(admission: "Admission", to: Status) -> bool:
    """Whether the admission's life lets it move to `to` now."""
    return to in ALLOWED[Status(admission.status)]


# A child holds a place at the provider while its admission is in one of these.
HOLDING_A_PLACE = [Status.ADMITTED, Status.CONFIRMED]


def holding_a_place_from(day: date) -> Q:
    """Admissions whose child holds a place on `day` or later: admitted or confirmed, or ended on `day` or
    after (an ended admission keeps its place until its end date)."""
    return Q(status__in=HOLDING_A_PLACE) | Q(status=Status.ENDED, end_date__gte=day)


class AdmissionQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "AdmissionQuerySet":
        """A provider's own admissions (while its recognition lets it read them), its office's for an
        agent, a parent's children's; none for anyone else."""
        admissions = self.select_related("child", "provider", "provider__office")
        provider = acting_provider(user)
        if provider is not None:
            return admissions.filter(provider=provider) if reads_admitted_children(provider) else self.none()
        if has_role(user, Role.OFFICE_AGENT):
            return admissions.filter(provider__office_id=user.office_agent.office_id)
        if has_role(user, Role.PARENT):
            return admissions.filter(child__family__parent=user)
        return self.none()


class Admission(models.Model):
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="admissions")
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="admissions")
    planned_start_date = models.DateField(_("planned start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ADMITTED)
    admitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("admitted by")
    )
    # Set when an office agent admitted for the provider (delegation).
    on_behalf_of_provider = models.BooleanField(_("admitted by the office for the provider"), default=False)
    created_at = models.DateTimeField(_("admitted on"), auto_now_add=True)

    objects: ClassVar[AdmissionQuerySet] = AdmissionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("admission")
        verbose_name_plural = _("admissions")
        ordering = ["planned_start_date", "pk"]
        indexes = [models.Index(fields=["provider", "status"], name="admission_provider_status")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="admission_status_valid"),
            # A child holds at most one place at a provider at a time.
            models.UniqueConstraint(
                fields=["child", "provider"],
                condition=Q(status__in=HOLDING_A_PLACE),
                name="admission_one_place_per_child_and_provider",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("planned_start_date")),
                name="admission_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} @ {self.provider_id} ({self.status})"

    @property
    def closing_reason(self) -> str:
        """Why the office refused it or the provider cancelled it (the step's reason); else empty."""
        if self.status not in (Status.REFUSED, Status.CANCELLED):
            return ""
        steps = [event for event in self.events.all() if event.to_status == self.status]
        return steps[-1].reason if steps else ""


class AdmissionEvent(models.Model):
    """One step of an admission's life: who moved it from which status to which, when, and why."""

    admission = models.ForeignKey(Admission, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("from"), max_length=10, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("admission step")
        verbose_name_plural = _("admission steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class Delegation(models.Model):
    """A provider's authorization for its office to admit children for it."""

    provider = models.OneToOneField(Provider, on_delete=models.CASCADE, related_name="delegation")
    is_active = models.BooleanField(_("authorized"), default=False)
    changed_at = models.DateTimeField(_("changed on"), auto_now=True)

    class Meta:
        verbose_name = _("delegation to the office")
        verbose_name_plural = _("delegations to the office")

    def __str__(self) -> str:
        return f"{self.provider_id}: {self.is_active}"


class ByProviderQuerySet(models.QuerySet[Any]):
    """Rows about a provider's own actions: the provider reads its own, an agent its office's providers'."""

    def visible_to(self, user: Any) -> "ByProviderQuerySet":
        return self.filter(provider__in=Provider.objects.visible_to(user))


class DelegationEvent(models.Model):
    """Who turned a provider's delegation on or off, and when."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="delegation_events")
    is_active = models.BooleanField(_("authorized"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects: ClassVar[ByProviderQuerySet] = ByProviderQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("change of the delegation")
        verbose_name_plural = _("changes of the delegation")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.provider_id}: {self.is_active} by {self.by_id}"


class NumberLookup(models.Model):
    """A look-up of a registration number by a provider or an agent: kept to detect enumeration."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="number_lookups")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    typed = models.CharField(max_length=40)
    found = models.ForeignKey(Child, on_delete=models.SET_NULL, null=True, related_name="number_lookups")
    # Past the hourly limit the look-up is refused without searching, and recorded all the same.
    refused = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects: ClassVar[ByProviderQuerySet] = ByProviderQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("registration number look-up")
        verbose_name_plural = _("registration number look-ups")
        indexes = [models.Index(fields=["provider", "at"], name="lookup_provider_at")]

    def __str__(self) -> str:
        return f"{self.provider_id} {self.typed}"
