"""Statements: direct, indirect and mixed speech with speaker, cue, channel and date."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pipeline import Analysis


def find_statements(a: Analysis) -> None:
    """Adds ``a.statements``."""
