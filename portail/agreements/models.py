"""Service agreements (*ententes de services*, GES): one per confirmed admission, its versions over time,
the office's recording, the reduced contribution and the end of services; every step recorded."""

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portail.accounts.models import Role
from portail.accounts.permissions import has_role
from portail.admissions.models import Admission
from portail.registry.models import Weekday
from portail.registry.permissions import acting_provider, reads_admitted_children


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, to be recorded by the office")
    RETURNED = "returned", _("Returned to the provider")
    RECORDED = "recorded", _("Recorded by the office")
    ENDED = "ended", _("Ended")


# The agreement's life: which status may follow which. Services run from the agreement's start whether or
# not the office has recorded it yet, and « a parent may end it at any time » (#13): every state but ended
# may end, under end_agreement's rules (the date, the reason).
ALLOWED = {
    Status.DRAFT: {Status.SUBMITTED, Status.ENDED},
    Status.SUBMITTED: {Status.RECORDED, Status.RETURNED, Status.ENDED},
    Status.RETURNED: {Status.SUBMITTED, Status.ENDED},
    Status.RECORDED: {Status.ENDED},
    Status.ENDED: set(),
}


def allows(agreement: "Agreement", to: Status) -> bool:
    """Whether the agreement's life lets it move to `to` now."""
    return to in ALLOWED[Status(agreement.status)]


class Eligibility(models.TextChoices):
    PENDING = "pending", _("Decision pending")
    ELIGIBLE = "eligible", _("Eligible for the reduced contribution")
    EXEMPT = "exempt", _("Exempt from the contribution")
    REFUSED = "refused", _("Not eligible")


class Basis(models.TextChoices):
    FULL_DAY = "full_day", _("Full day (more than 4 continuous hours)")
    HALF_DAY = "half_day", _("Half-day (2 h 30 to 4 h)")


class EndReason(models.TextChoices):
    PARENT = "parent", _("The parent ended the agreement")
    PROVIDER = "provider", _("The provider ended the agreement")
    OTHER_SERVICE = "other_service", _("The child left for another childcare service")
    ABSENCE = "absence", _("90 consecutive days of absence")
    OTHER = "other", _("Other reason")


class FeeKind(models.TextChoices):
    """The only extra fees the regulation allows."""

    OUTINGS = "outings", _("Outings")
    HYGIENE = "hygiene", _("Hygiene items")
    EXTRA_MEAL = "extra_meal", _("Extra meal")


class Step(models.TextChoices):
    STATUS = "status", _("Change of status")
    VERSION = "version", _("New version")
    ELIGIBILITY = "eligibility", _("Reduced contribution")


class AgreementQuerySet(models.QuerySet[Any]):
    def visible_to(self, user: Any) -> "AgreementQuerySet":
        """The admissions' rule: a provider its own (while it reads its admitted children), an agent its
        office's, a parent its children's; none for anyone else."""
        agreements = self.select_related("admission__child", "admission__provider")
        provider = acting_provider(user)
        if provider is not None:
            if not reads_admitted_children(provider):
                return self.none()
            return agreements.filter(admission__provider=provider)
        if has_role(user, Role.OFFICE_AGENT):
            return agreements.filter(admission__provider__office_id=user.office_agent.office_id)
        if has_role(user, Role.PARENT):
            return agreements.filter(admission__child__family__parent=user)
        return self.none()


