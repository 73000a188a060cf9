"""Cells that a spreadsheet would run as formulas, made inert for every CSV the project writes.

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel,
LibreOffice and Google Sheets as a formula (OWASP, "CSV Injection"); an attacker who controls a user name
or an outlet could make an analyst's spreadsheet fetch or run something. Such a cell gets a leading
apostrophe, which spreadsheets show as text and do not display. Numbers stay numbers: a negative
coordinate is data, not a formula.
"""
from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """``value`` safe to write in a CSV cell (None becomes the empty string)."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def row(values: dict[str, Any]) -> dict[str, Any]:
    return {k: cell(v) for k, v in values.items()}
