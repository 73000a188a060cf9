"""The batch driver: plan the inputs, run the shards on Dask, write the manifest and the copies table.

By default it starts a ``LocalCluster`` of one single-threaded worker process per core (spaCy holds the
interpreter lock while it parses, so threads would only queue); with a scheduler address it uses that
cluster. Shards are submitted a few per worker thread at a time, so the scheduler never holds the plans of
a whole archive, and each finished shard leaves a marker: a re-run (after a crash, Ctrl-C or a failed
shard) plans again, reusing the saved plan of unchanged files, and submits only the shards without one.
"""
from __future__ import annotations

import datetime as dt
import gzip
import json
import logging
import os
import re
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from truceline.batch import plan as planning
from truceline.batch import tables
from truceline.batch.plan import FilePlan, Item, Shard
from truceline.batch.shard import ExtractorPlugin, marker_path, run_shard
from truceline.errors import ConfigError, InputError
from truceline.resolve import duplicates
from truceline.settings import Settings

MANIFEST = "manifest.json"
PLAN = "plan.json.gz"
SCHEMA = "truceline.batch.v1"
#: files per planning task: enough that a folder of small articles is not a task per file
PLAN_FILES = 64
#: Dask settings for the workers of the LocalCluster this driver starts. Dask's defaults cost a worker about
#: a tenth of its rate each (benchmarks/batch_scaling.py, 300 articles, one worker: 21.0 articles/s with
#: both, 23.6 without the profiler, 26.0 without either, against 25.5 for a single-process extract):
#: its statistical profiler samples the task thread's stack every 10 ms, and MALLOC_TRIM_THRESHOLD_=65536
#: makes glibc hand memory back to the system after every large free, which spaCy's parser does per batch.
LOCAL_WORKER_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}


@dataclass
class BatchSummary:
    shards: int = 0
    #: shards found done by an earlier run and skipped
    skipped: int = 0
    done: int = 0
    #: (shard, reason) for each shard whose task failed (a worker died, an unreadable output folder)
    failed_shards: list[tuple[int, str]] = field(default_factory=list)
    read: int = 0
    documents: int = 0
    duplicate: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    #: wall time of the whole run (cluster start and planning included), and of its shards alone
    seconds: float = 0.0
    shard_seconds: float = 0.0
    #: items read by this run's shards (not those of shards done before)
    read_now: int = 0
    dashboard: str | None = None
    #: the largest resident memory a worker reported, in MB
    peak_rss_mb: float = 0.0

    @property
    def complete(self) -> bool:
        return self.skipped + self.done == self.shards

    def add(self, entry: dict[str, Any]) -> None:
        self.read += entry["read"]
        self.documents += entry["documents"]
        self.duplicate += entry["duplicate"]
        self.failures += [(s, r) for s, r in entry["failures"]]
        self.peak_rss_mb = max(self.peak_rss_mb, entry.get("peak_rss_mb", 0.0))

    def lines(self) -> list[str]:
        rate = f" in {self.seconds:.1f} s" if self.seconds > 0 else ""
        if self.shard_seconds > 0:
            rate += f" (shards {self.read_now / self.shard_seconds:.1f} articles/s)"
        out = [f"shards {self.skipped + self.done}/{self.shards} done ({self.skipped} from an earlier run); "
               f"read {self.read}, documents {self.documents}, duplicate {self.duplicate}, "
               f"failed {len(self.failures)}{rate}"]
        out += [f"failed: {source}: {reason}" for source, reason in self.failures]
        out += [f"failed: shard {n}: {reason}" for n, reason in self.failed_shards]
        return out


