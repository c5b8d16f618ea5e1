"""What the 4-week grid shows of a day: decided by the cell, not by the template."""

from datetime import date

import pytest

from portail.attendance.models import Day
from portail.attendance.selectors import Cell

DAY = date(2026, 11, 23)


def cell(code: str = Day.NONE, *, planned: bool = True, closed: bool = False, to_come: bool = False) -> Cell:
    return Cell(day=DAY, code=code, planned=planned, closed=closed, to_come=to_come, covered=True)


@pytest.mark.parametrize(
    ("the_cell", "state", "mark", "unmarked"),
    [
        (cell(Day.PRESENT), "P", "P", False),
        (cell(Day.ABSENT), "A", "A", False),
        (cell(Day.EXTRA, planned=False), "E", "E", False),
        (cell(closed=True), "closed", "F", False),
        (cell(Day.NONE, planned=False), "off", "·", False),
        (cell(Day.NONE), "-", "", True),  # a planned day gone by, nothing entered: read out
        (cell(Day.NONE, to_come=True), "-", "", False),  # a day still to come
    ],
)
def test_a_cell_says_its_state_and_its_mark(the_cell, state, mark, unmarked):
    assert (the_cell.state, the_cell.mark, the_cell.unmarked) == (state, mark, unmarked)
