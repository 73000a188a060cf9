"""The word lists of the extract stages, read once from ``truceline/extract/data/<name>.yaml``.

Every lexicon is data (a YAML file stating its source and licence), not code: a module reads its
lists with ``load("<name>")`` and may bind them to module constants, e.g.
``DOC_NOUNS = frozenset(load("coref")["doc_nouns"])``. The loaded mapping is shared: never mutate it.
"""
from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Any

import yaml


@functools.cache  # = lru_cache(maxsize=None)
def load(name: str) -> dict[str, Any]:
    """The mapping in ``truceline/extract/data/<name>.yaml`` (read once per process)."""
    text = resources.files("truceline.extract").joinpath(f"data/{name}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"data/{name}.yaml: expected a mapping at the top level")
    return data


def words_rx(words: list[str], whole: bool = True) -> re.Pattern[str]:
    """One case-blind pattern for a word list, longest first, a space standing for any run of spaces. Words
    match from a word start to a word end, or only from a word start when ``whole`` is false (stems:
    "exchang" for "exchanged", "exchanges")."""
    alts = sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alts) + (r")\b" if whole else ")"), re.IGNORECASE)
