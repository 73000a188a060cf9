"""Index incidents by first-level region: the map and the region filter group and select on it.

Revision ID: 0002
Revises: s001
"""
from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "s001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_incidents_admin1", "incidents", ["admin1"])


def downgrade() -> None:
    op.drop_index("ix_incidents_admin1", table_name="incidents")
