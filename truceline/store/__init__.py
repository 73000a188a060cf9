"""The store: documents and the items merged across them, in SQLite or PostgreSQL.

    from truceline.store import open_store, ingest
    summary = ingest(["news/"], settings)           # read, extract, store; one transaction per document
    store = open_store(settings.db)
    store.incidents(target="energy", claimant="RUS")

The only SQL in the package lives here (``schema``, ``migrations``, ``write``, ``queries``).
"""
from __future__ import annotations

from truceline.store.ingest import IngestSummary, ingest
from truceline.store.store import Store, content_hash, open_store

__all__ = ["IngestSummary", "Store", "content_hash", "ingest", "open_store"]
