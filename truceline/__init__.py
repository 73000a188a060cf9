"""Truceline: watch a ceasefire from the news.

The public API, library first (the ``truceline`` command is a thin layer over it)::

    from truceline import Extractor, Settings, read_inputs
    ex = Extractor(Settings.load())
    for record in ex.run(read_inputs(["news/"], ex.settings)):
        ...
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import ConfigError, InputError, StoreError, TrucelineError
from .models import Act, Actor, Agreement, Document, Incident, Record, Statement
from .settings import Settings

if TYPE_CHECKING:
    from .extract.pipeline import Extractor
    from .sources import read_inputs

__all__ = [
    "Act", "Actor", "Agreement", "ConfigError", "Document", "Extractor", "Incident", "InputError", "Record",
    "Settings", "Statement", "StoreError", "TrucelineError", "read_inputs",
]


def __getattr__(name: str) -> Any:
    # Heavy modules (spaCy, trafilatura) load only when asked for.
    if name == "Extractor":
        from .extract.pipeline import Extractor

        return Extractor
    if name == "read_inputs":
        from .sources import read_inputs

        return read_inputs
    raise AttributeError(name)