def run_batch(inputs: list[str], out: str, settings: Settings, *, scheduler: str | None = None,
              workers: int | None = None, shard_size: int | None = None, memory_limit: str | None = None,
              progress: bool = True, echo: Callable[[str], None] | None = None) -> BatchSummary:
    """Extract ``inputs`` (paths or fsspec URLs) into the Parquet dataset ``out`` on a Dask cluster."""
    import dask
    import fsspec
    from distributed import Client, LocalCluster

    say = echo or (lambda line: print(line, file=sys.stderr))
    size = shard_size or settings.batch_shard_size
    if size < 1:
        raise ConfigError(f"shard size must be at least 1, not {size}")
    fs, root = fsspec.core.url_to_fs(out)
    _check_out(fs, root, out)
    fs.makedirs(root, exist_ok=True)
    summary = BatchSummary()
    address = scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS")
    cluster = None
    if address is None:
        n = workers or settings.batch_workers or os.cpu_count() or 1
        with dask.config.set(LOCAL_WORKER_CONFIG):
            cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                   memory_limit=memory_limit or settings.batch_worker_memory,
                                   silence_logs=logging.ERROR, dashboard_address=":0")
    try:
        client = Client(cluster or address)
    except OSError as exc:
        if cluster is not None:
            cluster.close()
        raise ConfigError(f"cannot reach the Dask scheduler {address}: {exc}") from exc
    started = time.perf_counter()
    try:
        summary.dashboard = client.dashboard_link
        say(f"dashboard: {summary.dashboard}")
        client.register_plugin(ExtractorPlugin(settings), name=ExtractorPlugin.name)
        plans = _plan(client, fs, root, inputs, settings)
        shards = planning.shards(plans, size)
        summary.shards = len(shards)
        _drop_stale(fs, root, len(shards))
        entries: dict[int, dict[str, Any]] = {}
        todo: list[Shard] = []
        for shard in shards:
            entry = _marker(fs, root, shard.index)
            if entry is not None and entry.get("spec") == shard.spec():
                entries[shard.index] = entry
                summary.skipped += 1
                summary.add(entry)
            else:
                todo.append(shard)
        shards_started = time.perf_counter()
        try:
            _run(client, todo, settings, out, summary, entries, progress, say)
        finally:
            summary.shard_seconds = time.perf_counter() - shards_started if todo else 0.0
            # Shards that finished while this process was stopping (Ctrl-C) have markers it never heard of.
            for shard in todo:
                entry = _marker(fs, root, shard.index) if shard.index not in entries else None
                if entry is not None and entry.get("spec") == shard.spec():
                    entries[shard.index] = entry
                    summary.done += 1
                    summary.add(entry)
            summary.seconds = time.perf_counter() - started
            if summary.complete:
                _write_copies(fs, root, len(shards), settings.duplicate_threshold)
            _write_manifest(fs, root, inputs, size, summary, [entries[i] for i in sorted(entries)])
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return summary


def _check_out(fs: Any, root: str, out: str) -> None:
    # Parts and markers in a folder are deleted and rewritten by their names: never do that in a folder
    # that holds something else.
    if fs.exists(root) and fs.ls(root) and not fs.exists(f"{root}/{PLAN}") and not fs.exists(f"{root}/_shards"):
        raise ConfigError(f"{out}: the folder is not empty and holds no batch; give a new or empty folder")


def _plan(client: Any, fs: Any, root: str, inputs: list[str], settings: Settings) -> list[FilePlan | InputError]:
    """Each file's plan in input order: the saved one when the file is unchanged, else planned on the cluster."""
    saved = _load_plans(fs, root)
    found = planning.expand(inputs)
    have: dict[int, FilePlan] = {}
    todo: list[tuple[int, tuple[str, str, str]]] = []
    for n, entry in enumerate(found):
        if isinstance(entry, InputError):
            continue
        name, path, tag = entry
        old = saved.get((name, path))
        if old is not None and old.tag == tag:
            have[n] = old
        else:
            todo.append((n, entry))
    chunks = [todo[i:i + PLAN_FILES] for i in range(0, len(todo), PLAN_FILES)]
    futures = [client.submit(planning.plan_files, [e for _, e in chunk], settings, pure=False,
                             key=f"plan-{uuid.uuid4().hex[:8]}") for chunk in chunks]
    for chunk, future in zip(chunks, futures, strict=True):
        for (n, _), file_plan in zip(chunk, future.result(), strict=True):
            have[n] = file_plan
    plans: list[FilePlan | InputError] = [e if isinstance(e, InputError) else have[n] for n, e in enumerate(found)]
    _save_plans(fs, root, [p for p in plans if isinstance(p, FilePlan)])
    return plans


