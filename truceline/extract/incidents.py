"""Incidents: one attack at one place on one day, with perpetrator and claimant."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pipeline import Analysis


def find_incidents(a: Analysis) -> None:
    """Adds ``a.incidents``."""
