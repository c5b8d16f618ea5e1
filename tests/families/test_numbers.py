"""Registration numbers: unique enough, and every single typo or neighbour swap is caught."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from portail.families.numbers import (
    ALPHABET,
    DATA_LENGTH,
    InvalidNumber,
    check_symbol,
    display,
    generate,
    normalize,
)

numbers = st.text(alphabet=ALPHABET, min_size=DATA_LENGTH, max_size=DATA_LENGTH).map(
    lambda d: d + check_symbol(d)
)


@given(numbers)
def test_a_generated_number_is_valid_however_it_is_typed(number):
    assert normalize(number) == number
    assert normalize(display(number).lower()) == number
    assert normalize(" ".join(display(number).split("-"))) == number


@given(numbers, st.integers(0, DATA_LENGTH), st.sampled_from(ALPHABET))
def test_every_single_symbol_typo_is_caught(number, position, symbol):
    typo = number[:position] + symbol + number[position + 1 :]
    if typo == number:
        return
    with pytest.raises(InvalidNumber) as error:
        normalize(typo)
    assert error.value.code == "check"


@given(numbers, st.integers(0, DATA_LENGTH - 1))
def test_every_swap_of_two_neighbours_is_caught(number, position):
    swapped = number[:position] + number[position + 1] + number[position] + number[position + 2 :]
    if swapped == number:
        return
    with pytest.raises(InvalidNumber):
        normalize(swapped)


def test_the_exhaustive_check_on_one_number():
    number = generate()
    for position in range(len(number)):
        for symbol in ALPHABET:
            typo = number[:position] + symbol + number[position + 1 :]
            if typo != number:
                with pytest.raises(InvalidNumber):
                    normalize(typo)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("K7M-4QX", "length"),
        ("K7M-4QX-R2P-9", "length"),
        ("I7M-4QX-R2P", "symbol"),
        ("07M-4QX-R2P", "symbol"),
    ],
)
def test_malformed_numbers_say_what_is_wrong(typed, code):
    with pytest.raises(InvalidNumber) as error:
        normalize(typed)
    assert error.value.code == code


def test_numbers_are_shown_in_groups_of_three():
    assert display("K7MQ4XR2P") == "K7M-Q4X-R2P"


def test_generated_numbers_rarely_collide():
    assert len({generate() for _ in range(10_000)}) == 10_000
