"""Agreements record the sides they bind apart from mediators, their kind, first start and status reason.

One commitment per subject, bound sides and time (see truceline.resolve.merge): ``parties`` now holds the
bound sides only, ``mediators`` the other parties named, ``kind`` says agreement or one-sided commitment,
``start`` and ``first_seen`` let a later truce of the same subject be told apart, ``status_reason`` says why
the status is what it is.

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("agreements") as batch:
        batch.add_column(sa.Column("mediators", sa.JSON, nullable=False, server_default="[]"))
        batch.add_column(sa.Column("kind", sa.String(16), nullable=False, server_default="agreement"))
        batch.add_column(sa.Column("start", sa.Date))
        batch.add_column(sa.Column("first_seen", sa.Date))
        batch.add_column(sa.Column("status_reason", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("agreements") as batch:
        for name in ("status_reason", "first_seen", "start", "kind", "mediators"):
            batch.drop_column(name)
