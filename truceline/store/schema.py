"""The store's tables: one schema for SQLite and PostgreSQL (SQLAlchemy Core).

Two layers:

- what each document said, kept as it said it: ``documents`` (with the whole truceline.v1 record as
  JSON), ``statements``, ``acts``, ``incident_reports``, ``agreement_reports``, ``document_actors``;
- what the documents say together: ``actors``, ``incidents`` and ``agreements``, each merged across
  documents. Every link from a document's item to a merged item carries a ``merge_reason`` a person
  can read ("same place (sumy, UKR), same day, same target class (energy)").

Full-text search is the one part that differs by backend: an FTS5 table kept by triggers on SQLite, a
generated ``tsvector`` column with a GIN index on PostgreSQL. Both are created by the migrations, not
declared here, so ``metadata`` is the same for both backends.

Changing a table means a new Alembic revision in ``migrations/versions``, never editing an old one.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

metadata = sa.MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})


def _span() -> list[sa.Column]:
    return [sa.Column("ev_start", sa.Integer), sa.Column("ev_end", sa.Integer)]


documents = sa.Table(
    "documents", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # The record's own id (the input's id): not unique, the same id can come back with new content.
    sa.Column("doc_id", sa.String(512), nullable=False, index=True),
    # sha256 of the document id and its content as read: the idempotency key (see docs/store.md).
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("source", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("published", sa.Date, index=True),
    sa.Column("outlet", sa.Text),
    sa.Column("language", sa.String(16)),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("record", sa.JSON, nullable=False),
    # Near-duplicates: a copy points at its canonical document and is not merged into entities.
    sa.Column("canonical_id", sa.Integer, sa.ForeignKey("documents.id"), index=True),
    sa.Column("similarity", sa.Float),
    sa.Column("duplicate_reason", sa.Text),
    sa.Column("signature", sa.LargeBinary),
    sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
)

# LSH band keys of canonical documents: candidates for near-duplicate checks.
document_bands = sa.Table(
    "document_bands", metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
)

actors = sa.Table(
    "actors", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(512), nullable=False, unique=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("country", sa.String(3), index=True),
    sa.Column("wikidata", sa.String(32)),
)

document_actors = sa.Table(
    "document_actors", metadata,
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("local_id", sa.String(128), primary_key=True),
    sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id"), nullable=False, index=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("aliases", sa.JSON, nullable=False),
    sa.Column("merge_reason", sa.Text),
)

statements = sa.Table(
    "statements", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("speaker_id", sa.Integer, sa.ForeignKey("actors.id"), index=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("cue", sa.String(64)),
    sa.Column("channel", sa.String(32)),
    sa.Column("date", sa.Date),
    *_span(),
)

acts = sa.Table(
    "acts", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("type", sa.String(16), nullable=False),
    sa.Column("actor_id", sa.Integer, sa.ForeignKey("actors.id"), index=True),
    sa.Column("target_id", sa.Integer, sa.ForeignKey("actors.id")),
    sa.Column("subject", sa.String(32), nullable=False, index=True),
    sa.Column("date", sa.Date, index=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("plover", sa.String(32)),
    sa.Column("cameo", sa.String(8)),
    sa.Column("conditional", sa.Boolean, nullable=False),
    *_span(),
)

incidents = sa.Table(
    "incidents", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    # From the first report; later reports keep their own values in incident_reports.
    sa.Column("date", sa.Date, index=True),
    sa.Column("date_precision", sa.Integer),
    sa.Column("place", sa.Text),
    sa.Column("place_key", sa.Text, index=True),
    sa.Column("country", sa.String(3), index=True),
    sa.Column("admin1", sa.String(16)),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("geo_precision", sa.Integer),
    sa.Column("target", sa.String(32), nullable=False),
    sa.Column("target_class", sa.String(32), nullable=False),
    sa.Column("weapon", sa.String(16)),
    sa.Column("perpetrator_id", sa.Integer, sa.ForeignKey("actors.id"), index=True),
    # The lowest figure any report gives, as RECORDS.md asks of one document.
    sa.Column("fatalities", sa.Integer),
    sa.Column("reports", sa.Integer, nullable=False),
    # Filtered lists come newest first: with the date second, a page is read off the index (migration 0002);
    # the other filter columns after it let a count over several filters read the index alone (0004).
    sa.Index("ix_incidents_admin1_cover", "admin1", "date", "target_class", "perpetrator_id", "weapon"),
    sa.Index("ix_incidents_class_cover", "target_class", "date", "admin1", "perpetrator_id", "weapon", "country"),
    sa.Index("ix_incidents_perpetrator_cover", "perpetrator_id", "date", "target_class", "admin1", "weapon"),
)

incident_reports = sa.Table(
    "incident_reports", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("incident_id", sa.Integer, sa.ForeignKey("incidents.id"), nullable=False, index=True),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("date", sa.Date),
    sa.Column("date_precision", sa.Integer),
    sa.Column("location", sa.JSON),
    sa.Column("target", sa.String(32), nullable=False),
    sa.Column("weapon", sa.String(16)),
    sa.Column("perpetrator_id", sa.Integer, sa.ForeignKey("actors.id")),
    sa.Column("claimed_by_id", sa.Integer, sa.ForeignKey("actors.id"), index=True),
    sa.Column("denied_by", sa.JSON, nullable=False),  # list of actors.id
    sa.Column("fatalities", sa.Integer),
    *_span(),
    sa.Column("merge_reason", sa.Text, nullable=False),
    # "claimed by" selects incidents from the index alone (migration 0004).
    sa.Index("ix_incident_reports_claimant", "claimed_by_id", "incident_id"),
)

agreements = sa.Table(
    "agreements", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(512), nullable=False, unique=True),
    sa.Column("subject", sa.String(32), nullable=False, index=True),
    sa.Column("parties", sa.JSON, nullable=False),  # the bound sides' keys: ISO3 countries where known
    sa.Column("mediators", sa.JSON, nullable=False, server_default="[]"),  # other parties named (brokers)
    sa.Column("kind", sa.String(16), nullable=False, server_default="agreement"),  # or "commitment" (one side)
    # As of the latest report (by publication date), and why (truceline.resolve.merge.derive_status).
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("as_of", sa.Date),
    sa.Column("status_reason", sa.Text),
    sa.Column("start", sa.Date),  # the earliest start a report gives
    sa.Column("first_seen", sa.Date),  # the earliest report's publication date
)

agreement_reports = sa.Table(
    "agreement_reports", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("agreement_id", sa.Integer, sa.ForeignKey("agreements.id"), nullable=False, index=True),
    sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False,
              index=True),
    sa.Column("published", sa.Date),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("parties", sa.JSON, nullable=False),  # actors.id
    sa.Column("scope", sa.JSON, nullable=False),
    sa.Column("duration_days", sa.Integer),
    sa.Column("start", sa.Date),
    sa.Column("end", sa.Date),
    sa.Column("versions", sa.JSON, nullable=False),  # truceline.v1 versions, "by" as actors.id
    sa.Column("conditions", sa.JSON, nullable=False),  # truceline.v1 conditions, "by" as actors.id
    *_span(),
    sa.Column("merge_reason", sa.Text, nullable=False),
)


#: Objects the migrations create outside ``metadata`` (full-text search), which autogenerate must not drop.
SEARCH_OBJECTS = {"search", "ix_documents_search", "documents_fts", "documents_fts_config", "documents_fts_data",
                  "documents_fts_docsize", "documents_fts_idx"}


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic autogenerate filter: leave the backend-specific search objects alone."""
    return name not in SEARCH_OBJECTS
