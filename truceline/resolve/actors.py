"""Actors: the registry (data) and the per-document actor book (lookups, no parse).

The registry (``data/actors.yaml``) gives canonical names, kinds, countries, Wikidata ids,
aliases, titles, roles and metonyms. The :class:`ActorBook` of one document hands out record
ids and lists, at the end, only the actors some item refers to (``a.actors.use(id)``).

The parse-dependent side (the ``mentions`` stage and "who does this phrase refer to") lives in
:mod:`truceline.extract.mentions`; this module is data and lookups and imports nothing of ``extract``.

Matching works on a normalised token stream (see :class:`Keys`): case and diacritics folded,
"defense" read as "defence", and a demonym ("Russian") or a country's possessive ("Russia's")
read as one country symbol, so "Russia's foreign minister" and "the Russian foreign minister"
are the same key sequence. A demonym alone never makes an actor.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from ..models import Actor


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
    roles: tuple[str, ...] = ()
    gender: str | None = None


def normalise(surface: str) -> str:
    """Lower case, no diacritics, straight apostrophes, no possessive, single spaces."""
    s = fold(surface).lower().strip()
    s = re.sub(r"'s?$", "", s)
    s = re.sub(r"^the\s+", "", s)
    return re.sub(r"\s+", " ", s)


def fold(s: str) -> str:
    """No diacritics, straight apostrophes."""
    if s.isascii():  # nearly every word: nothing to fold (called for every word of every document)
        return s
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.replace("\u2019", "'").replace("\u2018", "'")


# Acronyms with dots (U.S.), a possessive 's, or a word (apostrophes inside kept: O'Brien).
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|['\u2019]s\b|[^\W_]+(?:['\u2019](?!s\b)[^\W_]+)*")
_SPELLING = {"defense": "defence", "defence's": "defence", "organisation": "organization", "centre": "center",
             "programme": "program", "spokesperson": "spokesperson"}


#: how many surfaces :meth:`Keys.key` remembers before it starts again
_KEY_CACHE = 50_000


@functools.lru_cache(maxsize=50_000)
def _word_key(raw: str) -> str:
    """One word as a key: accents folded, lower case, no dots, one spelling (a word recurs in every text)."""
    w = fold(raw).lower().replace(".", "")
    return _SPELLING.get(w, w)


@dataclass
class Tok:
    key: str
    start: int
    end: int
    text: str


class Keys:
    """Turns text into key tokens, with demonyms and country possessives as symbols (``@RUS``)."""

    def __init__(self, demonyms: dict[str, str], possessives: dict[str, str]) -> None:
        # multi-word forms ("united states", "north korean") are matched first, longest first
        self.single: dict[str, str] = {}
        self.multi: list[tuple[tuple[str, ...], str, bool]] = []
        for surface, code in demonyms.items():
            words = tuple(self._word(t) for t in _TOKEN.findall(surface))
            if len(words) == 1:
                self.single[words[0]] = code
            elif words:
                self.multi.append((words, code, False))
        self.poss_single: dict[str, str] = {}
        for surface, code in possessives.items():
            words = tuple(self._word(t) for t in _TOKEN.findall(surface))
            if len(words) == 1:
                self.poss_single[words[0]] = code
            elif words:
                self.multi.append((words, code, True))
        self.multi.sort(key=lambda m: -len(m[0]))
        # a token is compared only with the multi-word forms it can start (the list was a loop per token)
        self._multi_at: dict[str, list[tuple[tuple[str, ...], str, bool]]] = {}
        for m in self.multi:
            self._multi_at.setdefault(m[0][0], []).append(m)
        # key() is asked of the same surfaces again and again (every mention, every registry form)
        self._keys: dict[str, tuple[str, ...]] = {}

    @staticmethod
    def _word(raw: str) -> str:
        return _word_key(raw)

    def tokens(self, text: str, offset: int = 0) -> list[Tok]:
        raw = [(m.group(), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]
        words = [self._word(r[0]) for r in raw]
        out: list[Tok] = []
        i = 0
        while i < len(raw):
            hit = False
            for seq, code, needs_poss in self._multi_at.get(words[i], ()):
                n = len(seq)
                if tuple(words[i:i + n]) == seq:
                    poss = i + n < len(raw) and words[i + n] in ("'s", "s'")
                    if needs_poss and not poss:
                        continue
                    end = raw[i + n][2] if poss else raw[i + n - 1][2]
                    out.append(Tok("@" + code, raw[i][1], end, text[raw[i][1] - offset:end - offset]))
                    i += n + (1 if poss else 0)
                    hit = True
                    break
            if hit:
                continue
            w, (surface, s, e) = words[i], raw[i]
            poss = i + 1 < len(raw) and words[i + 1] == "'s"
            if w == "'s":
                i += 1  # a possessive that is not a country's is dropped: "Kremlin's spokesman"
                continue
            if poss and w in self.poss_single:
                out.append(Tok("@" + self.poss_single[w], s, raw[i + 1][2], text[s - offset:raw[i + 1][2] - offset]))
                i += 2
                continue
            if w in self.single:
                out.append(Tok("@" + self.single[w], s, e, surface))
            else:
                out.append(Tok(w, s, e, surface))
            i += 1
        return out

    def key(self, surface: str) -> tuple[str, ...]:
        ks = self._keys.get(surface)
        if ks is None:
            ks = tuple(t.key for t in self.tokens(surface))
            ks = ks[1:] if ks[:1] == ("the",) else ks
            if len(self._keys) >= _KEY_CACHE:
                self._keys.clear()  # bounded: a long batch of varied text must not grow it without end
            self._keys[surface] = ks
        return ks


_GOV_FORMS = ("{dem} government", "government of {name}", "{dem} foreign ministry", "{dem} ministry of foreign affairs",
              "{dem} foreign affairs ministry", "foreign ministry of {name}", "ministry of foreign affairs of {name}",
              "{dem} presidency", "{dem} leadership", "{dem} side", "{dem} embassy", "{dem} presidential office",
              "{dem} president's office", "{dem} administration", "{dem} cabinet", "{dem} delegation",
              "{dem} negotiators", "{dem} negotiating team", "{dem} diplomats", "{dem} foreign office",
              "{dem} mission", "{dem} envoy's office")
_MIL_FORMS = ("{dem} military", "{dem} armed forces", "armed forces of {name}", "{dem} army", "{dem} defence ministry",
              "{dem} ministry of defence", "ministry of defence of {name}", "{dem} general staff",
              "{dem} military command", "{dem} forces", "{dem} troops", "{dem} air defence", "{dem} air defence forces",
              "{dem} air force", "{dem} navy", "{dem} defence forces", "{dem} military officials",
              "{dem} defence officials", "{dem} army command")


class Registry:
    def __init__(self, entries: list[Entry], keys: Keys | None = None,
                 countries: dict[str, dict[str, Any]] | None = None) -> None:
        self.entries = entries
        self.by_key = {e.key: e for e in entries}
        self.keys = keys or Keys({}, {})
        self.countries = countries or {}
        self._index: dict[str, Entry] = {}
        # key sequence -> (entry, source): source is "name", "title" or "metonym"
        self.patterns: dict[tuple[str, ...], tuple[Entry, str]] = {}
        self.max_len = 1
        for e in entries:
            for surface in (e.name, *e.aliases, *e.titles, *e.metonyms):
                self._index.setdefault(normalise(surface), e)
            for src, surfaces in (("name", (e.name, *e.aliases)), ("title", e.titles + self._role_titles(e)),
                                  ("metonym", e.metonyms)):
                for surface in surfaces:
                    k = self.keys.key(surface)
                    if k and k not in self.patterns:
                        self.patterns[k] = (e, src)
                        self.max_len = max(self.max_len, len(k))
        # the keys a pattern can start with: at any other token no pattern is tried
        self._firsts = {k[0] for k in self.patterns}

    def _role_titles(self, e: Entry) -> tuple[str, ...]:
        if not e.roles:
            return ()
        c = self.countries.get(e.country or "")
        if not c:
            return e.roles
        out = []
        for role in e.roles:
            out.append(f"{c['demonyms'][0]} {role}" if c["demonyms"] else role)
            out.extend(f"{role} of {n}" for n in c["names"][:1])
            out.extend(f"{c['name']} {role}" for _ in (0,) if c["demonyms"] == [])
        return tuple(out)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Registry:
        entries: list[Entry] = []
        for row in data.get("actors", []):
            entries.append(Entry(
                key=row["key"], name=row["name"], kind=row["kind"], country=row.get("country"),
                wikidata=row.get("wikidata"), aliases=tuple(row.get("aliases", ())),
                titles=tuple(row.get("titles", ())), metonyms=tuple(row.get("metonyms", ())),
                roles=tuple(row.get("roles", ())), gender=row.get("gender"),
            ))
        countries: dict[str, dict[str, Any]] = {}
        demonyms: dict[str, str] = {}
        possessives: dict[str, str] = {}
        for c in data.get("countries", []):
            code = c["code"]
            names = list(c.get("names") or [c["name"]])
            c = {**c, "names": names, "demonyms": list(c.get("demonyms", []))}
            countries[code] = c
            for d in c["demonyms"]:
                demonyms[d] = code
            for n in names:
                possessives[n] = code
        keys = Keys(demonyms, possessives)
        explicit = {e.key for e in entries}
        for code, c in countries.items():
            low = code.lower()
            dem = c["demonyms"][0] if c["demonyms"] else c["name"]
            fill = {"dem": dem, "name": c["names"][0] if c["names"] else c["name"]}
            gen = [
                Entry(key=low, name=c["name"], kind="country", country=code, wikidata=c.get("wikidata"),
                      aliases=tuple(n for n in c["names"] if n not in demonyms or n in ("UK", "U.K."))),
                Entry(key=f"gov_{low}", name=f"Government of {c['name']}", kind="government", country=code,
                      aliases=tuple(c.get("seats", [])) + tuple(f.format(**fill) for f in _GOV_FORMS),
                      metonyms=tuple(c.get("capitals", []))),
                Entry(key=f"mil_{low}", name=f"Armed Forces of {c['name']}", kind="military", country=code,
                      aliases=tuple(f.format(**fill) for f in _MIL_FORMS)),
            ]
            for e in gen:
                if e.key in explicit:  # an explicit row of the same key extends the generated one
                    old = next(x for x in entries if x.key == e.key)
                    entries[entries.index(old)] = Entry(
                        key=old.key, name=old.name, kind=old.kind, country=old.country,
                        wikidata=old.wikidata or e.wikidata, aliases=old.aliases + e.aliases,
                        titles=old.titles, metonyms=old.metonyms + e.metonyms, roles=old.roles, gender=old.gender)
                else:
                    entries.append(e)
        return cls(entries, keys, countries)

    def lookup(self, surface: str) -> Entry | None:
        hit = self.patterns.get(self.keys.key(surface))
        if hit:
            return hit[0]
        return self._index.get(normalise(surface))

    def government(self, country: str | None) -> Entry | None:
        return self.by_key.get(f"gov_{country.lower()}") if country else None

    def demonym_country(self, word: str) -> str | None:
        """'Ukrainian' or "Ukraine's" -> 'UKR'."""
        ks = self.keys.key(word)
        if len(ks) == 1 and ks[0].startswith("@"):
            return ks[0][1:]
        return None

    def matches(self, text: str) -> Iterator[tuple[int, int, Entry, str]]:
        """Longest registry matches in ``text``: (start, end, entry, source)."""
        toks = self.keys.tokens(text)
        i = 0
        while i < len(toks):
            if toks[i].key not in self._firsts:
                i += 1
                continue
            for n in range(min(self.max_len, len(toks) - i), 0, -1):
                hit = self.patterns.get(tuple(t.key for t in toks[i:i + n]))
                if hit is None:
                    continue
                entry, src = hit
                surface = text[toks[i].start:toks[i + n - 1].end]
                if src != "title" and not any(c.isupper() for c in surface):
                    continue  # "told us", "a waltz": names are capitalised
                if n == 1 and toks[i].key.startswith("@") and surface[:1].isupper() and \
                        fold(surface).lower().replace(".", "") not in ("us", "uk", "united states"):
                    continue  # a demonym adjective alone ("American") is not an actor
                yield toks[i].start, toks[i + n - 1].end, entry, src
                i += n
                break
            else:
                i += 1


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
            if "{" in surface or not any(c.isupper() for c in surface):
                continue
            if e.kind in ("government", "military") and surface.split()[0].lower() not in ("the",) and \
                    surface not in e.aliases[:8]:
                continue  # generated descriptions ("Russian military") stay out of NER
            out.append({"label": label, "pattern": surface, "id": e.key})
    return out


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
        if key in self.reg.by_key and key not in self._actors:
            key = "x_" + key  # never shadow a registry key with a different actor
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

    def has(self, actor_id: str) -> bool:
        return actor_id in self._actors

    def entry(self, actor_id: str) -> Entry | None:
        """The registry row behind an actor, if any."""
        return self.reg.by_key.get(actor_id)

    def use(self, actor_id: str) -> str:
        """Mark an actor as referenced by an item, so it is listed in the record."""
        self._used.add(actor_id)
        return actor_id

    def referenced(self) -> list[Actor]:
        return [a for k, a in self._actors.items() if k in self._used]

    @staticmethod
    def _alias(actor: Actor, surface: str | None) -> None:
        if surface:
            surface = surface.strip()
        if surface and surface not in actor.aliases:
            actor.aliases.append(surface)
