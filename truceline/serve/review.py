"""Who may review: the web app's rule over :mod:`truceline.store.reviews` (analysts and admins)."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from truceline.errors import AccessError
from truceline.store import reviews

from .auth import Principal


def review_item(engine: sa.Engine, principal: Principal, kind: str, row_id: int, action: str,
                changes: dict[str, Any] | None = None, note: str | None = None) -> dict[str, Any]:
    """Confirm, correct or reject one item (analysts and admins); returns the review as stored."""
    if not principal.can("analyst") or principal.user_id is None:
        raise AccessError("reviewing needs the analyst role", 403)
    return reviews.review_item(engine, principal, kind, row_id, action, changes, note)
