"""One shard on a Dask worker: read its items, extract them with the worker's pipeline, write its tables.

The spaCy pipeline is loaded once per worker process, by :class:`ExtractorPlugin` when the worker joins
(or when the plugin is registered), never per task: loading takes seconds and hundreds of megabytes.
A shard's marker file (``_shards/00042.json``) is written last, after all its tables: a shard is done
exactly when its marker is there, which is what a re-run looks at.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import resource
import time
from typing import Any

from distributed import WorkerPlugin, get_worker

from truceline.batch import tables
from truceline.batch.plan import Shard, read_segment
from truceline.errors import InputError
from truceline.models import RawDocument, Record
from truceline.resolve import duplicates
from truceline.settings import Settings
from truceline.store import content_hash

PLUGIN = "truceline-extractor"


class ExtractorPlugin(WorkerPlugin):
    """Loads the extractor once in each worker; registering it again (other settings) replaces it."""

    name = PLUGIN

    def __init__(self, settings: Settings) -> None:
        # One process per worker already: spaCy's own worker processes would only fight for the same cores.
        self.settings = dataclasses.replace(settings, n_process=1)
        self.extractor: Any = None

    def setup(self, worker: Any) -> None:
        from truceline.extract.pipeline import Extractor

        extractor = Extractor(self.settings)
        # One small page through every stage: the language detector and the HTML cleaner load on first use,
        # a second or two that would otherwise land on (and be timed as part of) the worker's first shard.
        list(extractor.run([RawDocument(id="warm-up", html=WARM_UP)]))
        self.extractor = extractor


WARM_UP = ("<html><body><article><p>Russian drones struck a power plant in Kharkiv on Monday, the governor "
            "said on Telegram.</p><p>Moscow denied it and said the energy ceasefire held.</p></article></body></html>")


def marker_path(out: str, index: int) -> str:
    return f"{out.rstrip('/')}/_shards/{index:05d}.json"


def run_shard(shard: Shard, settings: Settings, out: str) -> dict[str, Any]:
    """Process one shard (a Dask task); returns its manifest entry, also written as its marker."""
    import fsspec

    started, cpu = time.perf_counter(), time.process_time()
    plugin: Any = get_worker().plugins.get(PLUGIN)
    if getattr(plugin, "extractor", None) is None:
        raise RuntimeError("the worker has no truceline extractor (ExtractorPlugin not registered)")
    failures: list[tuple[str, str]] = list(shard.errors)
    checksum = hashlib.sha256()
    keys: list[str] = []
    docs: list[RawDocument] = []
    seen: set[str] = set()
    read = len(shard.errors)
    duplicate = 0
    for seg in shard.segments:
        for item in read_segment(seg, settings):
            read += 1
            if isinstance(item, InputError):
                failures.append((item.source, item.reason))
                checksum.update(f"!{item.source}\n{item.reason}\n".encode())
                continue
            # The key ingest would store it under: a repeat within the shard is skipped like ingest skips it
            # (a repeat across shards is skipped when loading, by the store).
            key = content_hash(item.id, item.text or item.html or "")
            checksum.update(f"{key}\n".encode())
            if key in seen:
                duplicate += 1
                continue
            seen.add(key)
            keys.append(key)
            docs.append(item)
    read_s = time.perf_counter() - started

    rows: dict[str, list[dict]] = {t: [] for t in tables.TABLES if t != "copies"}
    seq = 0
    for key, done in zip(keys, plugin.extractor.run(docs), strict=True):
        if isinstance(done, InputError):
            failures.append((done.source, done.reason))
            continue
        assert isinstance(done, Record)
        sig = duplicates.signature(done.document.text)
        for table, part in tables.rows(shard.index, seq, key, done, sig.to_bytes() if sig else None).items():
            rows[table] += part
        seq += 1
    extract_s = time.perf_counter() - started - read_s

    fs, root = fsspec.core.url_to_fs(out)
    for table, table_rows in rows.items():
        tables.write(fs, root, table, shard.index, table_rows)
    total_s = time.perf_counter() - started
    entry = {
        "shard": shard.index, "spec": shard.spec(), "checksum": checksum.hexdigest(),
        "read": read, "documents": seq, "duplicate": duplicate, "failed": len(failures),
        "failures": [list(f) for f in failures],
        "counts": {t: len(r) for t, r in rows.items()},
        "seconds": {"read": round(read_s, 3), "extract": round(extract_s, 3),
                    "write": round(total_s - read_s - extract_s, 3), "total": round(total_s, 3),
                    # the worker process's CPU time: what the shard cost, whatever else ran on the machine
                    "cpu": round(time.process_time() - cpu, 3)},
        "worker": get_worker().address,
        # the worker process's peak resident memory so far (Linux reports kB)
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    path = marker_path(root, shard.index)
    fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
    with fs.open(path + ".tmp", "w") as fh:
        json.dump(entry, fh)
    fs.mv(path + ".tmp", path)
    return entry
