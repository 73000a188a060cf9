"""Actors: the registry (data), the per-document actor book, mentions and actor resolution.

The registry (``data/actors.yaml``) gives canonical names, kinds, countries, Wikidata ids,
aliases, titles, roles and metonyms. The :class:`ActorBook` of one document hands out record
ids and lists, at the end, only the actors some item refers to (``a.actors.use(id)``).

API for the other stages (stable names; all ids returned are registered in ``a.actors``, call
``a.actors.use(id)`` when an id goes into an item):

- :func:`find_mentions` (the ``mentions`` stage) fills ``a.notes["mentions"]``: a list of
  :class:`Mention` in text order (registry names, titles, agentive metonyms, people and bodies
  the registry lacks).
- :func:`actor_for_span` ``(a, start_char, end_char) -> str | None``: the actor a stretch of text
  refers to: a noun phrase, a pronoun (resolved to the last compatible mention), a definite
  description ("the president", "the ministry"), a document ("the statement", "a Kremlin
  readout" -> the body that issued it).
- :func:`actor_for_token` ``(a, token) -> str | None``: the same for a spaCy token (the head of
  a noun phrase, e.g. a verb's ``nsubj``).
- :func:`actors_for_token` ``(a, token) -> list[str]``: the same, expanded over conjuncts
  ("Trump and Zelensky" -> two ids; "a joint statement by X and Y" -> both issuers).

Matching works on a normalised token stream (see :class:`Keys`): case and diacritics folded,
"defense" read as "defence", and a demonym ("Russian") or a country's possessive ("Russia's")
read as one country symbol, so "Russia's foreign minister" and "the Russian foreign minister"
are the same key sequence. A demonym alone never makes an actor.
"""
from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from ..models import Actor

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

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
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return s.replace("\u2019", "'").replace("\u2018", "'")


# Acronyms with dots (U.S.), a possessive 's, or a word (apostrophes inside kept: O'Brien).
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|['\u2019]s\b|[^\W_]+(?:['\u2019](?!s\b)[^\W_]+)*")
_SPELLING = {"defense": "defence", "defence's": "defence", "organisation": "organization", "centre": "center",
             "programme": "program", "spokesperson": "spokesperson"}


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

    @staticmethod
    def _word(raw: str) -> str:
        w = fold(raw).lower().replace(".", "")
        return _SPELLING.get(w, w)

    def tokens(self, text: str, offset: int = 0) -> list[Tok]:
        raw = [(m.group(), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]
        words = [self._word(r[0]) for r in raw]
        out: list[Tok] = []
        i = 0
        while i < len(raw):
            hit = False
            for seq, code, needs_poss in self.multi:
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
        ks = tuple(t.key for t in self.tokens(surface))
        return ks[1:] if ks[:1] == ("the",) else ks


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
                      aliases=tuple(n for n in names if n not in demonyms or n in ("UK", "U.K."))),
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
class Mention:
    """A stretch of ``document.text`` that refers to an actor.

    ``source``: ``name`` (a registry name or alias), ``title`` ("the Kremlin spokesman"),
    ``metonym`` ("Moscow" used as an agent), ``text`` (a person or body the registry lacks).
    ``agent``: the mention heads a subject or an "according to"/"by" phrase.
    ``quoted``: the mention lies inside a quotation (never an antecedent for "he", "the ministry").
    """

    start: int
    end: int
    text: str
    actor: str
    source: str = "name"
    agent: bool = False
    quoted: bool = False


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


# ---------------------------------------------------------------------------- mentions stage

_PLACE_PREPS = {"in", "to", "from", "near", "at", "across", "around", "over", "into", "outside", "inside", "on",
                "toward", "towards", "through", "within", "between", "with", "against", "of", "for", "about"}
_AGENT_DEPS = {"nsubj", "nsubjpass", "csubj", "agent"}
_NAME_TITLE_GAP = re.compile(r"^[\s,]*$")


