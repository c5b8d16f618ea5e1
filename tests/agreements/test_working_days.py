"""Working days: Québec's statutory holidays, computed, and the office's 5-working-day delay."""

from datetime import date

import pytest

from portail.agreements.working_days import add_working_days, easter_sunday, holidays, is_working_day


@pytest.mark.parametrize(
    "year, easter",
    [
        (2019, date(2019, 4, 21)),
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2028, date(2028, 4, 16)),
        (2038, date(2038, 4, 25)),
    ],
)
def test_easter_by_the_anonymous_gregorian_algorithm(year, easter):
    assert easter_sunday(year) == easter


def test_the_holidays_of_2025():
    assert sorted(holidays(2025)) == [
        date(2025, 1, 1),
        date(2025, 4, 21),  # Easter Monday, the default
        date(2025, 5, 19),  # the Monday before 25 May
        date(2025, 6, 24),
        date(2025, 7, 1),
        date(2025, 9, 1),  # Labour Day
        date(2025, 10, 13),  # Thanksgiving
        date(2025, 12, 25),
    ]


def test_24_june_and_1_july_on_a_sunday_move_to_the_monday():
    # In 2029 both fall on a Sunday.
    assert date(2029, 6, 24).weekday() == 6 and date(2029, 7, 1).weekday() == 6
    assert {date(2029, 6, 25), date(2029, 7, 2)} <= holidays(2029)
    assert date(2029, 6, 24) not in holidays(2029)


def test_the_patriotes_when_25_may_is_a_monday_is_the_week_before():
    assert date(2026, 5, 25).weekday() == 0
    assert date(2026, 5, 18) in holidays(2026)
    assert date(2026, 5, 25) not in holidays(2026)


def test_the_employer_may_choose_good_friday(settings):
    settings.EASTER_HOLIDAY = "friday"
    assert date(2025, 4, 18) in holidays(2025)
    assert date(2025, 4, 21) not in holidays(2025)
    assert is_working_day(date(2025, 4, 21))


def test_five_working_days_skip_a_weekend_and_a_statutory_holiday():
    # Thursday 19 June 2025: Fri 20, Mon 23, (Tue 24 Fête nationale), Wed 25, Thu 26, Fri 27.
    assert add_working_days(date(2025, 6, 19), 5) == date(2025, 6, 27)
    # Without a holiday in the way, a week.
    assert add_working_days(date(2025, 6, 5), 5) == date(2025, 6, 12)


def test_five_working_days_across_christmas_and_new_year():
    # Tuesday 23 December 2025: Wed 24, (Thu 25), Fri 26, Mon 29, Tue 30, Wed 31.
    assert add_working_days(date(2025, 12, 23), 5) == date(2025, 12, 31)
    assert add_working_days(date(2025, 12, 30), 2) == date(2026, 1, 2)


def test_a_file_received_on_a_saturday_counts_from_monday():
    assert add_working_days(date(2025, 6, 7), 1) == date(2025, 6, 9)
