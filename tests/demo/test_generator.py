"""The demo data set: its size, determinism and validity, the demo accounts, and a command that loads once."""

import random
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from portail.demo.generator import DEMO_FSA, DEMO_REGISTER_NUMBER, SCALES, generate
from portail.demo.places import load_places, point_near
from portail.profiles.models import ProviderProfile
from portail.registry.geo import distance_km
from portail.registry.models import (
    QUEBEC_LAT,
    QUEBEC_LON,
    CoordinatingOffice,
    Facility,
    OfficeAgent,
    Provider,
    ProviderHome,
    RecognitionStatus,
)
from portail.registry.services import public_position_of

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 28)
TINY = SCALES["tiny"]


def _snapshot():
    return list(
        Provider.objects.order_by("register_number").values_list(
            "register_number", "first_name", "last_name", "public_latitude", "public_longitude", "status"
        )
    )


def test_the_tiny_scale_has_its_counts():
    summary = generate(scale=TINY, seed=1, today=TODAY)
    assert CoordinatingOffice.objects.count() == TINY.offices == summary.counts["offices"]
    assert Provider.objects.count() == TINY.providers == ProviderHome.objects.count()
    assert Facility.objects.count() == TINY.facilities
    assert set(Facility.objects.values_list("kind", flat=True)) == {"cpe", "gs", "gns"}
    assert not Provider.objects.exclude(office__territory__region="Montréal").exists()


# These flush the database; PostgreSQL refuses to inside the test's transaction.
@pytest.mark.django_db(transaction=True)
def test_the_same_seed_gives_the_same_data():
    generate(scale=TINY, seed=7, today=TODAY)
    first = _snapshot()
    call_command("flush", interactive=False, verbosity=0)
    generate(scale=TINY, seed=7, today=TODAY)
    assert _snapshot() == first
    call_command("flush", interactive=False, verbosity=0)
    generate(scale=TINY, seed=8, today=TODAY)
    assert _snapshot() != first


def test_every_provider_is_valid_and_placed_in_quebec():
    generate(scale=SCALES["tiny"], seed=3, today=TODAY)
    for provider in Provider.objects.select_related("home")[:25]:
        provider.full_clean()
        provider.home.full_clean()
        assert provider.home.postal_code[:3] == provider.home.postal_code.split()[0]
        assert (provider.public_latitude, provider.public_longitude) == public_position_of(
            register_number=provider.register_number,
            latitude=provider.home.latitude,
            longitude=provider.home.longitude,
        )
    for facility in Facility.objects.all()[:10]:
        facility.full_clean()


def test_published_providers_have_a_published_profile_and_joined_ones_an_account():
    generate(scale=SCALES["tiny"], seed=3, today=TODAY)
    published = Provider.objects.filter(profile_published_at__isnull=False)
    assert published.exists()
    assert ProviderProfile.objects.filter(published__isnull=False).count() == published.count()
    assert not Provider.objects.filter(joined_portal_at__isnull=False, user__isnull=True).exists()
    assert not published.filter(joined_portal_at__isnull=True).exists()


def test_homes_stay_near_their_place_and_inside_quebec():
    rng = random.Random(0)
    for place in load_places():
        lat, lon = point_near(place, rng)
        assert QUEBEC_LAT[0] <= lat <= QUEBEC_LAT[1] and QUEBEC_LON[0] <= lon <= QUEBEC_LON[1]
        assert distance_km(lat, lon, place.lat, place.lon) < 4


def test_the_demo_accounts_are_attached():
    generate(scale=TINY, seed=1, today=TODAY)
    provider = Provider.objects.select_related("home", "office").get(user__email="rsge@demo.test")
    assert provider.register_number == DEMO_REGISTER_NUMBER
    assert provider.status == RecognitionStatus.RECOGNIZED
    assert provider.joined_portal_at is not None
    assert provider.home.postal_code.startswith("H2J")
    agent = OfficeAgent.objects.get(user__email="bc@demo.test")
    assert agent.office == provider.office
    assert agent.office.territory.region == "Montréal"
    # The office is the region's largest; a map search of "H2X" within 5 km finds the provider.
    sizes = {office.pk: office.providers.count() for office in CoordinatingOffice.objects.all()}
    assert sizes[agent.office_id] == max(sizes.values())
    plateau = next(place for place in load_places() if place.key == DEMO_FSA)
    assert distance_km(provider.public_latitude, provider.public_longitude, plateau.lat, plateau.lon) < 5


