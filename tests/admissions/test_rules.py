"""Capacity and the under-18-months limit, at their edges, on the planned start date and after it."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portail.admissions.rules import RuleBroken, Stay, check_places
from portail.families.ages import age_in_months

START = date(2027, 1, 4)
OLDER = date(2024, 1, 1)  # three years old on START


def stays(count, *, birth=OLDER, start=START):
    return [Stay(birth, start) for _ in range(count)]


def test_the_sixth_child_is_admitted_and_the_seventh_refused():
    check_places(stays=stays(5), new=Stay(OLDER, START), capacity=6, infant_limit=2)

    with pytest.raises(RuleBroken, match="6 enfants sur 6 le 2027-01-04"):
        check_places(stays=stays(6), new=Stay(OLDER, START), capacity=6, infant_limit=2)


def test_with_an_assistant_the_ninth_child_is_admitted_and_the_tenth_refused():
    check_places(stays=stays(8), new=Stay(OLDER, START), capacity=9, infant_limit=4)

    with pytest.raises(RuleBroken):
        check_places(stays=stays(9), new=Stay(OLDER, START), capacity=9, infant_limit=4)


def test_a_third_infant_is_refused_alone_and_a_fifth_with_an_assistant():
    infant = date(2026, 9, 1)
    check_places(stays=stays(1, birth=infant), new=Stay(infant, START), capacity=6, infant_limit=2)
    with pytest.raises(RuleBroken, match="moins de 18 mois"):
        check_places(stays=stays(2, birth=infant), new=Stay(infant, START), capacity=6, infant_limit=2)
    check_places(stays=stays(3, birth=infant), new=Stay(infant, START), capacity=9, infant_limit=4)
    with pytest.raises(RuleBroken):
        check_places(stays=stays(4, birth=infant), new=Stay(infant, START), capacity=9, infant_limit=4)


def test_an_infant_turning_18_months_the_day_before_the_start_no_longer_counts():
    turned_18_the_day_before = date(2025, 7, 3)
    assert age_in_months(turned_18_the_day_before, START - timedelta(days=1)) == 18
    infant = date(2026, 9, 1)

    check_places(
        stays=[Stay(infant, START), Stay(turned_18_the_day_before, START)],
        new=Stay(infant, START),
        capacity=6,
        infant_limit=2,
    )


def test_a_child_starting_later_counts_from_its_own_start():
    later = START + timedelta(days=30)

    with pytest.raises(RuleBroken, match="le 2027-02-03"):
        check_places(
            stays=[*stays(5), Stay(OLDER, later)], new=Stay(OLDER, START), capacity=6, infant_limit=2
        )


def test_a_child_leaving_before_the_start_frees_its_place():
    check_places(
        stays=[*stays(5), Stay(OLDER, date(2026, 1, 1), START - timedelta(days=1))],
        new=Stay(OLDER, START),
        capacity=6,
        infant_limit=2,
    )


births = st.dates(min_value=date(2021, 6, 1), max_value=date(2027, 1, 1))
starts = st.dates(min_value=START, max_value=START + timedelta(days=400))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(births, starts), max_size=14), st.sampled_from([(6, 2), (9, 4)]))
def test_admissions_accepted_one_by_one_never_overbook_any_day(requests, limits):
    capacity, infant_limit = limits
    accepted: list[Stay] = []
    for birth, start in requests:
        try:
            check_places(stays=accepted, new=Stay(birth, start), capacity=capacity, infant_limit=infant_limit)
        except RuleBroken:
            continue
        accepted.append(Stay(birth, start))
    days = {stay.start for stay in accepted} | {START + timedelta(days=offset) for offset in range(0, 800, 5)}
    for day in days:
        present = [stay for stay in accepted if stay.present_on(day)]
        assert len(present) <= capacity
        assert len([stay for stay in present if age_in_months(stay.birth_date, day) < 18]) <= infant_limit
