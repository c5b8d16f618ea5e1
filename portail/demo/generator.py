"""The demo and benchmark data set: offices, providers and facilities over Québec, and the demo accounts."""

import random
import time
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from datetime import time as clock
from itertools import accumulate

from django.db import transaction

from portail.demo import names
from portail.demo.accounts import create_demo_accounts
from portail.demo.admissions import create_admissions
from portail.demo.agreements import create_agreements
from portail.demo.api import create_demo_software
from portail.demo.attendance import create_attendance
from portail.demo.families import create_demo_family, create_families
from portail.demo.messaging import create_demo_messages
from portail.demo.places import REGIONS, Place, load_places, phone_number, point_near, postal_code
from portail.demo.providers import BATCH_SIZE, create_providers, moment
from portail.registry.models import (
    CoordinatingOffice,
    Facility,
    FacilityKind,
    Territory,
)
from portail.registry.services import create_provider

DEFAULT_SEED = 2026
# rsge@demo.test lives on the Plateau, in this postal area; bc@demo.test's office serves it.
DEMO_FSA = "H2X"
DEMO_REGISTER_NUMBER = "RSGE-060001"


@dataclass(frozen=True)
class Scale:
    """How much to generate, and where: `regions` None means all of Québec."""

    regions: tuple[str, ...] | None
    offices: int
    providers: int
    facilities: int
    children: int
    # Children in the demo provider's client reserve (the reserve benchmark wants 2,000).
    demo_reserve: int


SCALES = {
    "tiny": Scale(("Montréal",), offices=3, providers=60, facilities=12, children=150, demo_reserve=12),
    "montreal": Scale(
        ("Montréal",), offices=10, providers=1_000, facilities=200, children=15_000, demo_reserve=40
    ),
    "quebec": Scale(
        None, offices=162, providers=15_000, facilities=3_100, children=250_000, demo_reserve=2_000
    ),
}
DEFAULT_SCALE = "montreal"
# Québec's facilities: about 1,500 CPE, 700 subsidized and 900 non-subsidized daycares.
FACILITY_SHARES = {FacilityKind.CPE: 1_500, FacilityKind.SUBSIDIZED_DAYCARE: 700, FacilityKind.DAYCARE: 900}


@dataclass
class Summary:
    counts: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0


@dataclass
class _Office:
    office: CoordinatingOffice
    places: list[Place]


def generate(*, scale: Scale, seed: int, today: date) -> Summary:
    """Loads the data set; the same seed and the same `today` give the same rows."""
    started = time.perf_counter()
    rng = random.Random(seed)
    summary = Summary()
    places = [p for p in load_places() if scale.regions is None or p.region in scale.regions]
    with transaction.atomic():
        offices = _create_offices(places, scale, rng)
        office_of = {place.key: entry.office for entry in offices for place in entry.places}
        demo_office = office_of[DEMO_FSA]
        providers = create_providers(places, office_of, scale.providers - 1, rng, today, summary.counts)
        demo_provider = create_provider(
            office=demo_office,
            register_number=DEMO_REGISTER_NUMBER,
            first_name="Nathalie",
            last_name="Bergeron",
            municipality="Montréal",
            recognition_date=date(2019, 9, 1),
            capacity=6,
            subsidized_places=6,
            opens_at=clock(7),
            closes_at=clock(17, 30),
            joined_portal_at=moment(today - timedelta(days=30), 9),
            street_address="4321, rue Saint-Denis",
            postal_code="H2J 2K9",
            latitude=45.5268,
            longitude=-73.5801,
        )
        accounts = create_demo_accounts(office=demo_office, provider=demo_provider)
        facilities = _create_facilities(places, scale.facilities, rng, summary)
        choices = create_families(
            places=places,
            providers=[*providers, demo_provider],
            facilities=facilities,
            children=scale.children,
            demo_provider=demo_provider,
            demo_reserve=scale.demo_reserve,
            rng=rng,
            today=today,
            counts=summary.counts,
        )
        create_admissions(
            choices=choices,
            providers=[*providers, demo_provider],
            demo_provider=demo_provider,
            records=accounts["ministry"],
            rng=rng,
            counts=summary.counts,
        )
        create_agreements(
            demo_provider=demo_provider,
            records=accounts["ministry"],
            rng=rng,
            today=today,
            counts=summary.counts,
        )
        create_demo_family(
            parent=accounts["parent"], demo_provider=demo_provider, facilities=facilities, today=today
        )
        create_attendance(
            demo_provider=demo_provider,
            parent=accounts["parent"],
            agent=accounts["office_agent"],
            rng=rng,
            today=today,
            counts=summary.counts,
        )
        create_demo_messages(
            office=demo_office,
            agent=accounts["office_agent"],
            provider_user=accounts["provider"],
            counts=summary.counts,
        )
        create_demo_software(office_admin=accounts["office_agent"], delegating=demo_provider)
    summary.counts["regions"] = len({entry.places[0].region for entry in offices})
    summary.counts["offices"] = len(offices)
    summary.counts["providers"] = len(providers) + 1
    summary.counts["recognized"] += 1
    summary.counts["joined"] += 1
    summary.counts["accounts"] += len(accounts)
    summary.seconds = time.perf_counter() - started
    return summary


