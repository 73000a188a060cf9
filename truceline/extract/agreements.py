"""Agreements: one per subject proposed or agreed, with each side's version of the terms."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pipeline import Analysis


def build_agreements(a: Analysis) -> None:
    """Adds ``a.agreements``."""
