"""A small Markdown writer for the briefs: inert text and well-formed GitHub-flavoured tables.

Article text is untrusted: ``<``, ``>`` and ``&`` become entities, so a Markdown viewer cannot be made to
render markup from an article, and a ``|`` in a cell is escaped so that it cannot add a column. A table
always has its delimiter row with one ``---`` per column, and every row as many cells as the header.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any


def text(value: Any) -> str:
    """Text for Markdown: markup characters as entities, pipes escaped, on one line."""
    out = "" if value is None else str(value)
    out = out.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
    return " ".join(out.split())


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    """The lines of a table: the header, the delimiter row, one line per row (cells through :func:`text`)."""
    if not headers:
        raise ValueError("a table needs at least one column")
    lines = [_row(headers), "|" + "|".join(" --- " for _ in headers) + "|"]
    for n, row in enumerate(rows, 1):
        if len(row) != len(headers):
            raise ValueError(f"row {n} has {len(row)} cells for {len(headers)} columns")
        lines.append(_row(row))
    return lines


def _row(cells: Sequence[Any]) -> str:
    return "| " + " | ".join(text(c) for c in cells) + " |"