def _allocate(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    """Shares of a total in proportion to weights, at least one each, by largest remainder."""
    keys = sorted(weights)
    extra = total - len(keys)
    whole = sum(weights.values())
    exact = {key: extra * weights[key] / whole for key in keys}
    shares = {key: 1 + int(exact[key]) for key in keys}
    left = total - sum(shares.values())
    for key in sorted(keys, key=lambda key: exact[key] - int(exact[key]), reverse=True)[:left]:
        shares[key] += 1
    return shares


def _split(places: list[Place], parts: int) -> list[list[Place]]:
    """Cuts places into compact groups of about equal weight, by halving along the longer side."""
    if parts == 1 or len(places) == 1:
        return [places]
    lat_span = max(p.lat for p in places) - min(p.lat for p in places)
    lon_span = max(p.lon for p in places) - min(p.lon for p in places)
    ordered = sorted(
        places, key=(lambda p: (p.lat, p.key)) if lat_span > lon_span * 0.7 else (lambda p: (p.lon, p.key))
    )
    first = parts // 2
    target = sum(p.weight for p in ordered) * first / parts
    running = list(accumulate(p.weight for p in ordered))
    cut = min(max(1, next(i for i, w in enumerate(running) if w >= target) + 1), len(ordered) - 1)
    return _split(ordered[:cut], first) + _split(ordered[cut:], parts - first)


def _territories(places: list[Place], parts: int) -> list[list[Place]]:
    """The region's territories; the demo office's is three times the usual size, with a few hundred homes."""
    if not any(p.key == DEMO_FSA for p in places) or len(places) < parts + 2:
        return _split(places, parts)
    groups = _split(places, parts + 2)
    demo = next(group for group in groups if any(p.key == DEMO_FSA for p in group))
    others = sorted(
        (group for group in groups if group is not demo),
        key=lambda group: (
            (_centre(group)[0] - _centre(demo)[0]) ** 2 + (_centre(group)[1] - _centre(demo)[1]) ** 2
        ),
    )
    return [demo + others[0] + others[1], *others[2:]]


def _centre(places: list[Place]) -> tuple[float, float]:
    return sum(p.lat for p in places) / len(places), sum(p.lon for p in places) / len(places)


def _create_offices(places: list[Place], scale: Scale, rng: random.Random) -> list[_Office]:
    weights: defaultdict[str, float] = defaultdict(float)
    for place in places:
        weights[place.region] += place.weight
    per_region = _allocate(scale.offices, weights)
    offices = []
    taken: set[str] = set()
    for region in sorted(per_region, key=REGIONS.__getitem__):
        code = REGIONS[region]
        groups = _territories([p for p in places if p.region == region], per_region[region])
        for number, group in enumerate(groups, start=1):
            anchor = max(group, key=lambda p: (p.key == DEMO_FSA, p.weight, -len(p.name)))
            name = anchor.name if anchor.name not in taken else f"{anchor.name} ({anchor.fsa})"
            taken.add(name)
            territory = Territory.objects.create(name=name, region=region)
            office_name = rng.choice(
                [
                    f"Bureau coordonnateur {name}",
                    f"Bureau coordonnateur de la garde en milieu familial {name}",
                    f"CPE-BC {rng.choice(names.SERVICE_NAMES)}",
                ]
            )
            office = CoordinatingOffice.objects.create(
                number=f"BC-{code:02d}{number:02d}",
                name=office_name,
                email=f"bc-{code:02d}{number:02d}@demo.test",
                phone=phone_number(region, rng),
                address=f"{rng.randint(10, 9999)}, {rng.choice(names.STREETS)}, {anchor.municipality} "
                f"{postal_code(anchor.fsa, rng)}",
                territory=territory,
            )
            offices.append(_Office(office, group))
    return offices


def _create_facilities(
    places: list[Place], count: int, rng: random.Random, summary: Summary
) -> list[Facility]:
    cumulative = list(accumulate(p.weight for p in places))
    kinds = _allocate(count, {str(kind): share for kind, share in FACILITY_SHARES.items()})
    sequence: Counter[int] = Counter()
    facilities = []
    for kind in sorted(kinds):
        for place in rng.choices(places, cum_weights=cumulative, k=kinds[kind]):
            code = REGIONS[place.region]
            sequence[code] += 1
            name = rng.choice(names.SERVICE_NAMES)
            lat, lon = point_near(place, rng)
            facilities.append(
                Facility(
                    kind=kind,
                    name={
                        FacilityKind.CPE: f"CPE {name}",
                        FacilityKind.SUBSIDIZED_DAYCARE: f"Garderie {name}",
                        FacilityKind.DAYCARE: f"Garderie éducative {name} {place.name}",
                    }[FacilityKind(kind)],
                    permit_number=f"{code:02d}{sequence[code]:05d}",
                    street_address=f"{rng.randint(10, 9999)}, {rng.choice(names.STREETS)}",
                    municipality=place.municipality,
                    postal_code=postal_code(place.fsa, rng),
                    latitude=lat,
                    longitude=lon,
                    places_under_18_months=rng.choice([0, 5, 10, 10, 15]),
                    places_18_months_and_over=rng.randrange(20, 75, 5),
                    opens_at=rng.choice([clock(6, 30), clock(7)]),
                    closes_at=rng.choice([clock(18), clock(18, 30)]),
                )
            )
            summary.counts[kind] += 1
    Facility.objects.bulk_create(facilities, batch_size=BATCH_SIZE)
    summary.counts["facilities"] = len(facilities)
    return facilities
