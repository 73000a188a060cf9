"""The store: documents and the items merged across them, in SQLite or PostgreSQL.

    from truceline.store import open_store
    store = open_store(settings.db)
    store.add(record)                                # one transaction; merged with what is stored
    store.incidents(target="energy", claimant="RUS")

The only SQL in the package lives here (``schema``, ``migrations``, ``write``, ``queries``). The store
imports nothing of the stages above it: ``truceline.ingest`` drives readers and extraction into it.
"""
from __future__ import annotations

from truceline.store.store import Store, content_hash, open_store

__all__ = ["Store", "content_hash", "open_store"]
