"""The sources file: which feeds and pages ``truceline watch`` polls, and what happened when it did.

The file is TOML (``Settings.sources_file``), written by ``truceline sources add/remove`` and editable by
hand; one ``[[sources]]`` table per source::

    [[sources]]
    name = "desk-world"                       # unique; how commands and the state refer to it
    url = "https://news.example/world/rss"
    kind = "feed"                             # feed (RSS/Atom: its items are followed) or page
    interval = 900                            # seconds between polls; default Settings.poll_interval
    language = "en"                           # optional: the language the source publishes in

State (last success, last error, item counts, the feed's ETag/Last-Modified and the keys of the items
already taken) lives in a JSON file next to it, ``<sources file stem>.state.json``. Not in the store:
the store's schema holds documents and what is extracted from them, and keeping the poller's
bookkeeping beside its configuration lets one sources file feed any store. The state file is only
written by the watcher (and ``remove``), atomically (write then rename), so hand edits of the sources
file never race with it.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx
import tomli_w

from ..errors import ConfigError
from ..settings import Settings

KINDS = ("feed", "page")
#: item keys remembered per source; a feed lists far fewer, so an item seen once is never taken again.
SEEN_LIMIT = 2000
HEADER = """\
# Truceline sources: polled by `truceline watch`, managed with `truceline sources add/list/remove`.
# One [[sources]] table per source: name (unique), url, kind ("feed" or "page"),
# interval (seconds between polls, optional), language (optional). See docs/intake.md.
"""


@dataclass
class Source:
    name: str
    url: str
    kind: str = "feed"
    #: seconds between polls; None means ``Settings.poll_interval``.
    interval: int | None = None
    language: str | None = None

    def every(self, settings: Settings) -> int:
        return self.interval or settings.poll_interval


@dataclass
class SourceState:
    """What the watcher knows of one source. Times are ISO 8601 in UTC."""

    last_polled: str | None = None
    last_success: str | None = None
    last_error: str | None = None
    last_error_at: str | None = None
    polls: int = 0
    failures: int = 0
    #: items listed by the feed over all polls (a page counts one per changed fetch).
    items_seen: int = 0
    #: documents stored as new (or as copies of stored ones).
    items_new: int = 0
    #: documents whose content was stored already.
    items_duplicate: int = 0
    #: items that could not be fetched or extracted.
    items_failed: int = 0
    etag: str | None = None
    last_modified: str | None = None
    #: keys (guid or link) of the items already taken, newest last.
    seen: list[str] = field(default_factory=list)

    def remember(self, key: str) -> None:
        if key not in self.seen:
            self.seen.append(key)
            del self.seen[:-SEEN_LIMIT]


@dataclass
class SourceStatus:
    source: Source
    state: SourceState


def state_path(sources_file: str | Path) -> Path:
    path = Path(sources_file)
    return path.with_name(path.stem + ".state.json")


# --- the sources file -----------------------------------------------------------------------------------

def load_sources(path: str | Path) -> list[Source]:
    """The sources in the file at ``path`` (none when it does not exist); a bad file is a ``ConfigError``."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the sources file: {exc}") from exc
    entries = data.get("sources", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: 'sources' must be an array of tables ([[sources]])")
    sources: list[Source] = []
    for n, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise ConfigError(f"{path}: source {n} is not a table")
        try:
            source = _validated(Source(name=entry["name"], url=entry["url"], kind=entry.get("kind", "feed"),
                                       interval=entry.get("interval"), language=entry.get("language")))
        except KeyError as exc:
            raise ConfigError(f"{path}: source {n} has no {exc.args[0]!r}") from None
        except ConfigError as exc:
            raise ConfigError(f"{path}: source {n}: {exc}") from None
        if any(s.name == source.name for s in sources):
            raise ConfigError(f"{path}: source name {source.name!r} used twice")
        sources.append(source)
    return sources


def save_sources(path: str | Path, sources: list[Source]) -> None:
    entries = [{k: v for k, v in asdict(s).items() if v is not None} for s in sources]
    _write_atomically(Path(path), HEADER + "\n" + tomli_w.dumps({"sources": entries}))


def _validated(source: Source) -> Source:
    if not isinstance(source.name, str) or not source.name.strip() or any(c in source.name for c in "\r\n\t"):
        raise ConfigError(f"bad source name {source.name!r}")
    source.name = source.name.strip()
    if not isinstance(source.url, str):
        raise ConfigError(f"bad url {source.url!r}")
    try:
        url = httpx.URL(source.url.strip())
    except httpx.InvalidURL as exc:
        raise ConfigError(f"bad url {source.url!r}: {exc}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigError(f"url {source.url!r} is not an http or https URL")
    source.url = str(url)
    if source.kind not in KINDS:
        raise ConfigError(f"kind {source.kind!r} is not one of {', '.join(KINDS)}")
    if source.interval is not None and (isinstance(source.interval, bool) or not isinstance(source.interval, int)
                                        or source.interval <= 0):
        raise ConfigError(f"interval {source.interval!r} is not a positive number of seconds")
    if source.language is not None and (not isinstance(source.language, str) or not source.language.strip()):
        raise ConfigError(f"bad language {source.language!r}")
    return source


# --- the library functions behind `truceline sources add/list/remove` ------------------------------------

def add_source(settings: Settings, name: str, url: str, kind: str = "feed", interval: int | None = None,
               language: str | None = None) -> Source:
    """Add a source to ``settings.sources_file`` (created when missing); a name used already is an error."""
    path = Path(settings.sources_file)
    sources = load_sources(path)
    source = _validated(Source(name=name, url=url, kind=kind, interval=interval, language=language))
    if any(s.name == source.name for s in sources):
        raise ConfigError(f"a source named {source.name!r} exists already in {path}")
    sources.append(source)
    save_sources(path, sources)
    return source


def remove_source(settings: Settings, name: str) -> Source:
    """Remove the source named ``name`` and its state; an unknown name is an error."""
    path = Path(settings.sources_file)
    sources = load_sources(path)
    found = [s for s in sources if s.name == name]
    if not found:
        raise ConfigError(f"no source named {name!r} in {path}")
    save_sources(path, [s for s in sources if s.name != name])
    states = load_state(path)
    if states.pop(name, None) is not None:
        save_state(path, states)
    return found[0]


def list_sources(settings: Settings) -> list[SourceStatus]:
    """Every source in the file with its state (an empty state when it was never polled)."""
    path = Path(settings.sources_file)
    states = load_state(path)
    return [SourceStatus(s, states.get(s.name, SourceState())) for s in load_sources(path)]


# --- the state file -------------------------------------------------------------------------------------

def load_state(sources_file: str | Path) -> dict[str, SourceState]:
    path = state_path(sources_file)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the sources' state: {exc}") from exc
    known = set(SourceState.__dataclass_fields__)
    out: dict[str, SourceState] = {}
    for name, raw in (data.get("sources") or {}).items():
        if isinstance(raw, dict):
            out[name] = SourceState(**{k: v for k, v in raw.items() if k in known})
    return out


def save_state(sources_file: str | Path, states: dict[str, SourceState]) -> None:
    body: dict[str, Any] = {"version": 1, "sources": {name: asdict(s) for name, s in sorted(states.items())}}
    _write_atomically(state_path(sources_file), json.dumps(body, ensure_ascii=False, indent=1) + "\n")


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _write_atomically(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write: {exc}") from exc
