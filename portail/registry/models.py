"""The register: coordinating offices, their agents, home childcare providers and facilities."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portail.registry.querysets import ProviderQuerySet

# Québec's bounding box, loosely: a point outside it is a typo, not a home.
QUEBEC_LAT = (44.9, 62.6)
QUEBEC_LON = (-79.8, -57.0)


def _in_quebec(lat: str, lon: str) -> Q:
    return Q(**{f"{lat}__gte": QUEBEC_LAT[0], f"{lat}__lte": QUEBEC_LAT[1]}) & Q(
        **{f"{lon}__gte": QUEBEC_LON[0], f"{lon}__lte": QUEBEC_LON[1]}
    )


class Territory(models.Model):
    """A territory served by one coordinating office, within an administrative region."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    region = models.CharField(_("administrative region"), max_length=100)

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["region", "name"]

    def __str__(self) -> str:
        return self.name


class CoordinatingOffice(models.Model):
    number = models.CharField(_("office number"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30)
    address = models.CharField(_("address"), max_length=255, blank=True)
    territory = models.ForeignKey(
        Territory, verbose_name=_("territory"), on_delete=models.PROTECT, related_name="offices"
    )

    class Meta:
        verbose_name = _("coordinating office")
        verbose_name_plural = _("coordinating offices")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OfficeAgent(models.Model):
    """A user's membership of one coordinating office: what makes the user an office agent."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Office administrator")
        AGENT = "agent", _("Agent")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="office_agent",
    )
    office = models.ForeignKey(
        CoordinatingOffice, verbose_name=_("office"), on_delete=models.CASCADE, related_name="agents"
    )
    role = models.CharField(_("role in the office"), max_length=10, choices=Role.choices, default=Role.AGENT)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("office agent")
        verbose_name_plural = _("office agents")
        constraints = [
            models.CheckConstraint(condition=Q(role__in=["admin", "agent"]), name="agent_role_valid")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.office})"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN


class RecognitionStatus(models.TextChoices):
    RECOGNIZED = "recognized", _("Recognized")
    SUSPENDED = "suspended", _("Suspended")
    NOT_RENEWED = "not_renewed", _("Not renewed")
    REVOKED = "revoked", _("Revoked")
    CEASED = "ceased", _("Ceased")


class Weekday(models.IntegerChoices):
    """Opening days are a bit set: Monday is 1, Sunday is 64."""

    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 4, _("Wednesday")
    THURSDAY = 8, _("Thursday")
    FRIDAY = 16, _("Friday")
    SATURDAY = 32, _("Saturday")
    SUNDAY = 64, _("Sunday")


WEEKDAYS_MONDAY_TO_FRIDAY = 31


class Provider(models.Model):
    """A register entry: a home childcare provider (RSGE) recognized by its office.

    The home's street address and exact point live apart, in ProviderHome, so that no page that
    renders a Provider can show them by accident; the public position is derived once from them.
    """

    office = models.ForeignKey(
        CoordinatingOffice,
        verbose_name=_("coordinating office"),
        on_delete=models.PROTECT,
        related_name="providers",
    )
    register_number = models.CharField(_("register number"), max_length=20, unique=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    service_name = models.CharField(_("name of the childcare service"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    municipality = models.CharField(_("municipality"), max_length=100)
    recognition_date = models.DateField(_("recognition date"))
    status = models.CharField(
        _("recognition status"),
        max_length=20,
        choices=RecognitionStatus.choices,
        default=RecognitionStatus.RECOGNIZED,
    )
    capacity = models.PositiveSmallIntegerField(_("committed capacity"))
    subsidized_places = models.PositiveSmallIntegerField(_("subsidized places"), default=0)
    has_assistant = models.BooleanField(_("works with an assistant"), default=False)
    suspension_start = models.DateField(_("suspension start"), null=True, blank=True)
    suspension_planned_return = models.DateField(_("planned return"), null=True, blank=True)
    show_before_return = models.BooleanField(_("show on the map before the return"), default=False)
    # The one stored fact of each (ProviderQuerySet.joined / .published): nothing else says it.
    joined_portal_at = models.DateTimeField(_("joined the portal"), null=True, blank=True)
    profile_published_at = models.DateTimeField(_("profile published"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="provider",
    )
    opening_days = models.PositiveSmallIntegerField(_("opening days"), default=WEEKDAYS_MONDAY_TO_FRIDAY)
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    # The public position: derived once from the home's exact point (registry.geo), never the point itself.
    public_latitude = models.FloatField(_("approximate latitude"))
    public_longitude = models.FloatField(_("approximate longitude"))

    history = HistoricalRecords(excluded_fields=["public_latitude", "public_longitude"])

    objects: ClassVar[ProviderQuerySet] = ProviderQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("home childcare provider")
        verbose_name_plural = _("home childcare providers")
        ordering = ["last_name", "first_name"]
        indexes = [
            # Covers the map's search: the bounding box and whether the provider shows, without the rows
            # (SQLite's indexes carry the id; PostgreSQL's needs it included).
            models.Index(
                fields=[
                    "public_latitude",
                    "public_longitude",
                    "status",
                    "show_before_return",
                    "suspension_planned_return",
                    "profile_published_at",
                ],
                include=["id"],
                name="provider_map_covering",
            ),
            models.Index(fields=["office", "last_name", "first_name"], name="provider_office_name"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1, capacity__lte=9), name="provider_capacity_1_to_9"
            ),
            models.CheckConstraint(
                condition=Q(capacity__lte=6) | Q(has_assistant=True), name="provider_over_6_needs_assistant"
            ),
            models.CheckConstraint(
                condition=Q(subsidized_places__lte=F("capacity")), name="provider_subsidized_within_capacity"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RecognitionStatus.values), name="provider_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(suspension_start__isnull=True)
                | Q(suspension_planned_return__isnull=True)
                | Q(suspension_planned_return__gt=F("suspension_start")),
                name="provider_return_after_suspension",
            ),
            models.CheckConstraint(
                condition=~Q(status=RecognitionStatus.SUSPENDED)
                | Q(suspension_start__isnull=False, suspension_planned_return__isnull=False),
                name="provider_suspension_has_dates",
            ),
            models.CheckConstraint(condition=Q(opening_days__lte=127), name="provider_opening_days_valid"),
            # Joining is one stored fact (ProviderQuerySet.joined): an entry linked to an account has its day.
            models.CheckConstraint(
                condition=Q(user__isnull=True) | Q(joined_portal_at__isnull=False),
                name="provider_account_has_joined",
            ),
            models.CheckConstraint(
                condition=_in_quebec("public_latitude", "public_longitude"),
                name="provider_public_position_in_quebec",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.register_number})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def infant_limit(self) -> int:
        """Children under 18 months the regulation allows: 2 alone, 4 with an assistant."""
        return self.infant_limit_with(has_assistant=self.has_assistant)

    @staticmethod
    def infant_limit_with(*, has_assistant: bool) -> int:
        return 4 if has_assistant else 2


class ProviderHome(models.Model):
    """A provider's home address and exact point: private, read only by its office and itself."""

    provider = models.OneToOneField(Provider, on_delete=models.CASCADE, related_name="home", primary_key=True)
    street_address = models.CharField(_("street address"), max_length=255)
    postal_code = models.CharField(_("postal code"), max_length=7)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("provider's home")
        verbose_name_plural = _("providers' homes")
        constraints = [
            models.CheckConstraint(condition=_in_quebec("latitude", "longitude"), name="home_in_quebec"),
        ]

    def __str__(self) -> str:
        return f"{self.provider_id}"


class FacilityKind(models.TextChoices):
    CPE = "cpe", _("Early childhood centre (CPE)")
    SUBSIDIZED_DAYCARE = "gs", _("Subsidized daycare")
    DAYCARE = "gns", _("Non-subsidized daycare")


class Facility(models.Model):
    """A CPE or daycare facility: public, its address is on its permit."""

    kind = models.CharField(_("type"), max_length=3, choices=FacilityKind.choices)
    name = models.CharField(_("name"), max_length=200)
    permit_number = models.CharField(_("permit number"), max_length=20, unique=True)
    street_address = models.CharField(_("street address"), max_length=255)
    municipality = models.CharField(_("municipality"), max_length=100)
    postal_code = models.CharField(_("postal code"), max_length=7)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    places_under_18_months = models.PositiveSmallIntegerField(_("places under 18 months"), default=0)
    places_18_months_and_over = models.PositiveSmallIntegerField(_("places 18 months and over"), default=0)
    opening_days = models.PositiveSmallIntegerField(_("opening days"), default=WEEKDAYS_MONDAY_TO_FRIDAY)
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["name"]
        indexes = [models.Index(fields=["latitude", "longitude"], name="facility_position")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=FacilityKind.values), name="facility_kind_valid"),
            models.CheckConstraint(condition=_in_quebec("latitude", "longitude"), name="facility_in_quebec"),
            models.CheckConstraint(condition=Q(opening_days__lte=127), name="facility_opening_days_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def capacity(self) -> int:
        return self.places_under_18_months + self.places_18_months_and_over

    @property
    def is_subsidized(self) -> bool:
        return self.kind != FacilityKind.DAYCARE
