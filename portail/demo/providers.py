"""The register's providers for the demo: entries, private homes, portal accounts and published profiles."""

import random
import unicodedata
from collections import Counter
from datetime import date, datetime, timedelta
from datetime import time as clock
from decimal import Decimal
from itertools import accumulate

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from portail.accounts.models import Role, User
from portail.demo import names
from portail.demo.places import REGIONS, Place, phone_number, point_near, postal_code
from portail.profiles.models import WEEKDAY_KEYS, CarePeriod, Language, Meal, ProviderProfile
from portail.profiles.services import public_version
from portail.registry.models import (
    QUEBEC_LAT,
    QUEBEC_LON,
    WEEKDAYS_MONDAY_TO_FRIDAY,
    CoordinatingOffice,
    Provider,
    ProviderHome,
    RecognitionStatus,
)
from portail.registry.services import public_position_of

BATCH_SIZE = 1000


def create_providers(
    places: list[Place],
    office_of: dict[str, CoordinatingOffice],
    count: int,
    rng: random.Random,
    today: date,
    counts: Counter[str],
) -> list[Provider]:
    """Enters `count` providers at places drawn by weight, each in the office serving its place."""
    cumulative = list(accumulate(p.weight for p in places))
    sequence = Counter({REGIONS["Montréal"]: 1})  # RSGE-060001 is the demo provider's
    providers, homes, users, profiles = [], [], [], []
    for place in rng.choices(places, cum_weights=cumulative, k=count):
        code = REGIONS[place.region]
        sequence[code] += 1
        register_number = f"RSGE-{code:02d}{sequence[code]:04d}"
        provider, home = _provider(place, register_number, office_of[place.key], rng, today)
        providers.append(provider)
        homes.append(home)
        if provider.joined_portal_at is not None:
            user = User(
                email=provider.email,
                role=Role.PROVIDER,
                first_name=provider.first_name,
                last_name=provider.last_name,
                date_joined=provider.joined_portal_at,
                password="!" + rng.randbytes(20).hex(),  # unusable: they sign in with the government login
            )
            users.append(user)
            provider.user = user
        counts[provider.status] += 1
    User.objects.bulk_create(users, batch_size=BATCH_SIZE)
    bulk_create_with_history(providers, Provider, batch_size=BATCH_SIZE)
    for provider, home in zip(providers, homes, strict=True):
        home.provider_id = provider.pk
        if provider.profile_published_at is not None:
            profiles.append(_profile(provider, rng))
    bulk_create_with_history(homes, ProviderHome, batch_size=BATCH_SIZE)
    ProviderProfile.objects.bulk_create(profiles, batch_size=BATCH_SIZE)
    counts.update(joined=len(users), published=len(profiles), accounts=len(users))
    return providers


def _provider(
    place: Place, register_number: str, office: CoordinatingOffice, rng: random.Random, today: date
) -> tuple[Provider, ProviderHome]:
    woman = rng.random() < 0.96
    first_name = rng.choice(names.FIRST_NAMES_WOMEN if woman else names.FIRST_NAMES_MEN)
    last_name = rng.choice(names.LAST_NAMES)
    has_assistant = rng.random() < 0.35
    capacity = 9 if has_assistant else 6
    subsidized = rng.choices([capacity, rng.randint(1, capacity - 1), 0], weights=[88, 7, 5])[0]
    recognition_date = today - timedelta(days=rng.randint(60, 15 * 365))
    status = rng.choices(list(RecognitionStatus), weights=[93, 4, 1.4, 0.2, 1.4])[
        0
    ]  # recognized, suspended, not renewed, revoked, ceased
    suspension_start = suspension_return = None
    show_before_return = False
    if status == RecognitionStatus.SUSPENDED:
        # A suspension lasts at most 24 months: at most 330 days so far, and 360 to go.
        suspension_start = today - timedelta(days=rng.randint(20, 330))
        if rng.random() < 0.4:
            suspension_return = today + timedelta(days=rng.randint(1, 30))
            show_before_return = rng.random() < 0.5
        else:
            suspension_return = today + timedelta(days=rng.randint(31, 360))
    opening_days, opens_at, closes_at = _opening(rng)
    active = status in {RecognitionStatus.RECOGNIZED, RecognitionStatus.SUSPENDED}
    joined_at = published_at = None
    if rng.random() < 0.7:
        joined_day = today - timedelta(days=rng.randint(1, min(720, (today - recognition_date).days)))
        joined_at = moment(joined_day, rng.randint(7, 21), rng.randint(0, 59))
        if active and rng.random() < 0.8:
            published_day = min(joined_day + timedelta(days=rng.randint(0, 60)), today)
            published_at = max(moment(published_day, rng.randint(7, 21), rng.randint(0, 59)), joined_at)
    lat, lon = point_near(place, rng)
    public_lat, public_lon = public_position_of(register_number=register_number, latitude=lat, longitude=lon)
    if not _in_quebec(public_lat, public_lon):
        lat, lon = public_lat, public_lon = place.lat, place.lon
    email = f"{_ascii(first_name)}.{_ascii(last_name)}.{register_number[5:]}@demo.test"
    provider = Provider(
        office=office,
        register_number=register_number,
        first_name=first_name,
        last_name=last_name,
        service_name=rng.choice(
            [
                "",
                "",
                f"Garderie {rng.choice(names.SERVICE_NAMES)}",
                f"Chez {first_name}",
                rng.choice(names.SERVICE_NAMES),
            ]
        ),
        email=email,
        phone=phone_number(place.region, rng),
        municipality=place.municipality,
        recognition_date=recognition_date,
        status=status,
        capacity=capacity,
        subsidized_places=subsidized,
        has_assistant=has_assistant,
        suspension_start=suspension_start,
        suspension_planned_return=suspension_return,
        show_before_return=show_before_return,
        joined_portal_at=joined_at,
        profile_published_at=published_at,
        opening_days=opening_days,
        opens_at=opens_at,
        closes_at=closes_at,
        public_latitude=public_lat,
        public_longitude=public_lon,
    )
    home = ProviderHome(
        street_address=f"{rng.randint(10, 9999)}, {rng.choice(names.STREETS)}",
        postal_code=postal_code(place.fsa, rng),
        latitude=lat,
        longitude=lon,
    )
    return provider, home