def find_mentions(a: Analysis) -> None:
    """Adds ``a.notes['mentions']``: registry names, titles, agentive metonyms and unknown people/bodies."""
    from . import coref

    text = a.doc.text
    reg = a.actors.reg
    raw: list[tuple[int, int, Entry, str]] = list(reg.matches(text))
    ents = [e for e in a.doc.ents if e.label_ in ("PERSON", "ORG")]
    mentions: list[Mention] = []
    covered: list[tuple[int, int]] = []
    skip_title: set[int] = set()
    # A person title directly before a name yields to the name ("Foreign Minister Dmytro Kuleba").
    for i, (_s, e, entry, src) in enumerate(raw):
        if src != "title" or entry.kind != "person":
            continue
        nxt = raw[i + 1] if i + 1 < len(raw) else None
        if nxt and nxt[2].kind == "person" and nxt[3] == "name" and _NAME_TITLE_GAP.match(text[e:nxt[0]]):
            skip_title.add(i)
            continue
        for ent in ents:
            if ent.label_ == "PERSON" and ent.start_char >= e and _NAME_TITLE_GAP.match(text[e:ent.start_char]) \
                    and len(ent) >= 2 and not any(r[0] >= ent.start_char and r[1] <= ent.end_char for r in raw):
                skip_title.add(i)
                break
    for i, (s, e, entry, src) in enumerate(raw):
        if i in skip_title or (text[s - 1:s] == "(" and text[e:e + 1] == ")" and entry.kind == "media"):
            continue  # "(AP) —" credits the wire, it does not speak
        span = a.doc.char_span(s, e, alignment_mode="expand")
        agent = span is not None and _is_agent(span.root)
        if src == "metonym" and not agent:
            continue  # "in Kyiv" is a place
        if entry.kind == "country" and span is not None and _is_place(span.root):
            agent = False
        actor = a.actors.from_entry(entry, text[s:e])
        mentions.append(Mention(s, e, text[s:e], actor, src, agent))
        covered.append((s, e))
    # People and bodies the registry lacks.
    surnames: dict[str, str] = {}
    for ent in ents:
        if any(cs < ent.end_char and ce > ent.start_char for cs, ce in covered):
            continue
        words = [t for t in ent if not t.is_punct and t.lower_ not in ("'s", "the")]
        if ent.label_ == "PERSON":
            if len(words) >= 2 and all(t.text[:1].isupper() for t in words):
                name = " ".join(t.text for t in words)
                country = _context_country(a, ent.root, ent.start_char, ent.end_char, mentions)
                actor = a.actors.new(name, "person", country, ent.text)
                surnames[fold(words[-1].text).lower()] = actor
                a.notes.setdefault("text_roles", {}).setdefault(actor, set()).update(_roles_near(ent))
            elif len(words) == 1 and fold(words[0].text).lower() in surnames:
                actor = surnames[fold(words[0].text).lower()]
            else:
                continue
            mentions.append(Mention(ent.start_char, ent.end_char, ent.text, actor, "text", _is_agent(ent.root)))
        elif len(words) >= 2 and _is_agent(ent.root) and ent.root.text[:1].isupper():
            country = _context_country(a, ent.root, ent.start_char, ent.end_char, mentions)
            kind = _body_kind(ent.text)
            name = " ".join(t.text for t in ent if t.lower_ != "the").removesuffix(" 's").removesuffix(" ’s")
            actor = a.actors.new(name, kind, country, ent.text)
            mentions.append(Mention(ent.start_char, ent.end_char, ent.text, actor, "text", True))
    # Later bare surnames of people found in the text ("Kovalenko said"), whatever NER made of them.
    taken = [(m.start, m.end) for m in mentions]
    for tok in a.doc:
        key = fold(tok.text).lower()
        if key in surnames and tok.text[:1].isupper() and not any(s <= tok.idx < e for s, e in taken):
            mentions.append(Mention(tok.idx, tok.idx + len(tok.text), tok.text, surnames[key], "text",
                                    _is_agent(tok)))
    from ..extract.quotes import find_quotes

    quotes = find_quotes(text)
    a.notes["quotes"] = quotes
    for m in mentions:
        m.quoted = any(q.open < m.start and m.end < q.close for q in quotes)
    mentions.sort(key=lambda m: m.start)
    a.notes["mentions"] = mentions
    a.notes["mention_starts"] = [m.start for m in mentions]
    coref.index_issuers(a)


def _roles_near(ent: Any) -> set[str]:
    """Role nouns the text puts beside a name: "the city's mayor, X", "regional head X"."""
    from .coref import ROLE_HEADS

    out = set()
    root = ent.root
    near = [*root.children, root.head] + ([*root.head.children] if root.dep_ in ("appos", "compound") else [])
    for t in near:
        if t.lemma_.lower() in ROLE_HEADS and not (ent.start <= t.i < ent.end):
            out.add(t.lemma_.lower())
    for t in ent.doc[max(ent.start - 4, 0):ent.start]:
        if t.lemma_.lower() in ROLE_HEADS:
            out.add(t.lemma_.lower())
    return out


