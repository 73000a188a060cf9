"""Actors: the registry (data), the per-document actor book, and the mentions stage.

The registry (``data/actors.yaml``) gives canonical names, kinds, countries, Wikidata
ids, aliases, titles and metonyms. The :class:`ActorBook` of one document hands out
record ids and lists, at the end, only the actors some item refers to.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from ..models import Actor

if TYPE_CHECKING:
    from ..extract.pipeline import Analysis


@dataclass(frozen=True)
class Entry:
    """One registry row."""

    key: str
    name: str
    kind: str
    country: str | None
    wikidata: str | None = None
    aliases: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()


def normalise(surface: str) -> str:
    """Lower case, no diacritics, straight apostrophes, no possessive, single spaces."""
    s = unicodedata.normalize("NFKD", surface)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("\u2019", "'").replace("\u2018", "'").lower().strip()
    s = re.sub(r"'s?$", "", s)
    s = re.sub(r"^the\s+", "", s)
    return re.sub(r"\s+", " ", s)


class Registry:
    def __init__(self, entries: list[Entry]) -> None:
        self.entries = entries
        self.by_key = {e.key: e for e in entries}
        self._index: dict[str, Entry] = {}
        for e in entries:
            for surface in (e.name, *e.aliases, *e.titles, *e.metonyms):
                self._index.setdefault(normalise(surface), e)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Registry:
        entries = []
        for row in data["actors"]:
            entries.append(Entry(
                key=row["key"], name=row["name"], kind=row["kind"], country=row.get("country"),
                wikidata=row.get("wikidata"), aliases=tuple(row.get("aliases", ())),
                titles=tuple(row.get("titles", ())), metonyms=tuple(row.get("metonyms", ())),
            ))
        return cls(entries)

    def lookup(self, surface: str) -> Entry | None:
        return self._index.get(normalise(surface))


@functools.lru_cache(maxsize=1)
def registry() -> Registry:
    text = resources.files("truceline.resolve").joinpath("data/actors.yaml").read_text(encoding="utf-8")
    return Registry.from_data(yaml.safe_load(text))


_LABELS = {"person": "PERSON", "country": "GPE", "government": "ORG", "military": "ORG",
           "organization": "ORG", "media": "ORG", "group": "ORG"}


def entity_patterns() -> list[dict[str, Any]]:
    """Names and aliases as spaCy entity-ruler patterns, so NER never mislabels a registry name."""
    out: list[dict[str, Any]] = []
    for e in registry().entries:
        label = _LABELS.get(e.kind, "ORG")
        for surface in {e.name, *e.aliases}:
            out.append({"label": label, "pattern": surface, "id": e.key})
    return out


@dataclass
class Mention:
    """A stretch of ``document.text`` that refers to an actor."""

    start: int
    end: int
    text: str
    actor: str


@dataclass
class ActorBook:
    """The actors of one record: registry actors keep their registry key as id."""

    reg: Registry = field(default_factory=registry)
    _actors: dict[str, Actor] = field(default_factory=dict)
    _used: set[str] = field(default_factory=set)

    def from_entry(self, entry: Entry, surface: str | None = None) -> str:
        actor = self._actors.get(entry.key)
        if actor is None:
            actor = Actor(id=entry.key, name=entry.name, kind=entry.kind, country=entry.country,
                          wikidata=entry.wikidata)
            self._actors[entry.key] = actor
        self._alias(actor, surface)
        return actor.id

    def new(self, name: str, kind: str, country: str | None, surface: str | None = None) -> str:
        """An actor the registry lacks, by name (people) or name and kind (others)."""
        key = re.sub(r"[^a-z0-9]+", "_", normalise(name)).strip("_") or "actor"
        actor = self._actors.get(key)
        if actor is None:
            actor = Actor(id=key, name=name, kind=kind, country=country)
            self._actors[key] = actor
        elif actor.country is None and country:
            actor.country = country
        self._alias(actor, surface)
        return key

    def resolve(self, surface: str) -> str | None:
        entry = self.reg.lookup(surface)
        return self.from_entry(entry, surface) if entry else None

    def get(self, actor_id: str) -> Actor:
        return self._actors[actor_id]

    def use(self, actor_id: str) -> str:
        """Mark an actor as referenced by an item, so it is listed in the record."""
        self._used.add(actor_id)
        return actor_id

    def referenced(self) -> list[Actor]:
        return [a for k, a in self._actors.items() if k in self._used]

    @staticmethod
    def _alias(actor: Actor, surface: str | None) -> None:
        if surface and surface not in actor.aliases:
            actor.aliases.append(surface)


def find_mentions(a: Analysis) -> None:
    """Adds ``a.notes['mentions']``: registry names and named entities, in text order."""
    mentions: list[Mention] = []
    for ent in a.doc.ents:
        if ent.label_ not in ("PERSON", "ORG", "GPE", "NORP"):
            continue
        actor = a.actors.resolve(ent.text)
        if actor is None and ent.label_ == "PERSON" and len(ent) > 1:
            actor = a.actors.new(ent.text, "person", None, ent.text)
        if actor is not None:
            mentions.append(Mention(ent.start_char, ent.end_char, ent.text, actor))
    a.notes["mentions"] = mentions
