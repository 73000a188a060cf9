"""Batches at scale: ``truceline batch`` extracts archives on a Dask cluster into a Parquet dataset, and
``truceline load`` stores such a dataset as ``ingest`` would have. See ``docs/batch.md``.

    from truceline.batch import run_batch, load_batch
    run_batch(["news/", "s3://bucket/cc-news/*.warc.gz"], "out/", settings)   # a LocalCluster by default
    load_batch("out/", settings)                                              # into settings.db

Modules: ``plan`` (inputs to files, items and shards), ``shard`` (one shard on a worker), ``tables`` (the
Parquet tables and records), ``run`` (the driver), ``load`` (into the store). Dask and pyarrow load only
when a batch runs.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from truceline.batch.load import load_batch
    from truceline.batch.run import BatchSummary, run_batch

__all__ = ["BatchSummary", "load_batch", "run_batch"]


def __getattr__(name: str) -> Any:
    if name == "load_batch":
        from truceline.batch.load import load_batch

        return load_batch
    if name in ("run_batch", "BatchSummary"):
        from truceline.batch import run

        return getattr(run, name)
    raise AttributeError(name)