@pytest.mark.django_db(transaction=True)
def test_the_command_loads_once_and_reloads_on_reset():
    out = StringIO()
    call_command("seed_demo", "--scale", "tiny", stdout=out)
    assert "Loaded the 'tiny' demo data set" in out.getvalue()
    first = _snapshot()
    out = StringIO()
    call_command("seed_demo", "--scale", "tiny", stdout=out)
    assert "already loaded" in out.getvalue()
    assert Provider.objects.count() == TINY.providers
    call_command("seed_demo", "--scale", "tiny", "--reset", stdout=StringIO())
    assert [row[:3] for row in _snapshot()] == [row[:3] for row in first]


def test_families_have_one_to_three_children_choosing_up_to_ten_services_near_home():
    from django.db.models import Count

    from portail.families.models import Child, Choice, FamilyFile
    from portail.families.numbers import normalize

    generate(scale=TINY, seed=3, today=TODAY)

    assert Child.objects.count() >= TINY.children
    sizes = set(FamilyFile.objects.annotate(n=Count("children")).values_list("n", flat=True))
    assert sizes <= {1, 2, 3} and {1, 2} <= sizes
    per_child = Child.objects.annotate(n=Count("choices")).values_list("n", flat=True)
    assert max(per_child) <= 11  # ten near home, and perhaps the demo provider
    assert all(
        normalize(number) == number for number in Child.objects.values_list("registration_number", flat=True)
    )
    assert Choice.objects.filter(provider__register_number=DEMO_REGISTER_NUMBER).count() >= TINY.demo_reserve


def test_the_demo_parent_has_three_children_one_in_the_demo_providers_reserve_one_attending():
    from portail.families.models import Child

    generate(scale=TINY, seed=3, today=TODAY)

    children = {
        child.first_name: child for child in Child.objects.filter(family__parent__email="parent@demo.test")
    }
    assert sorted(children) == ["Léa", "Noah", "Émile"]
    assert children["Léa"].choices.filter(provider__register_number=DEMO_REGISTER_NUMBER).exists()
    # Émile attends at the demo provider's (portail/demo/attendance.py): parent@ signs his sheets.
    assert children["Émile"].admissions.get().agreement.status == "recorded"


def test_providers_hold_children_admitted_from_their_reserve_within_the_rules():
    from django.db.models import Count

    from portail.admissions.models import Admission, Status
    from portail.admissions.rules import INFANT_MONTHS
    from portail.families.ages import age_in_months

    generate(scale=TINY, seed=3, today=TODAY)

    admissions = Admission.objects.select_related("child", "provider")
    assert admissions.filter(status=Status.CONFIRMED).exists()
    # One place per child, in a service the child chose, for the date the parent wished.
    assert max(Admission.objects.values("child").annotate(n=Count("pk")).values_list("n", flat=True)) == 1
    for admission in admissions:
        assert admission.child.choices.filter(provider=admission.provider).exists()
        assert admission.planned_start_date == admission.child.desired_start_date
        assert admission.events.count() == 1
    for provider in Provider.objects.annotate(n=Count("admissions")).filter(n__gt=0):
        held = [a for a in admissions if a.provider_id == provider.pk]
        assert len(held) <= provider.capacity
        infants = [a for a in held if age_in_months(a.child.birth_date, a.planned_start_date) < INFANT_MONTHS]
        assert len(infants) <= provider.infant_limit
    # rsge@demo.test keeps places to admit more, and bc@demo.test has its first admission to confirm.
    demo = Provider.objects.get(user__email="rsge@demo.test")
    assert demo.capacity - demo.admissions.count() >= 3
    waiting = demo.admissions.get(status=Status.ADMITTED, admitted_by=demo.user)
    assert waiting.events.get().to_status == Status.ADMITTED
