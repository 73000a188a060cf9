"""``truceline load``: a batch's Parquet dataset into the store, through the path ``ingest`` takes.

The records come back from the tables as they were extracted (:func:`truceline.batch.tables.records`)
and are stored one transaction each, in batch order, under the content hash of their input, by the same
function ``ingest`` stores with: near-duplicates, merging and idempotence are the store's, so loading a
batch gives what ingesting the same inputs gives, and loading it twice changes nothing.
"""
from __future__ import annotations

import json
import sys
import time
from typing import Any

from pyarrow import ArrowException

from truceline.batch import tables
from truceline.batch.run import MANIFEST, SCHEMA
from truceline.errors import ConfigError
from truceline.ingest import IngestSummary
from truceline.ingest import _store as store_record
from truceline.settings import Settings
from truceline.store import Store, open_store


def read_manifest(out: str) -> tuple[Any, str, dict[str, Any]]:
    """The output folder's filesystem, root and manifest; a ConfigError naming the folder when it holds
    no finished batch."""
    import fsspec

    fs, root = fsspec.core.url_to_fs(out)
    path = f"{root}/{MANIFEST}"
    if not fs.exists(path):
        raise ConfigError(f"{out}: no batch here ({MANIFEST} missing); run truceline batch first")
    with fs.open(path, "r") as fh:
        manifest: dict[str, Any] = json.load(fh)
    if manifest.get("schema") != SCHEMA:
        raise ConfigError(f"{out}: {MANIFEST} is not a {SCHEMA} manifest")
    if not manifest.get("complete"):
        raise ConfigError(f"{out}: the batch is not finished ({manifest.get('shards_done')} of "
                          f"{manifest.get('shards_total')} shards done); run the same truceline batch again")
    return fs, root, manifest


def load_batch(out: str, settings: Settings, *, store: Store | None = None, progress: bool = True
               ) -> IngestSummary:
    """Store the batch at ``out`` into ``store`` (default ``open_store(settings.db)``)."""
    fs, root, manifest = read_manifest(out)
    own = store is None
    target = store or open_store(settings.db, settings)
    summary = IngestSummary()
    started = time.perf_counter()
    live = progress and sys.stderr.isatty()
    try:
        for n, entry in enumerate(manifest["shards"], 1):
            # What the shard already settled: its failures, and repeats of an input within it.
            summary.read += entry["read"] - entry["documents"]
            summary.duplicate += entry["duplicate"]
            for source, reason in entry["failures"]:
                summary.fail(source, reason)
            try:
                shard = list(tables.records(fs, root, entry["shard"]))
            except (OSError, ArrowException) as exc:
                raise ConfigError(f"{out}: cannot read shard {entry['shard']}: {exc}") from exc
            for key, record in shard:
                summary.read += 1
                store_record(target, record, key, summary)
            if live:
                print(f"\r\033[Kloading: shard {n}/{len(manifest['shards'])}, read {summary.read}, new "
                      f"{summary.new}, copies {summary.copies}, duplicate {summary.duplicate}", end="",
                      file=sys.stderr, flush=True)
    finally:
        if live:
            print(file=sys.stderr)
        summary.seconds = time.perf_counter() - started
        if own:
            target.close()
    return summary