def _load_plans(fs: Any, root: str) -> dict[tuple[str, str], FilePlan]:
    path = f"{root}/{PLAN}"
    if not fs.exists(path):
        return {}
    with fs.open(path, "rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    return {(p["name"], p["path"]): FilePlan(p["name"], p["path"], p["tag"], p["kind"], [Item(*i) for i in p["items"]])
            for p in data["files"]}


def _save_plans(fs: Any, root: str, plans: list[FilePlan]) -> None:
    data = {"files": [{"name": p.name, "path": p.path, "tag": p.tag, "kind": p.kind,
                       "items": [list(i) for i in p.items]} for p in plans]}
    with fs.open(f"{root}/{PLAN}.tmp", "wb") as raw, gzip.open(raw, "wt", encoding="utf-8") as fh:
        json.dump(data, fh)
    fs.mv(f"{root}/{PLAN}.tmp", f"{root}/{PLAN}")


def _marker(fs: Any, root: str, index: int) -> dict[str, Any] | None:
    path = marker_path(root, index)
    if not fs.exists(path):
        return None
    with fs.open(path, "r") as fh:
        entry: dict[str, Any] = json.load(fh)
    return entry


_PART = re.compile(r"(?:part-)?(\d{5})\.(?:parquet|json)$")


def _drop_stale(fs: Any, root: str, shards: int) -> None:
    """Remove parts and markers of shards past the last one (a run with other inputs or shard size), and
    leftovers of writes that never finished."""
    for folder in (*tables.TABLES, "_shards"):
        path = f"{root}/{folder}"
        if not fs.exists(path):
            continue
        for name in fs.ls(path, detail=False):
            m = _PART.search(name)
            # and files half-written by a run that died: a shard writes beside its part, then moves it
            if (m and int(m.group(1)) >= shards) or name.endswith(".tmp"):
                fs.rm(name)


def _run(client: Any, todo: list[Shard], settings: Settings, out: str, summary: BatchSummary,
         entries: dict[int, dict[str, Any]], progress: bool, say: Callable[[str], None]) -> None:
    from distributed import as_completed

    if not todo:
        return
    # A few shards per worker thread in flight: workers never wait for the next, and neither the scheduler
    # nor this process holds more than that many shards' plans at once.
    window = max(2, 2 * sum(client.nthreads().values()))
    pending = iter(todo)
    inflight: dict[str, tuple[int, Any]] = {}

    def submit() -> Any:
        shard = next(pending, None)
        if shard is None:
            return None
        future = client.submit(run_shard, shard, settings, out, pure=False,
                               key=f"shard-{shard.index:05d}-{uuid.uuid4().hex[:6]}")
        inflight[future.key] = (shard.index, future)
        return future

    first = [f for f in (submit() for _ in range(window)) if f is not None]
    queue = as_completed(first)
    bar = _Progress(summary, progress and sys.stderr.isatty(), say)
    try:
        for future in queue:
            index, _ = inflight.pop(future.key)
            try:
                entry = future.result()
            except Exception as exc:  # the shard's task failed: the others go on; a re-run retries it
                summary.failed_shards.append((index, f"{type(exc).__name__}: {exc}"))
            else:
                entries[index] = entry
                summary.done += 1
                summary.add(entry)
                summary.read_now += entry["read"]
            bar.update()
            following = submit()
            if following is not None:
                queue.add(following)
    except KeyboardInterrupt:
        # Finished shards have their markers; running ones are dropped and done again by the next run.
        client.cancel([f for _, f in inflight.values()])
        raise
    finally:
        bar.close()


