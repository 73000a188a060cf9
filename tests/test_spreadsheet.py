"""CSV cells that a spreadsheet would run as formulas are written inert (OWASP CSV injection)."""
from __future__ import annotations

import pytest

from truceline import spreadsheet


@pytest.mark.parametrize("dangerous", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_starts_get_an_apostrophe(dangerous: str) -> None:
    assert spreadsheet.cell(dangerous) == "'" + dangerous


def test_plain_text_numbers_and_none_pass() -> None:
    assert spreadsheet.cell("Kharkiv") == "Kharkiv"
    assert spreadsheet.cell(-33.5) == -33.5  # a negative number is data
    assert spreadsheet.cell(None) == ""
    assert spreadsheet.row({"a": "=1", "b": 2}) == {"a": "'=1", "b": 2}
