"""Actor mentions in a parsed document, and who a stretch of text refers to.

The ``mentions`` stage finds registry names, titles, agentive metonyms and people or bodies the
registry lacks; the functions below it answer "which actor is this phrase?" for the other stages.
The registry and the per-document :class:`~truceline.resolve.actors.ActorBook` live in
:mod:`truceline.resolve.actors` (data and lookups); what needs the parse lives here.

- :func:`find_mentions` (the ``mentions`` stage) fills ``a.mentions`` (a list of :class:`Mention` in
  text order), ``a.quotes`` and ``a.text_roles``.
- :func:`actor_for_span` ``(a, start_char, end_char) -> str | None``: the actor a stretch of text
  refers to: a noun phrase, a pronoun, a definite description, a document.
- :func:`actor_for_token` ``(a, token) -> str | None``: the same for a spaCy token.
- :func:`actors_for_token` ``(a, token) -> list[str]``: the same, expanded over conjuncts.
"""
from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING, Any

from ..resolve.actors import Entry, fold
from .analysis import Mention
from .intervals import Intervals
from .lexicons import load

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .analysis import Analysis


# ---------------------------------------------------------------------------- mentions stage

_LEX = load("mentions")  # the word lists: data/mentions.yaml
#: role heads of definite descriptions of people
ROLE_HEADS = frozenset(_LEX["role_heads"])
_PLACE_PREPS = frozenset(_LEX["place_preps"])
_NAME_SKIP = tuple(_LEX["name_skip"])
_AGENT_DEPS = {"nsubj", "nsubjpass", "csubj", "agent"}
_NAME_TITLE_GAP = re.compile(r"^[\s,]*$")


def find_mentions(a: Analysis) -> None:
    """Adds ``a.mentions`` (registry names, titles, agentive metonyms and unknown people/bodies), ``a.quotes``
    and ``a.text_roles``."""
    text = a.document.text
    a.text_roles = {}
    reg = a.actors.reg
    raw: list[tuple[int, int, Entry, str]] = list(reg.matches(text))
    ents = [e for e in a.doc.ents if e.label_ in ("PERSON", "ORG")]
    mentions: list[Mention] = []
    covered: list[tuple[int, int]] = []
    skip_title: set[int] = set()
    ent_starts = [ent.start_char for ent in ents]
    matched = Intervals((r[0], r[1]) for r in raw)
    # A person title directly before a name yields to the name ("Foreign Minister Dmytro Kuleba").
    for i, (_s, e, entry, src) in enumerate(raw):
        if src != "title" or entry.kind != "person":
            continue
        nxt = raw[i + 1] if i + 1 < len(raw) else None
        if nxt and nxt[2].kind == "person" and nxt[3] == "name" and _NAME_TITLE_GAP.match(text[e:nxt[0]]):
            skip_title.add(i)
            continue
        # only the first entity after the title can follow it with nothing but spaces or commas between
        k = bisect.bisect_left(ent_starts, e)
        ent = ents[k] if k < len(ents) else None
        if ent is not None and ent.label_ == "PERSON" and _NAME_TITLE_GAP.match(text[e:ent.start_char]) \
                and len(ent) >= 2 and not matched.within(ent.start_char, ent.end_char):
            skip_title.add(i)
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
    # the surnames of the registry's people the text names, for a titled surname alone ("Governor X")
    known = {fold(a.actors.get(m.actor).name.split()[-1]).lower(): m.actor for m in mentions
             if a.actors.get(m.actor).kind == "person" and a.actors.get(m.actor).name.split()}
    registered = Intervals(covered)
    for ent in ents:
        if registered.overlaps(ent.start_char, ent.end_char):
            continue
        words = [t for t in ent if not t.is_punct and t.lower_ not in _NAME_SKIP]
        if ent.label_ == "PERSON":
            if len(words) >= 2 and all(t.text[:1].isupper() for t in words):
                name = " ".join(t.text for t in words)
                country = _context_country(a, ent.root, ent.start_char, ent.end_char, mentions)
                actor = a.actors.new(name, "person", country, ent.text)
                surnames[fold(words[-1].text).lower()] = actor
                a.text_roles.setdefault(actor, set()).update(_roles_near(ent))
            elif len(words) == 1 and fold(words[0].text).lower() in surnames:
                actor = surnames[fold(words[0].text).lower()]
            elif len(words) == 1 and words[0].text[:1].isupper() and _titled_surname(ent):
                # "Mr. Obama", "President Obama": a title makes a lone surname a person the text names; one the
                # registry names in full elsewhere in the text ("Governor X" beside "Ivan X") is that person
                key = fold(words[0].text).lower()
                actor = known.get(key, "")
                if not actor:
                    country = _context_country(a, ent.root, ent.start_char, ent.end_char, mentions)
                    actor = a.actors.new(words[0].text, "person", country, ent.text)
                surnames[key] = actor
            else:
                continue
            mentions.append(Mention(ent.start_char, ent.end_char, ent.text, actor, "text", _is_agent(ent.root)))
        elif len(words) >= 2 and _is_agent(ent.root) and ent.root.text[:1].isupper():
            country = _context_country(a, ent.root, ent.start_char, ent.end_char, mentions)
            kind = "person" if _titled_name(ent, words) else _body_kind(ent.text)
            name = " ".join(t.text for t in ent if t.lower_ != "the").removesuffix(" 's").removesuffix(" ’s")
            actor = a.actors.new(name, kind, country, ent.text)
            if kind == "person":  # its bare surname later is the person too, as for PERSON names
                surnames[fold(words[-1].text).lower()] = actor
                a.text_roles.setdefault(actor, set()).update(_roles_near(ent))
            mentions.append(Mention(ent.start_char, ent.end_char, ent.text, actor, "text", True))
    # Later bare surnames of people found in the text ("Kovalenko said"), whatever NER made of them.
    taken = Intervals((m.start, m.end) for m in mentions)
    for tok in a.doc if surnames else ():
        if not tok.text[:1].isupper():
            continue  # a surname is capitalised: the other tokens need no folding
        key = fold(tok.text).lower()
        if key in surnames and not taken.holds(tok.idx):
            mentions.append(Mention(tok.idx, tok.idx + len(tok.text), tok.text, surnames[key], "text",
                                    _is_agent(tok)))
    from .quotes import find_quotes

    quotes = find_quotes(text)
    a.quotes = quotes
    quoted = Intervals((q.open, q.close) for q in quotes)
    for m in mentions:
        m.quoted = quoted.encloses(m.start, m.end)
    mentions.sort(key=lambda m: m.start)
    a.mentions = mentions
    a._mention_starts = [m.start for m in mentions]


