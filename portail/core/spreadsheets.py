"""CSV exports opened in a spreadsheet: no cell of a user's text may run as a formula."""

from typing import Any

# A cell starting with one of these runs as a formula in a spreadsheet (full-width forms included: some
# spreadsheets fold them); leading spaces do not protect it.
FORMULA_STARTS = frozenset("=+-@\t\r\n＝＋－＠")


def csv_cell(value: Any) -> str:
    """The value as text, quoted with a leading apostrophe when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    stripped = text.lstrip(" \u00a0")
    return f"'{text}" if stripped[:1] in FORMULA_STARTS else text
