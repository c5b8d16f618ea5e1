"""The client reserve: sorted, marked, filtered, paged, and only the provider's own."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portail.families.ages import age_in_months
from portail.waitlist.selectors import ReserveFilters, _eighteen_months_before, reserve_of, rows
from tests.families.factories import ChildFactory, ChoiceFactory, FamilyFileFactory
from tests.registry.factories import ProviderFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 28)


def _in_reserve(provider, **child_fields):
    return ChoiceFactory(provider=provider, child=ChildFactory(**child_fields)).child


def test_the_reserve_is_sorted_by_desired_start_date():
    provider = ProviderFactory()
    later = _in_reserve(provider, desired_start_date=TODAY + timedelta(days=90))
    sooner = _in_reserve(provider, desired_start_date=TODAY + timedelta(days=10))
    ChoiceFactory(provider=ProviderFactory())  # another provider's reserve

    assert list(reserve_of(provider, filters=ReserveFilters(), today=TODAY)) == [sooner, later]


def test_a_sibling_in_the_same_reserve_is_marked():
    provider = ProviderFactory()
    family = FamilyFileFactory()
    first, second = _in_reserve(provider, family=family), _in_reserve(provider, family=family)
    alone = _in_reserve(provider)
    _in_reserve(ProviderFactory(), family=alone.family)  # a sibling elsewhere does not count

    page = reserve_of(provider, filters=ReserveFilters(), today=TODAY)
    marks = {row["child"]: row["has_sibling"] for row in rows(page, provider=provider, today=TODAY)}

    assert marks == {first: True, second: True, alone: False}


@pytest.mark.parametrize(
    "today", [date(2026, 11, 28), date(2026, 2, 28), date(2028, 2, 29), date(2026, 3, 31)]
)
def test_the_age_filter_agrees_with_age_in_months_at_its_edge(today):
    boundary = _eighteen_months_before(today)

    assert age_in_months(boundary, today) == 18
    assert age_in_months(boundary + timedelta(days=1), today) == 17


def test_filters_by_age_group_dates_and_opening_days():
    provider = ProviderFactory(opening_days=1 + 2 + 4 + 8 + 16)
    baby = _in_reserve(provider, birth_date=TODAY - timedelta(days=200), schedule_days=1 + 2)
    toddler = _in_reserve(
        provider,
        birth_date=TODAY - timedelta(days=700),
        schedule_days=32,
        desired_start_date=TODAY + timedelta(days=200),
    )

    def found(**filters):
        return set(reserve_of(provider, filters=ReserveFilters(**filters), today=TODAY))

    assert found(age_group="under_18_months") == {baby}
    assert found(age_group="18_months_and_over") == {toddler}
    assert found(start_from=TODAY + timedelta(days=150)) == {toddler}
    assert found(start_to=TODAY + timedelta(days=150)) == {baby}
    assert found(matches_opening_days=True) == {baby}


def test_the_page_shows_number_name_age_and_sibling_mark(client, demo_accounts):
    provider = demo_accounts["provider"].provider
    family = FamilyFileFactory()
    child = _in_reserve(
        provider, family=family, first_name="Léa", birth_date=timezone.localdate() - timedelta(days=400)
    )
    _in_reserve(provider, family=family)
    client.force_login(demo_accounts["provider"])

    html = client.get(reverse("waitlist:reserve")).content.decode()

    assert child.display_number in html
    assert "Léa" in html
    assert f"{age_in_months(child.birth_date, timezone.localdate())} mois" in html
    assert "Frère ou sœur dans la réserve" in html


def test_the_number_of_queries_does_not_grow_with_the_reserve(
    client, demo_accounts, django_assert_max_num_queries
):
    provider = demo_accounts["provider"].provider
    client.force_login(demo_accounts["provider"])
    for _ in range(3):
        _in_reserve(provider)
    with django_assert_max_num_queries(8) as small:
        client.get(reverse("waitlist:reserve"))
    for _ in range(60):
        _in_reserve(provider)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("waitlist:reserve"))


def test_details_open_in_place_with_the_parents_contact(client, demo_accounts):
    provider = demo_accounts["provider"].provider
    child = _in_reserve(provider, has_special_needs=True, special_needs_note="Allergie aux arachides")
    guardian = child.family.guardians.create(
        first_name="Marie",
        last_name="Roy",
        email="marie@example.test",
        phone="514 555-0000",
        street_address="1, rue X",
        municipality="Montréal",
        postal_code="H2J 1A1",
    )
    client.force_login(demo_accounts["provider"])

    response = client.get(reverse("waitlist:child", args=[child.file_id]), HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert "<html" not in html
    assert guardian.phone in html and "Allergie aux arachides" in html


def test_a_child_outside_the_reserve_is_a_404(client, demo_accounts):
    theirs = _in_reserve(ProviderFactory())
    client.force_login(demo_accounts["provider"])

    assert client.get(reverse("waitlist:child", args=[theirs.file_id])).status_code == 404


def test_bad_filters_get_a_french_message_and_no_500(client, demo_accounts):
    client.force_login(demo_accounts["provider"])

    response = client.get(
        reverse("waitlist:reserve"),
        {"start_from": "2027-05-01", "start_to": "2027-01-01", "page": "-3", "age_group": "x"},
    )

    assert response.status_code == 200
    assert "La fin de la période ne peut précéder son début." in response.content.decode()


def test_the_count_is_the_same_with_and_without_the_fast_path():
    from portail.waitlist.selectors import reserve_size

    provider = ProviderFactory()
    for _ in range(3):
        _in_reserve(provider, birth_date=TODAY - timedelta(days=100))
    _in_reserve(provider, birth_date=TODAY - timedelta(days=900))
    everyone = reserve_of(provider, filters=ReserveFilters(), today=TODAY)
    babies = ReserveFilters(age_group="under_18_months")

    assert reserve_size(provider, filters=ReserveFilters(), children=everyone) == everyone.count() == 4
    assert (
        reserve_size(provider, filters=babies, children=reserve_of(provider, filters=babies, today=TODAY))
        == 3
    )