_PERSON_ROLES = ROLE_HEADS | frozenset(_LEX["org_person_roles"])


def _titled_name(ent: Any, words: list[Token]) -> bool:
    """A name NER took for a body, which a person's role stands beside ("Dnipro Mayor Borys Filatov", "the
    city's mayor Igor Polishchuk", "Irina Kovalenko, a spokesman for ..."): two or three capitalised words, none
    a body's word, with a role noun as its compound or appositive (persons made organizations lost their
    statements: cross-validated statements F1 0.808 -> 0.811, speaker accuracy 0.951 -> 0.955)."""
    if not 2 <= len(words) <= 3 or not all(t.text[:1].isupper() and t.text.replace("-", "").isalpha()
                                            for t in words):
        return False
    low = ent.text.lower()
    if any(w in low for w in _GOV_WORDS + _MIL_WORDS):
        return False
    root = ent.root
    near = [c for c in root.children if c.dep_ in ("compound", "appos") and not ent.start <= c.i < ent.end]
    if root.dep_ == "appos":
        near.append(root.head)
    return any(t.lemma_.lower() in _PERSON_ROLES for t in near)


def _titled_surname(ent: Any) -> bool:
    """Whether an honorific or a role noun, capitalised, stands right before a one-word name ("Mr. Obama",
    "Sen. Cruz", "President Obama"): the name is a person's, though the registry lacks it (PolNeAR training
    sample: "Mr. X made clear ...; '...,' he said" gave "he" to an earlier full name)."""
    j = ent.start - 1
    if j >= 1 and ent.doc[j].text == ".":
        j -= 1  # "Mr ." split in two
    if j < 0:
        return False
    t = ent.doc[j]
    return t.text[:1].isupper() and (t.lower_.rstrip(".") in _HONORIFICS or t.lemma_.lower() in ROLE_HEADS)


_HONORIFICS = frozenset(load("statements")["honorifics"])


def _roles_near(ent: Any) -> set[str]:
    """Role nouns the text puts beside a name: "the city's mayor, X", "regional head X"."""
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


_GOV_WORDS = tuple(_LEX["government_words"])
_MIL_WORDS = tuple(_LEX["military_words"])


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
    ms = a.mentions
    starts = a._mention_starts or [m.start for m in ms]
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