def _opening(rng: random.Random) -> tuple[int, clock, clock]:
    """Days and hours: mostly weekdays from about 7:00 to 17:30; some evenings, weekends or four days."""
    opens_at = rng.choice([clock(6, 30), clock(7), clock(7), clock(7, 30)])
    closes_at = rng.choice([clock(17), clock(17, 30), clock(17, 30), clock(18)])
    kind = rng.choices(["weekdays", "evenings", "weekends", "four_days"], weights=[82, 8, 5, 5])[0]
    if kind == "evenings":
        closes_at = rng.choice([clock(20), clock(21), clock(22)])
    if kind == "weekends":
        return WEEKDAYS_MONDAY_TO_FRIDAY | rng.choice([32, 96]), opens_at, closes_at
    if kind == "four_days":
        return rng.choice([15, 30]), opens_at, closes_at
    return WEEKDAYS_MONDAY_TO_FRIDAY, opens_at, closes_at


def _profile(provider: Provider, rng: random.Random) -> ProviderProfile:
    assert provider.opens_at is not None and provider.closes_at is not None
    hours = [provider.opens_at.strftime("%H:%M"), provider.closes_at.strftime("%H:%M")]
    under = rng.randint(0, provider.infant_limit)
    evenings = provider.closes_at > clock(18)
    weekends = provider.opening_days > WEEKDAYS_MONDAY_TO_FRIDAY
    profile = ProviderProfile(
        provider_id=provider.pk,
        places_under_18_months=under,
        places_18_months_and_over=provider.capacity - under,
        min_age_months=rng.choice([0, 3, 6, 12, 18]),
        max_age_months=rng.choice([48, 59, 71]),
        places_subsidized=provider.subsidized_places > 0,
        daily_rate=None if provider.subsidized_places else Decimal(rng.randint(35, 65)),
        hours={key: hours for index, key in enumerate(WEEKDAY_KEYS) if provider.opening_days & (1 << index)},
        care_periods=[CarePeriod.FULL_TIME.value]
        + [CarePeriod.PART_TIME.value] * (rng.random() < 0.4)
        + [CarePeriod.EVENINGS.value] * evenings
        + [CarePeriod.WEEKENDS.value] * weekends,
        meals=[Meal.MORNING_SNACK.value, Meal.LUNCH.value, Meal.AFTERNOON_SNACK.value],
        languages=[Language.FRENCH.value]
        + [rng.choice([Language.ENGLISH, Language.SPANISH, Language.ARABIC, Language.CREOLE]).value]
        * (rng.random() < 0.3),
        presentation=rng.choice(names.PRESENTATIONS),
        show_rate=rng.random() < 0.9,
    )
    profile.published = public_version(profile)
    return profile


def moment(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment of a day, in the portal's time zone."""
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))


def _in_quebec(lat: float, lon: float) -> bool:
    return QUEBEC_LAT[0] <= lat <= QUEBEC_LAT[1] and QUEBEC_LON[0] <= lon <= QUEBEC_LON[1]


def _ascii(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum() or c == "-")
