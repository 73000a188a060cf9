"""Who a token or a stretch of text refers to, for the acts and agreements stages.

Uses ``actor_for_token`` / ``actor_for_span`` of :mod:`truceline.extract.mentions` first, then the
mentions of ``a.mentions``, with a small pronoun rule: "he" is the last person named, "it"
and "they" the last body or country.
"""
from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from .coref import actor_for_span, actor_for_token
from .lexicons import load

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from .analysis import Analysis, Mention

_LEX = load("speakers")  # the pronouns: data/speakers.yaml
PERSON_PRONOUNS = frozenset(_LEX["person_pronouns"])
BODY_PRONOUNS = frozenset(_LEX["body_pronouns"])
FIRST_PERSON = frozenset(_LEX["first_person"])
#: How specific an actor kind is, when one move is reported with several actors.
SPECIFICITY = {"person": 3, "government": 2, "military": 2, "organization": 2, "media": 1, "group": 1,
               "country": 1, "unknown": 0}


def mentions(a: Analysis) -> list[Mention]:
    return list(a.mentions)


def actor_at(a: Analysis, tok: Token) -> str | None:
    """The actor a noun phrase headed by ``tok`` names, or None."""
    low = tok.lower_
    if low in PERSON_PRONOUNS | BODY_PRONOUNS:
        return antecedent(a, tok.idx, person=low in PERSON_PRONOUNS)
    if low in FIRST_PERSON and not _initials(tok):
        return speaker_of(a, tok)
    found = actor_for_token(a, tok)
    if found:
        return str(found)
    ms = mentions(a)
    for m in ms:
        if m.start <= tok.idx < m.end:
            return str(m.actor)
    # The phrase's modifiers: "Russia's defence ministry", "the U.S. delegation", "Ukrainian forces".
    left = [t for t in tok.subtree if t.i <= tok.i and t.dep_ not in ("conj", "cc", "appos", "relcl", "acl")]
    if left:
        start, end = left[0].idx, tok.idx + len(tok.text)
        found = actor_for_span(a, start, end)
        if found:
            return str(found)
        inside = [m for m in ms if start <= m.start and m.end <= end]
        if inside:
            return str(max(inside, key=lambda m: m.end).actor)
        text = a.document.text[start:end]
        got = a.actors.resolve(text)
        if got:
            return got
    return None


def _initials(tok: Token) -> bool:
    """A pronoun spelled in capitals is a country's initials ("US" is the United States, not "us")."""
    return len(tok.text) > 1 and tok.text.isupper()


def actors_of(a: Analysis, tok: Token) -> list[str]:
    """The actors of a phrase and its conjuncts: "Russia and Ukraine" gives two."""
    out: list[str] = []
    for t in (tok, *tok.conjuncts):
        got = actor_at(a, t)
        if got and got not in out:
            out.append(got)
    return out


def antecedent(a: Analysis, before: int, person: bool) -> str | None:
    """The last actor named before offset ``before`` (persons for he/she, others for it/they)."""
    for m in reversed(mentions(a)):
        if m.end > before:
            continue
        if before - m.end > 1500:
            break
        kind = a.actors.get(m.actor).kind
        if (kind == "person") == person:
            return str(m.actor)
    return None


@functools.lru_cache(maxsize=1)
def say_verbs() -> frozenset[str]:
    """The ``speaker`` subset of the verbs of saying (``data/cues.yaml``)."""
    return frozenset(load("cues")["speaker"])


def speaker_of(a: Analysis, tok: Token) -> str | None:
    """Who says the clause holding ``tok``: the statement whose content holds it, a statement around it, a
    verb of saying above it, or "according to X" in its sentence."""
    for said in a.statement_cues:
        if said.statement.speaker and any(s <= tok.idx < e for s, e in said.content):
            return said.statement.speaker
    for s in a.statements:
        if s.evidence.start <= tok.idx < s.evidence.end and s.speaker:
            return s.speaker
    head = tok
    for _ in range(8):
        if head.head.i == head.i:
            break
        head = head.head
        if head.lemma_.lower() in say_verbs() and head.pos_ in ("VERB", "AUX"):
            for c in head.children:
                # "I said" inside the clause names no one new: its "I" is again whoever says the clause,
                # so asking actor_at would come back here for ever.
                if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in FIRST_PERSON:
                    return actor_at(a, c)
    return according_to(a, tok.sent)


def according_to(a: Analysis, sent: Span) -> str | None:
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            for c in t.doc[t.i + 1].children:
                if c.dep_ == "pobj":
                    return actor_at(a, c)
    return None


def country_of(a: Analysis, actor_id: str | None) -> str | None:
    if actor_id is None:
        return None
    return a.actors.get(actor_id).country


def countries_named(a: Analysis) -> frozenset[str | None]:
    """The countries of every actor the document's mentions name, worked out once per list of mentions: rules
    ask it for each trigger, and a long report has thousands of mentions."""
    cached = a._countries_named
    if cached is None or cached[0] != len(a.mentions):
        cached = a._countries_named = (len(a.mentions), frozenset(country_of(a, m.actor) for m in a.mentions))
    return cached[1]


def country_actor(a: Analysis, iso3: str | None) -> str | None:
    """The registry's country actor for an ISO3 code, e.g. RUS -> Russia."""
    if not iso3:
        return None
    for e in a.actors.reg.entries:
        if e.kind == "country" and e.country == iso3:
            return a.actors.from_entry(e)
    return None