class _Progress:
    """Shards done / total, articles a second and failures: a live line on a terminal, else a line every
    ten seconds (logs stay short)."""

    def __init__(self, summary: BatchSummary, live: bool, say: Callable[[str], None]) -> None:
        self.summary, self.live, self.say = summary, live, say
        self.started = time.perf_counter()
        self.base = summary.read  # shards skipped: not counted in this run's rate
        self.last = 0.0

    def line(self) -> str:
        s = self.summary
        rate = (s.read - self.base) / max(time.perf_counter() - self.started, 1e-9)
        return (f"shards {s.skipped + s.done}/{s.shards}, {s.read} articles, {rate:.1f} articles/s, "
                f"failed {len(s.failures)}" + (f", shards failed {len(s.failed_shards)}" if s.failed_shards else ""))

    def update(self) -> None:
        now = time.perf_counter()
        if self.live:
            print("\r\033[K" + self.line(), end="", file=sys.stderr, flush=True)
        elif now - self.last >= 10:
            self.say(self.line())
            self.last = now

    def close(self) -> None:
        if self.live:
            print(file=sys.stderr)


def _write_copies(fs: Any, root: str, shards: int, threshold: float) -> None:
    """The copies table: each document that repeats an earlier one of the batch, found as the store finds
    them (the same content hash, or a MinHash near-duplicate of a canonical document) in batch order.

    Run on the driver once every shard is done, from the signatures the shards stored: it needs the whole
    batch in order, and it keeps one signature per canonical document (1 KB each) in memory.
    """
    first: dict[str, tuple[int, int, str]] = {}
    bands: dict[str, list[int]] = {}
    canon: list[tuple[tuple[int, int, str], duplicates.Signature]] = []
    for shard in range(shards):
        docs = tables.read(fs, root, "documents", shard, columns=["seq", "id", "content_hash", "signature"])
        rows = []
        for d in sorted(docs.to_pylist(), key=lambda d: d["seq"]):
            here = (shard, d["seq"], d["id"])
            base = {"shard": shard, "seq": d["seq"], "document_id": d["id"], "content_hash": d["content_hash"]}
            if d["content_hash"] in first:
                s, q, ident = first[d["content_hash"]]
                rows.append({**base, "kind": "duplicate", "canonical_shard": s, "canonical_seq": q,
                             "canonical_id": ident, "similarity": 1.0, "reason": f"the same input as {ident!r}"})
                continue
            first[d["content_hash"]] = here
            if d["signature"] is None:
                continue
            sig = duplicates.Signature.from_bytes(d["signature"])
            keys = duplicates.band_keys(sig, threshold)
            found = duplicates.best_match(sig, [(c, canon[c][1]) for c in
                                                sorted({c for k in keys for c in bands.get(k, ())})], threshold)
            if found is None:
                for k in keys:
                    bands.setdefault(k, []).append(len(canon))
                canon.append((here, sig))
                continue
            (s, q, ident), similarity = canon[found[0]][0], found[1]
            rows.append({**base, "kind": "copy", "canonical_shard": s, "canonical_seq": q, "canonical_id": ident,
                         "similarity": similarity,
                         "reason": f"near-duplicate of document {ident!r}: about {similarity:.0%} of word 3-grams "
                                   f"shared (MinHash estimate; threshold {threshold:.0%})"})
        tables.write(fs, root, "copies", shard, rows)


def _write_manifest(fs: Any, root: str, inputs: list[str], size: int, summary: BatchSummary,
                    entries: list[dict[str, Any]]) -> None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        made_by = version("truceline")
    except PackageNotFoundError:
        made_by = "unknown"
    data = {
        "schema": SCHEMA, "truceline": made_by, "written": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "inputs": inputs, "shard_size": size, "shards_total": summary.shards, "shards_done": len(entries),
        "complete": summary.complete,
        "totals": {"read": sum(e["read"] for e in entries), "documents": sum(e["documents"] for e in entries),
                   "duplicate": sum(e["duplicate"] for e in entries), "failed": sum(e["failed"] for e in entries),
                   **{t: sum(e["counts"].get(t, 0) for e in entries) for t in tables.ITEMS}},
        "shards": entries,
    }
    with fs.open(f"{root}/{MANIFEST}.tmp", "w") as fh:
        json.dump(data, fh, indent=1, ensure_ascii=False)
    fs.mv(f"{root}/{MANIFEST}.tmp", f"{root}/{MANIFEST}")