class Agreement(models.Model):
    admission = models.OneToOneField(Admission, on_delete=models.PROTECT, related_name="agreement")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # When the office received the file (first submission): its 5 working days for the decision run from it.
    submitted_on = models.DateField(_("received by the office on"), null=True, blank=True)
    eligibility = models.CharField(
        _("reduced contribution"), max_length=10, choices=Eligibility.choices, default=Eligibility.PENDING
    )
    eligibility_due = models.DateField(_("decision due by"), null=True, blank=True)
    eligibility_reason = models.CharField(_("reason of the refusal"), max_length=1000, blank=True)
    eligibility_decided_on = models.DateField(_("decided on"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason of the end"), max_length=20, choices=EndReason.choices, blank=True
    )
    end_note = models.CharField(_("details"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("entered on"), auto_now_add=True)

    objects: ClassVar[AgreementQuerySet] = AgreementQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("service agreement")
        verbose_name_plural = _("service agreements")
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["status"], name="agreement_status"),
            models.Index(fields=["eligibility", "eligibility_due"], name="agreement_eligibility_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=Status.values), name="agreement_status_valid"),
            models.CheckConstraint(
                condition=Q(eligibility__in=Eligibility.values), name="agreement_eligibility_valid"
            ),
            # An ended agreement has its date and reason; a live one has neither.
            models.CheckConstraint(
                condition=(Q(status=Status.ENDED) & Q(end_date__isnull=False) & ~Q(end_reason=""))
                | (~Q(status=Status.ENDED) & Q(end_date__isnull=True) & Q(end_reason="")),
                name="agreement_end_coherent",
            ),
            models.CheckConstraint(
                condition=~Q(eligibility=Eligibility.REFUSED) | ~Q(eligibility_reason=""),
                name="agreement_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.admission_id} ({self.status})"


class AgreementVersion(models.Model):
    """The terms of an agreement from a date: a change of days, hours or basis is a new version."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    effective_from = models.DateField(_("effective from"))
    # The day before the next version's start; empty for the version in force.
    effective_until = models.DateField(_("effective until"), null=True, blank=True)
    basis = models.CharField(_("basis"), max_length=10, choices=Basis.choices)
    days = models.PositiveSmallIntegerField(_("days of attendance"))  # a bit set, like Provider.opening_days
    arrival = models.TimeField(_("arrival"))
    departure = models.TimeField(_("departure"))
    subsidized = models.BooleanField(_("subsidized place (reduced contribution)"))
    signed_on = models.DateField(_("signature date"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("version of a service agreement")
        verbose_name_plural = _("versions of service agreements")
        ordering = ["effective_from", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(basis__in=Basis.values), name="agreement_version_basis_valid"),
            models.CheckConstraint(
                condition=Q(days__gte=1, days__lte=127), name="agreement_version_days_valid"
            ),
            models.CheckConstraint(
                condition=Q(departure__gt=models.F("arrival")), name="agreement_version_departs_after_arrival"
            ),
            models.CheckConstraint(
                condition=Q(effective_until__isnull=True)
                | Q(effective_until__gte=models.F("effective_from")),
                name="agreement_version_until_after_from",
            ),
            # One version in force, and never two from the same day (overlaps: services.add_version, locked).
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(effective_until__isnull=True),
                name="agreement_one_open_version",
            ),
            models.UniqueConstraint(
                fields=["agreement", "effective_from"], name="agreement_version_from_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} from {self.effective_from}"

    @property
    def day_names(self) -> list[str]:
        return [str(day.label) for day in Weekday if self.days & day.value]

    @property
    def hours(self) -> float:
        """Hours a day, continuous."""
        start = self.arrival.hour * 60 + self.arrival.minute
        end = self.departure.hour * 60 + self.departure.minute
        return (end - start) / 60


class AgreementFee(models.Model):
    """An extra fee agreed in a version: only the regulation's three kinds, never a negative amount."""

    version = models.ForeignKey(AgreementVersion, on_delete=models.CASCADE, related_name="fees")
    kind = models.CharField(_("kind"), max_length=12, choices=FeeKind.choices)
    amount = models.DecimalField(_("amount ($)"), max_digits=7, decimal_places=2)

    class Meta:
        verbose_name = _("extra fee")
        verbose_name_plural = _("extra fees")
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=FeeKind.values), name="agreement_fee_kind_valid"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="agreement_fee_not_negative"),
            models.UniqueConstraint(fields=["version", "kind"], name="agreement_fee_once_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.amount}"


class AgreementEvent(models.Model):
    """One step of an agreement's life: who did what, when, from which status to which, and why."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="events")
    step = models.CharField(_("step"), max_length=12, choices=Step.choices, default=Step.STATUS)
    from_status = models.CharField(_("from"), max_length=10, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("agreement step")
        verbose_name_plural = _("agreement steps")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.step}: {self.from_status} → {self.to_status}"
