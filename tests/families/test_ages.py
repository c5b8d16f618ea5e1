"""Age in months at month ends and leap days, and the sixth birthday."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portail.families.ages import age_in_months, sixth_birthday


@pytest.mark.parametrize(
    ("birth", "on", "months"),
    [
        (date(2025, 1, 15), date(2025, 2, 14), 0),
        (date(2025, 1, 15), date(2025, 2, 15), 1),
        (date(2025, 1, 31), date(2025, 2, 27), 0),
        (date(2025, 1, 31), date(2025, 2, 28), 1),
        (date(2024, 1, 31), date(2024, 2, 29), 1),
        (date(2024, 1, 31), date(2024, 2, 28), 0),
        (date(2025, 3, 31), date(2025, 4, 30), 1),
        (date(2024, 2, 29), date(2025, 2, 28), 12),
        (date(2024, 2, 29), date(2025, 2, 27), 11),
        (date(2024, 2, 29), date(2028, 2, 29), 48),
        (date(2025, 6, 1), date(2025, 6, 1), 0),
        (date(2025, 6, 1), date(2027, 12, 1), 30),
    ],
)
def test_age_in_months(birth, on, months):
    assert age_in_months(birth, on) == months


@given(st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 1, 1)), st.integers(0, 2000))
def test_age_in_months_never_decreases(birth, days):
    from datetime import timedelta

    on = birth + timedelta(days=days)
    assert age_in_months(birth, on) <= age_in_months(birth, on + timedelta(days=1))


def test_sixth_birthday_of_a_leap_day_child_is_the_first_of_march():
    assert sixth_birthday(date(2020, 2, 29)) == date(2026, 3, 1)
    assert sixth_birthday(date(2021, 5, 17)) == date(2027, 5, 17)
