"""The web app's own tables: users, API tokens, login sessions, failed logins, reviews and the audit log.

They live in the store's database and its Alembic history (revision ``s001`` in ``migrations/versions``),
declared on the store's ``metadata`` so one ``MetaData`` describes the whole database.

Reviews are keyed by what survives re-extraction and re-ingest, not by the store's row ids (which change
when a document is ingested again): the record's own document id, the item kind, and the item's place in
the document (evidence span and its rank among same-kind items sharing that span). See
``truceline/serve/review.py`` (writing them) and ``truceline/store/reviewed.py`` (reading them back).

The audit log is append-only: no code path updates or deletes it, and the migration adds triggers that
make the database refuse UPDATE and DELETE on it.
"""
from __future__ import annotations

import sqlalchemy as sa

from truceline.store.schema import metadata

ROLES = ("viewer", "analyst", "admin")

users = sa.Table(
    "users", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(128), nullable=False, unique=True),
    # argon2id hash in PHC string form ($argon2id$v=19$...): salt and parameters travel with it.
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

# Only sha256 digests of tokens are kept: a copy of the database does not let anyone log in.
api_tokens = sa.Table(
    "api_tokens", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("name", sa.String(128), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_used_at", sa.DateTime(timezone=True)),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
)

login_sessions = sa.Table(
    "login_sessions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    # The synchronizer CSRF token: every state-changing request made with the session cookie must echo it.
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)

login_failures = sa.Table(
    "login_failures", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(128), nullable=False, index=True),
    sa.Column("remote", sa.String(64)),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
)

# The current verdict on one extracted item; its history is in audit_log.
reviews = sa.Table(
    "reviews", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("doc_key", sa.String(512), nullable=False),  # documents.doc_id: the record's own id
    sa.Column("kind", sa.String(16), nullable=False),  # statement, act, agreement, incident
    sa.Column("item_key", sa.String(64), nullable=False),  # "start:end:rank"
    sa.Column("action", sa.String(16), nullable=False),  # confirm, correct, reject
    sa.Column("original", sa.JSON, nullable=False),  # the item as extracted when first reviewed
    sa.Column("corrected", sa.JSON, nullable=False),  # fields a reviewer changed ({} unless correct)
    sa.Column("note", sa.Text),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.UniqueConstraint("doc_key", "kind", "item_key"),
)

audit_log = sa.Table(
    "audit_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("user_id", sa.Integer),  # no foreign key: the log outlives the accounts it names
    sa.Column("username", sa.String(128), nullable=False),
    sa.Column("action", sa.String(64), nullable=False),
    sa.Column("target", sa.String(700), nullable=False),
    sa.Column("before", sa.JSON),
    sa.Column("after", sa.JSON),
    # an item's review history (the incident page) is found by target (migration 0004)
    sa.Index("ix_audit_log_target", "target"),
)
