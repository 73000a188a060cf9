"""Negotiation acts: propose, accept, reject, agree, halt, demand, accuse, deny, meet, end."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pipeline import Analysis


def find_acts(a: Analysis) -> None:
    """Adds ``a.acts``."""