def _is_agent(tok: Token) -> bool:
    if tok.dep_ in _AGENT_DEPS:
        return True
    if tok.dep_ == "conj":
        return _is_agent(tok.head)
    if tok.dep_ == "appos":
        return _is_agent(tok.head)
    if tok.dep_ == "pobj":
        prep = tok.head
        if prep.lower_ == "by":
            return True
        if prep.lower_ == "to" and prep.head.lower_ == "according":
            return True
    return False


def _is_place(tok: Token) -> bool:
    return tok.dep_ == "pobj" and tok.head.lower_ in _PLACE_PREPS


_GOV_WORDS = ("ministry", "service", "office", "agency", "council", "committee", "administration", "department",
              "commission", "government", "parliament", "governor", "prosecutor", "cabinet", "center", "centre")
_MIL_WORDS = ("army", "forces", "military", "brigade", "regiment", "command", "navy", "corps", "staff")


def _body_kind(name: str) -> str:
    low = name.lower()
    if any(w in low for w in _MIL_WORDS):
        return "military"
    if any(w in low for w in _GOV_WORDS):
        return "government"
    return "organization"


def _context_country(a: Analysis, root: Token, start: int, end: int, mentions: list[Mention]) -> str | None:
    """The country the text attaches to a name: a demonym or country-bound actor in its noun phrase,
    its appositive, or the title before it ("Ukrainian official X", "X, head of Ukraine's ...")."""
    reg = a.actors.reg
    head = root
    # climb over compound/appos links so "Ukrainian energy expert X" and "X, a Ukrainian ..." both count
    zone: list[Token] = []
    for t in head.subtree:
        zone.append(t)
    if head.dep_ in ("appos", "compound") and head.head.i != head.i:
        zone.extend(head.head.subtree)
    for t in sorted(set(zone), key=lambda t: t.i):
        if start <= t.idx < end:
            continue
        code = reg.demonym_country(t.text) if t.pos_ in ("ADJ", "PROPN", "NOUN") else None
        if t.i + 1 < len(t.doc) and t.nbor(1).lower_ in ("'s", "\u2019s"):
            code = code or reg.demonym_country(t.text + "'s")
        if code:
            return code
        for m in mentions:
            if m.start <= t.idx < m.end:
                act = a.actors.get(m.actor)
                if act.kind != "person" and act.country:
                    return act.country
    return None


# ---------------------------------------------------------------------------- resolution API

def mentions_in(a: Analysis, start: int, end: int) -> list[Mention]:
    """Mentions overlapping ``[start, end)``, in text order."""
    ms: list[Mention] = a.notes.get("mentions", [])
    starts: list[int] = a.notes.get("mention_starts") or [m.start for m in ms]
    i = bisect.bisect_left(starts, start)
    out: list[Mention] = []
    j = i - 1
    while j >= 0 and ms[j].end > start:  # a mention starting before ``start`` may still overlap
        out.insert(0, ms[j])
        j -= 1
    while i < len(ms) and ms[i].start < end:
        out.append(ms[i])
        i += 1
    return out


def mention_at(a: Analysis, char: int) -> Mention | None:
    for m in mentions_in(a, char, char + 1):
        if m.start <= char < m.end:
            return m
    return None


def actor_for_token(a: Analysis, token: Token) -> str | None:
    """The actor the noun phrase headed by ``token`` refers to, or None."""
    from . import coref

    return coref.resolve_token(a, token)


def actors_for_token(a: Analysis, token: Token) -> list[str]:
    """Like :func:`actor_for_token`, expanded over conjuncts and joint issuers; no duplicates."""
    from . import coref

    out: list[str] = []
    for t in (token, *token.conjuncts):
        for actor in coref.resolve_token_all(a, t):
            if actor not in out:
                out.append(actor)
    return out


def actor_for_span(a: Analysis, start_char: int, end_char: int) -> str | None:
    """The actor a stretch of ``document.text`` refers to (its syntactic head decides), or None."""
    span = a.doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    ms = [m for m in mentions_in(a, span.start_char, span.end_char)
          if m.start <= span.root.idx < m.end]
    if ms:
        return ms[0].actor
    return actor_for_token(a, span.root)


def tokens_of(doc: Doc, start: int, end: int) -> Iterable[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None else ()
