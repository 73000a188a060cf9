"""The act trigger lexicon (``data/acts.yaml``) and the act codes (``data/event_codes.yaml``)."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError
from .lexicons import load

#: Types whose target is the other party of a joint move.
JOINT = ("agree", "meet")


@dataclass(frozen=True)
class Trigger:
    lemma: str
    pos: str
    type: str
    negated: str | None = None
    with_: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    object: tuple[tuple[str, str], ...] = ()
    owner: bool = False
    modal: str = "keep"
    reported: bool = False
    #: a clause complement that states something ("suggested that talks had failed") makes it no move
    states: bool = False


@dataclass
class Lexicon:
    triggers: dict[tuple[str, str], list[Trigger]]
    object_kinds: dict[str, set[str]]
    default_subject: dict[str, str]
    codes: dict[str, dict[str, str]]
    by_subject: dict[str, dict[str, str]]
    by_trigger: dict[str, dict[str, str]]


def read_data(name: str) -> Any:
    try:
        return load(name.removesuffix(".yaml"))
    except FileNotFoundError as exc:
        raise ConfigError(f"act data missing: {exc}") from exc


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data, codes = read_data("acts.yaml"), read_data("event_codes.yaml")
    triggers: dict[tuple[str, str], list[Trigger]] = {}
    for row in data["triggers"]:
        t = Trigger(lemma=row["lemma"], pos=row["pos"], type=row["type"], negated=row.get("negated"),
                    with_=tuple(row.get("with", ())), needs=tuple(row.get("needs", ())),
                    object=tuple((row.get("object") or {}).items()), owner=bool(row.get("owner")),
                    modal=row.get("modal", "keep"), reported=bool(row.get("reported")),
                    states=bool(row.get("states")))
        triggers.setdefault((t.lemma, t.pos), []).append(t)
    return Lexicon(triggers=triggers, object_kinds={k: set(v) for k, v in data["object_kinds"].items()},
                   default_subject=data.get("default_subject", {}), codes=codes["codes"],
                   by_subject=codes.get("by_subject", {}), by_trigger=codes.get("by_trigger", {}))
