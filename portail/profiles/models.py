"""The provider's profile (fiche descriptive): the draft it edits, and what parents see once published."""

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portail.registry.models import Provider

PRESENTATION_MAX_LENGTH = 1500
# A daily rate above this is a typo, not a price (the reduced contribution was 9.35 $ in 2025).
DAILY_RATE_MAX = 150


class CarePeriod(models.TextChoices):
    FULL_TIME = "full_time", _("Full time")
    PART_TIME = "part_time", _("Part time")
    EVENINGS = "evenings", _("Evenings")
    WEEKENDS = "weekends", _("Weekends")
    NIGHTS = "nights", _("Nights")
    OCCASIONAL = "occasional", _("Occasional care")


class Meal(models.TextChoices):
    BREAKFAST = "breakfast", _("Breakfast")
    MORNING_SNACK = "morning_snack", _("Morning snack")
    LUNCH = "lunch", _("Lunch")
    AFTERNOON_SNACK = "afternoon_snack", _("Afternoon snack")
    SUPPER = "supper", _("Supper")


class Language(models.TextChoices):
    FRENCH = "fr", _("French")
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    ARABIC = "ar", _("Arabic")
    MANDARIN = "zh", _("Mandarin")
    CREOLE = "ht", _("Haitian Creole")
    PORTUGUESE = "pt", _("Portuguese")
    VIETNAMESE = "vi", _("Vietnamese")
    INDIGENOUS = "indigenous", _("An Indigenous language")
    OTHER = "other", _("Another language")


# Monday first, as Weekday in the register: index 0 is Monday, bit 1 << index.
WEEKDAY_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class ProviderProfile(models.Model):
    """The draft a provider edits. `published` holds what parents see, frozen when it pressed « Publier ».

    Whether the profile is published is not stored here: the register's `Provider.profile_published_at` is
    the one fact (`ProviderQuerySet.published()`, read by the map's hot query); `published` is only the
    content of the last version published, kept when it is taken down and shown only while it is published.
    """

    provider = models.OneToOneField(Provider, on_delete=models.CASCADE, related_name="profile")
    places_under_18_months = models.PositiveSmallIntegerField(
        _("places for children under 18 months"), null=True
    )
    places_18_months_and_over = models.PositiveSmallIntegerField(
        _("places for children 18 months and over"), null=True
    )
    min_age_months = models.PositiveSmallIntegerField(_("youngest age accepted (months)"), null=True)
    max_age_months = models.PositiveSmallIntegerField(_("oldest age accepted (months)"), null=True)
    places_subsidized = models.BooleanField(
        _("my places are subsidized (reduced contribution)"), default=True
    )
    daily_rate = models.DecimalField(_("daily rate ($)"), max_digits=6, decimal_places=2, null=True)
    # {"mon": ["07:00", "17:30"], …}: a day that is absent is closed.
    hours = models.JSONField(_("days and hours of opening"), default=dict)
    care_periods = models.JSONField(_("care periods offered"), default=list)
    meals = models.JSONField(_("meals"), default=list)
    languages = models.JSONField(_("languages spoken"), default=list)
    presentation = models.TextField(_("presentation"), max_length=PRESENTATION_MAX_LENGTH, blank=True)
    # [{"start": "2027-07-19", "end": "2027-07-30"}, …]
    closures = models.JSONField(_("planned closure periods"), default=list)
    show_group = models.BooleanField(_("show the group composition"), default=True)
    show_rate = models.BooleanField(_("show the rate"), default=True)
    show_care_periods = models.BooleanField(_("show the care periods"), default=True)
    show_meals = models.BooleanField(_("show the meals"), default=True)
    show_languages = models.BooleanField(_("show the languages"), default=True)
    show_presentation = models.BooleanField(_("show the presentation"), default=True)
    show_closures = models.BooleanField(_("show the closure periods"), default=True)
    updated_at = models.DateTimeField(_("draft saved"), auto_now=True)
    published: models.JSONField[Any, Any] = models.JSONField(_("published version"), null=True, blank=True)

    class Meta:
        verbose_name = _("provider profile")
        verbose_name_plural = _("provider profiles")
        constraints = [
            models.CheckConstraint(
                condition=Q(daily_rate__isnull=True) | Q(daily_rate__gte=0, daily_rate__lte=DAILY_RATE_MAX),
                name="profile_daily_rate_sensible",
            ),
            models.CheckConstraint(
                condition=Q(min_age_months__isnull=True)
                | Q(max_age_months__isnull=True)
                | Q(min_age_months__lte=models.F("max_age_months")),
                name="profile_ages_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider_id}"

    @property
    def is_published(self) -> bool:
        return self.provider.profile_published_at is not None

    @property
    def register_notices(self) -> list[str]:
        """What the published version promises beyond the register as it is now, for the provider to fix.

        Computed, never stored: the register changes through its office (registry.services.update_provider)
        and the profile is read afresh on every page, so the notice cannot go stale."""
        group = (self.published or {}).get("group") if self.is_published else None
        if not group:
            return []
        provider, notices = self.provider, []
        infants, older = group.get("under_18_months") or 0, group.get("18_months_and_over") or 0
        if infants + older > provider.capacity:
            notices.append(
                gettext(
                    "Your published profile offers %(promised)s places, the register now counts "
                    "%(capacity)s: update it."
                )
                % {"promised": infants + older, "capacity": provider.capacity}
            )
        if infants > provider.infant_limit:
            notices.append(
                gettext(
                    "Your published profile offers %(promised)s places for children under 18 months, the "
                    "register now allows %(limit)s: update it."
                )
                % {"promised": infants, "limit": provider.infant_limit}
            )
        return notices

    @property
    def is_complete(self) -> bool:
        """Enough for parents to decide: opening hours, the group, and the rate."""
        return bool(
            self.hours
            and self.places_under_18_months is not None
            and self.places_18_months_and_over is not None
            and (self.places_subsidized or self.daily_rate is not None)
        )
