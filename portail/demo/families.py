"""Families for the demo: parents, guardians, children with their numbers, and services chosen near home."""

import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import accumulate

from django.utils import timezone

from portail.accounts.models import Role, User
from portail.demo import names
from portail.demo.places import Place, phone_number, point_near, postal_code
from portail.families import numbers
from portail.families.models import Child, ChildFileRead, Choice, FamilyFile, Guardian, ScheduleKind
from portail.families.services import add_choice
from portail.registry.models import Facility, Provider, RecognitionStatus

BATCH_SIZE = 2000
CELL_DEGREES = 0.05  # about 5.5 km north-south: a family chooses among services of its cell and the 8 around
SCHEDULES = [31, 31, 31, 31, 15, 7, 27, 30, 3]  # mostly Monday to Friday


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return int(lat // CELL_DEGREES), int(lon // (CELL_DEGREES * 1.4))


class _Nearby:
    """Services by grid cell, so that a family finds those near its home without a query."""

    def __init__(self, providers: Sequence[Provider], facilities: Sequence[Facility]) -> None:
        self.cells: defaultdict[tuple[int, int], list[tuple[str, int]]] = defaultdict(list)
        for provider in providers:
            if provider.status == RecognitionStatus.RECOGNIZED:
                self.cells[_cell(provider.public_latitude, provider.public_longitude)].append(
                    ("p", provider.pk)
                )
        for facility in facilities:
            self.cells[_cell(facility.latitude, facility.longitude)].append(("f", facility.pk))

    def around(self, lat: float, lon: float) -> list[tuple[str, int]]:
        row, col = _cell(lat, lon)
        return [
            service
            for dr in (-1, 0, 1)
            for dc in (-1, 0, 1)
            for service in self.cells.get((row + dr, col + dc), [])
        ]


def _number(rng: random.Random, taken: set[str]) -> str:
    while True:
        data = "".join(rng.choice(numbers.ALPHABET) for _ in range(numbers.DATA_LENGTH))
        number = data + numbers.check_symbol(data)
        if number not in taken:
            taken.add(number)
            return number


def create_families(
    *,
    places: list[Place],
    providers: Sequence[Provider],
    facilities: Sequence[Facility],
    children: int,
    demo_provider: Provider,
    demo_reserve: int,
    rng: random.Random,
    today: date,
    counts: Counter[str],
) -> list[Choice]:
    """Families of one to three children until `children` are registered, each child choosing one to ten
    services near home; `demo_reserve` of them also choose the demo provider. Returns the choices."""
    nearby = _Nearby(providers, facilities)
    cumulative = list(accumulate(p.weight for p in places))
    taken: set[str] = set()
    users: list[User] = []
    guardians: list[tuple[int, Guardian]] = []
    kids: list[tuple[int, Child]] = []
    wishes: list[tuple[int, list[tuple[str, int]]]] = []
    registered = 0
    while registered < children:
        place = rng.choices(places, cum_weights=cumulative)[0]
        last_name = rng.choice(names.LAST_NAMES)
        first_name = rng.choice(names.FIRST_NAMES_WOMEN + names.FIRST_NAMES_MEN)
        email = f"famille{len(users) + 1}@demo.test"
        users.append(
            User(
                email=email,
                role=Role.PARENT,
                first_name=first_name,
                last_name=last_name,
                password="!" + rng.randbytes(16).hex(),
            )
        )
        lat, lon = point_near(place, rng)
        address = (
            f"{rng.randint(1, 9999)}, {rng.choice(names.STREETS)}",
            place.municipality,
            postal_code(place.fsa, rng),
        )
        for position in range(1, 2 if rng.random() < 0.35 else 3):
            guardians.append(
                (
                    len(users) - 1,
                    Guardian(
                        position=position,
                        first_name=first_name
                        if position == 1
                        else rng.choice(names.FIRST_NAMES_WOMEN + names.FIRST_NAMES_MEN),
                        last_name=last_name,
                        email=email if position == 1 else f"famille{len(users)}-2@demo.test",
                        phone=phone_number(place.region, rng),
                        street_address=address[0],
                        municipality=address[1],
                        postal_code=address[2],
                    ),
                )
            )
        services = nearby.around(lat, lon)
        for _ in range(rng.choices([1, 2, 3], weights=[60, 32, 8])[0]):
            kids.append((len(users) - 1, _child(last_name, rng, today, taken)))
            if services:
                chosen = rng.sample(services, k=min(len(services), rng.randint(1, 10)))
                wishes.append((len(kids) - 1, chosen))
            registered += 1
    User.objects.bulk_create(users, batch_size=BATCH_SIZE)
    families = [FamilyFile(parent=user) for user in users]
    FamilyFile.objects.bulk_create(families, batch_size=BATCH_SIZE)
    for family_index, guardian in guardians:
        guardian.family = families[family_index]
    Guardian.objects.bulk_create([guardian for _index, guardian in guardians], batch_size=BATCH_SIZE)
    for family_index, child in kids:
        child.family = families[family_index]
    Child.objects.bulk_create([child for _index, child in kids], batch_size=BATCH_SIZE)
    choices = []
    for child_index, chosen in wishes:
        child = kids[child_index][1]
        choices += [
            Choice(child=child, provider_id=pk, desired_start_date=child.desired_start_date)
            if kind == "p"
            else Choice(child=child, facility_id=pk, desired_start_date=child.desired_start_date)
            for kind, pk in chosen
        ]
    in_demo_reserve = {choice.child.pk for choice in choices if choice.provider_id == demo_provider.pk}
    extra = [child for _index, child in kids if child.pk not in in_demo_reserve]
    for child in rng.sample(extra, k=max(0, min(len(extra), demo_reserve - len(in_demo_reserve)))):
        choices.append(
            Choice(child=child, provider_id=demo_provider.pk, desired_start_date=child.desired_start_date)
        )
    Choice.objects.bulk_create(choices, batch_size=BATCH_SIZE)
    counts.update(families=len(families), children=len(kids), choices=len(choices), accounts=len(users))
    return choices


def _child(last_name: str, rng: random.Random, today: date, taken: set[str]) -> Child:
    has_special_needs = rng.random() < 0.06
    return Child(
        first_name=rng.choice(names.CHILD_FIRST_NAMES),
        last_name=last_name,
        birth_date=today - timedelta(days=rng.randint(20, 5 * 365)),
        registration_number=_number(rng, taken),
        desired_start_date=today + timedelta(days=rng.randint(7, 540)),
        schedule_days=rng.choice(SCHEDULES),
        schedule_kind=ScheduleKind.FULL_DAYS if rng.random() < 0.85 else ScheduleKind.HALF_DAYS,
        accepts_partial_match=rng.random() < 0.6,
        accepts_replacement=rng.random() < 0.3,
        has_special_needs=has_special_needs,
        special_needs_note=rng.choice(names.SPECIAL_NEEDS) if has_special_needs else "",
    )


def create_demo_family(
    *, parent: User, demo_provider: Provider, facilities: Sequence[Facility], today: date
) -> None:
    """parent@demo.test's family: two children, Léa in rsge@demo.test's reserve, Noah choosing daycares."""
    family = FamilyFile.objects.create(parent=parent)
    Guardian.objects.create(
        family=family,
        first_name=parent.first_name,
        last_name=parent.last_name,
        email=parent.email,
        phone="514 555-0142",
        street_address="4500, rue Fabre",
        municipality="Montréal",
        postal_code="H2J 3V2",
    )
    lea, noah = (
        Child.objects.create(
            family=family,
            first_name=first_name,
            last_name=parent.last_name,
            birth_date=today - timedelta(days=age_days),
            registration_number=numbers.generate(),
            desired_start_date=today + timedelta(days=start_in),
            schedule_days=31,
            schedule_kind=ScheduleKind.FULL_DAYS,
            accepts_partial_match=True,
            accepts_replacement=False,
            has_special_needs=False,
        )
        for first_name, age_days, start_in in [("Léa", 420, 60), ("Noah", 1300, 120)]
    )
    add_choice(child=lea, provider=demo_provider)
    if demo_provider.user is not None:
        # rsge@ read Léa's details in its reserve two days ago: the parent sees it on Léa's page.
        ChildFileRead.objects.create(
            child=lea,
            reader=demo_provider.user,
            role=Role.PROVIDER,
            office_id=demo_provider.office_id,
            provider=demo_provider,
            page="waitlist:child",
            at=timezone.now() - timedelta(days=2, hours=3),
        )
    near = sorted(facilities, key=lambda f: (f.latitude - 45.5268) ** 2 + (f.longitude + 73.5801) ** 2)[:3]
    for facility in near:
        add_choice(child=noah, facility=facility)
