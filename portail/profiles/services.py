"""Writes to a provider's profile: save the draft, publish it, take it down."""

from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from portail.accounts.models import User
from portail.profiles.models import WEEKDAY_KEYS, ProviderProfile
from portail.registry.models import Provider, Weekday

DRAFT_FIELDS = [
    "places_under_18_months",
    "places_18_months_and_over",
    "min_age_months",
    "max_age_months",
    "places_subsidized",
    "daily_rate",
    "hours",
    "care_periods",
    "meals",
    "languages",
    "presentation",
    "closures",
    "show_group",
    "show_rate",
    "show_care_periods",
    "show_meals",
    "show_languages",
    "show_presentation",
    "show_closures",
]


def profile_of(provider: Provider) -> ProviderProfile:
    """The provider's profile, or a new draft pre-filled from the register (not saved)."""
    existing = ProviderProfile.objects.filter(provider=provider).first()
    if existing is not None:
        existing.provider = provider  # its notices read the register's entry: no second query for it
        return existing
    return ProviderProfile(
        provider=provider,
        places_subsidized=provider.subsidized_places > 0,
        hours=_register_hours(provider),
    )


def _register_hours(provider: Provider) -> dict[str, list[str]]:
    if provider.opens_at is None or provider.closes_at is None:
        return {}
    return {
        key: [provider.opens_at.strftime("%H:%M"), provider.closes_at.strftime("%H:%M")]
        for index, key in enumerate(WEEKDAY_KEYS)
        if provider.opening_days & (1 << index)
    }


def draft_errors(profile: ProviderProfile) -> dict[str, list[str]]:
    """What a draft breaks, by field: the register's capacity and infant limit, the ages, the hours and the
    closures. The form shows these at its fields; the service refuses them whatever the path. A draft may be
    partial: what publishing needs besides (hours, group, rate) is `ProviderProfile.is_complete`."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    provider = profile.provider
    infants, older = profile.places_under_18_months, profile.places_18_months_and_over
    if infants is not None and older is not None and infants + older > provider.capacity:
        refuse(
            "places_18_months_and_over",
            gettext("Your places by age group add up to %(total)s, more than your %(capacity)s places.")
            % {"total": infants + older, "capacity": provider.capacity},
        )
    if infants is not None and infants > provider.infant_limit:
        refuse(
            "places_under_18_months",
            gettext("At most %(limit)s children under 18 months may be received (regulation).")
            % {"limit": provider.infant_limit},
        )
    youngest, oldest = profile.min_age_months, profile.max_age_months
    if youngest is not None and oldest is not None and youngest > oldest:
        refuse("max_age_months", gettext("The oldest age accepted cannot be below the youngest."))
    for key, hours in profile.hours.items():
        if (
            key not in WEEKDAY_KEYS
            or len(hours) != 2
            or time.fromisoformat(hours[1]) <= time.fromisoformat(hours[0])
        ):
            refuse("hours", gettext("Closing must come after opening."))
    for closure in profile.closures:
        if date.fromisoformat(closure["end"]) < date.fromisoformat(closure["start"]):
            refuse("closures", gettext("The last day cannot come before the first."))
    return errors


@transaction.atomic
def save_profile_draft(*, provider: Provider, by: User, **fields: Any) -> ProviderProfile:
    """Saves the provider's draft; parents still see the published version, if any."""
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"not fields of the profile's draft: {sorted(unknown)}")
    profile = ProviderProfile.objects.select_for_update().filter(provider=provider).first()
    is_new = profile is None
    if profile is None:
        profile = profile_of(provider)
    for name, value in fields.items():
        setattr(profile, name, value)
    errors = draft_errors(profile)
    if errors:
        raise ValidationError(errors)
    if is_new:
        profile.save()
    else:
        # Never the published version: only publish_profile writes it.
        profile.save(update_fields=[*fields, "updated_at"])
    return profile


def public_version(profile: ProviderProfile) -> dict[str, Any]:
    """What parents see of a profile: the always-public hours, and the fields the provider chose to show."""
    version: dict[str, Any] = {"hours": profile.hours}
    if profile.show_group:
        version["group"] = {
            "under_18_months": profile.places_under_18_months,
            "18_months_and_over": profile.places_18_months_and_over,
            "min_age_months": profile.min_age_months,
            "max_age_months": profile.max_age_months,
        }
    if profile.show_rate:
        version["rate"] = {
            "subsidized": profile.places_subsidized,
            "daily_rate": None if profile.daily_rate is None else str(profile.daily_rate),
        }
    for name in ["care_periods", "meals", "languages", "presentation", "closures"]:
        if getattr(profile, f"show_{name}") and getattr(profile, name):
            version[name] = getattr(profile, name)
    return version


@transaction.atomic
def publish_profile(*, provider: Provider, by: User) -> ProviderProfile:
    """Makes the draft what parents see, and the map's summary of days and hours follow it."""
    profile = ProviderProfile.objects.select_for_update().get(provider=provider)
    if not profile.is_complete:
        raise ValueError("An incomplete profile cannot be published.")
    # The register may have changed since the draft was saved (its office lowered the capacity).
    errors = draft_errors(profile)
    if errors:
        raise ValidationError(errors)
    profile.published = public_version(profile)
    profile.save(update_fields=["published"])
    opening = [(WEEKDAY_KEYS.index(key), hours) for key, hours in profile.hours.items()]
    provider.opening_days = sum(1 << index for index, _hours in opening) & sum(Weekday.values)
    provider.opens_at = min(time.fromisoformat(hours[0]) for _index, hours in opening)
    provider.closes_at = max(time.fromisoformat(hours[1]) for _index, hours in opening)
    if provider.profile_published_at is None:
        provider.profile_published_at = timezone.now()
    provider._change_reason = gettext("Profile published")  # type: ignore[attr-defined]
    provider._history_user = by  # type: ignore[attr-defined]
    provider.save(update_fields=["opening_days", "opens_at", "closes_at", "profile_published_at"])
    return profile


@transaction.atomic
def unpublish_profile(*, provider: Provider, by: User) -> None:
    """Takes the profile down: parents see the notice that it is not published; the draft stays."""
    # Only the register's date says it is published (ProviderProfile's docstring): the version stays unread.
    provider.profile_published_at = None
    provider._change_reason = gettext("Profile taken down")  # type: ignore[attr-defined]
    provider._history_user = by  # type: ignore[attr-defined]
    provider.save(update_fields=["profile_published_at"])
