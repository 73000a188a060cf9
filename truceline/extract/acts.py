"""Negotiation acts: propose, accept, reject, agree, halt, demand, accuse, deny, meet, end.

An act starts at a trigger word of ``data/acts.yaml`` and is read from the dependency
parse around it: negation turns an agreement into a rejection, modals make it
conditional or void, a verb of saying above a violation makes it the speaker's
accusation, conjoined subjects give one act each, and a passive "it was agreed" takes
the parties of the call it follows. The same move reported twice is kept once.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from ..errors import ConfigError
from ..models import Act, Span
from . import dates
from .actors_in_text import SPECIFICITY, actor_at, actors_of, antecedent, country_of, speaker_of
from .actors_in_text import mentions as mentions_of
from .subjects import lexicon as subject_lexicon

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from .pipeline import Analysis

MODALS = {"could", "may", "might", "would", "should", "can"}
CONDITION_MARKS = {"if", "provided", "unless", "once"}
#: Types whose target is the other party of a joint move.
JOINT = ("agree", "meet")
SUBJECT_WORDS = {
    "full_ceasefire": "a full ceasefire", "energy_ceasefire": "the energy ceasefire",
    "maritime_ceasefire": "a Black Sea ceasefire", "peace_deal": "a peace deal",
    "prisoner_exchange": "a prisoner exchange", "military_aid": "military aid", "sanctions": "sanctions",
    "territory": "territory", "energy_assets": "control of power plants", "minerals": "a minerals deal",
    "talks": "talks", "other": "other terms",
}
VERBS = {"propose": "proposes", "accept": "accepts", "reject": "rejects", "agree": "agrees to",
         "halt": "halts strikes under", "demand": "demands", "accuse": "accuses", "deny": "denies",
         "meet": "holds talks", "end": "ends"}


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


@dataclass
class Lexicon:
    triggers: dict[tuple[str, str], list[Trigger]]
    object_kinds: dict[str, set[str]]
    default_subject: dict[str, str]
    codes: dict[str, dict[str, str]]
    by_subject: dict[str, dict[str, str]]
    by_trigger: dict[str, dict[str, str]]


def _read(name: str) -> Any:
    try:
        return yaml.safe_load(resources.files("truceline.extract").joinpath(f"data/{name}").read_text("utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"act data missing: {exc}") from exc


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data, codes = _read("acts.yaml"), _read("event_codes.yaml")
    triggers: dict[tuple[str, str], list[Trigger]] = {}
    for row in data["triggers"]:
        t = Trigger(lemma=row["lemma"], pos=row["pos"], type=row["type"], negated=row.get("negated"),
                    with_=tuple(row.get("with", ())), needs=tuple(row.get("needs", ())),
                    object=tuple((row.get("object") or {}).items()), owner=bool(row.get("owner")),
                    modal=row.get("modal", "keep"), reported=bool(row.get("reported")))
        triggers.setdefault((t.lemma, t.pos), []).append(t)
    return Lexicon(triggers=triggers, object_kinds={k: set(v) for k, v in data["object_kinds"].items()},
                   default_subject=data.get("default_subject", {}), codes=codes["codes"],
                   by_subject=codes.get("by_subject", {}), by_trigger=codes.get("by_trigger", {}))


@dataclass
class Candidate:
    act: Act
    trigger: Token
    specificity: int = 0
    participants: list[str] = field(default_factory=list)


def find_acts(a: Analysis) -> None:
    """Adds ``a.acts``."""
    lex = lexicon()
    found: list[Candidate] = []
    a.notes.setdefault("calls", [])  # (offset, participants, date) of calls and talks, for "it was agreed"
    for sent in a.doc.sents:
        for tok in sent:
            pos = "VERB" if tok.pos_ in ("VERB", "AUX") else "NOUN" if tok.pos_ in ("NOUN", "PROPN") else ""
            for trig in lex.triggers.get((tok.lemma_.lower(), pos), []):
                made = _read_trigger(a, tok, trig, sent, lex)
                if made:
                    found.extend(made)
                    break
    a.acts = [c.act for c in _dedupe(a, found)]
    for act in a.acts:
        a.actors.use(act.actor)
        if act.target:
            a.actors.use(act.target)


# ---------------------------------------------------------------- reading one trigger
def _read_trigger(a: Analysis, tok: Token, trig: Trigger, sent: SpacySpan, lex: Lexicon) -> list[Candidate]:
    sub = list(tok.subtree)
    words = {t.lower_ for t in sub}
    if trig.with_ and not any(t.lower_ in trig.with_ for t in sub if t.head is tok or t.head.head is tok):
        return []
    if trig.needs and not _needs(trig.needs, tok, sub):
        return []
    if _dominated(tok) or _hypothetical(tok):
        return []
    if trig.type == "end" and tok.dep_ in ("acl", "xcomp") and tok.head.pos_ in ("NOUN", "PROPN"):
        return []  # "the right to withdraw", "a threat to abandon": no event
    kind = trig.type
    conditional = False
    if _negated(tok):
        if not trig.negated:
            return []
        kind = trig.negated
    modal = _modal(tok)
    if modal or _has_condition(tok):
        rule = trig.modal
        if rule == "drop" or (rule == "demand" and not _has_condition(tok)):
            return []
        if rule == "conditional" or kind in ("accept", "agree"):
            conditional = True
        elif rule in lex.codes:
            kind = rule
            conditional = True
    for obj_kind, new_type in trig.object:
        if _object_is(tok, lex.object_kinds.get(obj_kind, set())):
            kind = new_type
    if kind == "reject" and _object_is(tok, lex.object_kinds.get("claim", set())):
        kind = "deny"

    actors, targets = _parties(a, tok, trig, kind)
    if not actors:
        return []
    subject = _subject(a, tok, sub, kind, lex)
    if subject is None:
        return []
    if kind == "meet":
        participants = list(dict.fromkeys(actors + targets))
        a.notes["calls"].append((tok.idx, participants, _date(a, tok, sent, kind)))
        if len(participants) < 2:
            return []
        actors, targets = _meet_order(a, participants)
    span = Span(sent.start_char, sent.end_char)
    date = _date(a, tok, sent, kind)
    out = []
    for actor in actors:
        others = [t for t in targets if t != actor]
        if not others and kind in JOINT:
            others = [x for x in actors if x != actor]
        target = others[0] if others else None
        act = Act(type=kind, actor=actor, target=target, subject=subject, date=date,
                  text=_describe(a, kind, actor, target, subject), evidence=span, conditional=conditional)
        _codes(act, tok, lex)
        out.append(Candidate(act, tok, SPECIFICITY.get(a.actors.get(actor).kind, 0)))
    _ = words
    return out


def _needs(needs: tuple[str, ...], tok: Token, sub: list[Token]) -> bool:
    text = " ".join(t.lower_ for t in sub)
    lemmas = {t.lemma_.lower() for t in sub}
    return any(n in lemmas or re.search(r"\b" + re.escape(n), text) for n in needs)


def _dominated(tok: Token) -> bool:
    """A trigger inside another trigger's clause ("agreed to halt", "urged Moscow to agree") is read by
    the outer one; a proposal named inside another act still counts as its own move."""
    lex = lexicon()
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "pobj") and any(
            t.reported for p in ("VERB", "NOUN") for t in lex.triggers.get((tok.head.lemma_.lower(), p), [])):
        return True  # "broke its commitment": the accusation, not an agreement
    if tok.dep_ not in ("xcomp", "ccomp", "pcomp", "acl") or tok.head is tok:
        return False
    head = tok.head
    if tok.dep_ == "pcomp":
        head = head.head
    return any((head.lemma_.lower(), p) in lex.triggers for p in ("VERB", "NOUN")) and \
        tok.lemma_.lower() not in ("propose", "suggest", "offer")


def _hypothetical(tok: Token) -> bool:
    """A trigger inside an "if"/"unless" clause states a condition, not a move."""
    t = tok
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in t.children):
            return True
        if t.dep_ not in ("conj", "xcomp") or t.head is t:
            return False
        t = t.head
    return False


def _negated(tok: Token) -> bool:
    for t in (tok, tok.head if tok.dep_ in ("xcomp",) else None):
        if t is None:
            continue
        if any(c.dep_ == "neg" or c.lower_ in ("never", "not", "n't") for c in t.children):
            return True
        if t is not tok and t.lemma_.lower() in ("fail", "refuse", "decline"):
            return True
    return False


def _modal(tok: Token) -> bool:
    heads = [tok] + ([tok.head] if tok.dep_ == "xcomp" else [])
    return any(c.dep_ == "aux" and c.lower_ in MODALS for t in heads for c in t.children)


def _has_condition(tok: Token) -> bool:
    for c in tok.children:
        if c.dep_ in ("advcl", "prep", "conj") and any(m.lower_ in CONDITION_MARKS for m in c.children):
            return True
        if c.lower_ in ("provided", "subject") and c.dep_ in ("advcl", "prep", "acomp", "advmod"):
            return True
    return False


def _object_is(tok: Token, kinds: set[str]) -> bool:
    for c in tok.children:
        if c.dep_ in ("dobj", "attr") and c.lemma_.lower() in kinds:
            return True
        if c.dep_ == "prep" and c.lower_ in ("to", "with", "on"):
            if any(p.dep_ == "pobj" and p.lemma_.lower() in kinds for p in c.children):
                return True
    return False


# ---------------------------------------------------------------- actors and targets
def _parties(a: Analysis, tok: Token, trig: Trigger, kind: str) -> tuple[list[str], list[str]]:
    if trig.reported:
        return _reported(a, tok)
    if trig.pos == "NOUN":
        return _noun_parties(a, tok, kind)
    actors: list[str] = []
    subj = _subject_token(tok)
    if subj is not None:
        if subj.dep_ == "nsubjpass" or subj.lower_ == "it" and subj.dep_ == "expl":
            agent = _child_pobj(subj.head, "agent", "by")
            actors = actors_of(a, agent) if agent is not None else []
            if not actors and kind in JOINT:
                actors = _last_call(a, tok)
        elif subj.lemma_.lower() in ("call", "talk", "conversation", "meeting", "negotiation", "discussion"):
            actors = _last_call(a, tok) or _recent_pair(a, tok)
        elif subj.lower_ in ("both", "leaders", "sides", "parties", "negotiators", "nations", "countries") or \
                subj.lemma_.lower() in ("leader", "side", "party", "negotiator", "delegation"):
            actors = actors_of(a, subj) or _last_call(a, tok) or _recent_pair(a, tok)
        else:
            actors = actors_of(a, subj)
    targets: list[str] = []
    for c in tok.children:
        if c.dep_ in ("dobj", "iobj") and kind in ("accuse", "demand", "meet", "deny"):
            targets += actors_of(a, c)
        if c.dep_ == "prep" and c.lower_ in ("with", "on", "upon", "to", "between"):
            p = _child_pobj(c, "pobj")
            if p is not None and (c.lower_ != "to" or kind in ("meet", "propose", "demand")):
                targets += actors_of(a, p) if p is not None else []
        if c.dep_ == "dative":
            targets += actors_of(a, c)
    if kind == "accuse" and subj is not None and any(t.lower_ == "other" for t in tok.subtree):
        return actors, actors  # "accused each other": each accuses the others
    if kind == "meet" and not targets and len(actors) < 2:
        targets = [p for p in _last_call(a, tok) if p not in actors]
    return actors, [t for t in targets if t not in actors] or targets


def _subject_token(tok: Token) -> Token | None:
    t = tok
    for _ in range(5):
        for c in t.children:
            if c.dep_ in ("nsubj", "nsubjpass", "expl"):
                return c
        for c in t.children:
            if c.dep_ == "agent":
                return c
        if t.dep_ in ("xcomp", "conj", "advcl", "ccomp", "pcomp", "prep", "pobj", "dobj", "acl") and t.head is not t:
            if t.dep_ == "acl" and t.head.pos_ in ("NOUN", "PROPN"):
                for c in t.head.children:
                    if c.dep_ == "poss":
                        return c
            t = t.head
            continue
        break
    return None


def _child_pobj(tok: Token, dep: str, word: str | None = None) -> Token | None:
    for c in tok.children:
        if c.dep_ == dep and (word is None or c.lower_ == word):
            if dep == "pobj":
                return c
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    return None


def _noun_parties(a: Analysis, tok: Token, kind: str) -> tuple[list[str], list[str]]:
    actors: list[str] = []
    targets: list[str] = []
    for c in tok.children:
        if c.dep_ == "poss" or (c.dep_ in ("compound", "nmod", "amod") and c.pos_ in ("PROPN", "ADJ", "NOUN")):
            actors += [x for x in actors_of(a, c) if x not in actors]
        elif c.dep_ == "prep" and c.lower_ in ("by", "from", "between"):
            p = _child_pobj(c, "pobj")
            if p is not None:
                actors += [x for x in actors_of(a, p) if x not in actors]
        elif c.dep_ == "prep" and c.lower_ in ("with", "to") and kind in ("meet", "propose", "demand"):
            p = _child_pobj(c, "pobj")
            if p is not None:
                targets += actors_of(a, p)
        elif c.dep_ == "acl" and kind == "propose":
            agent = _child_pobj(c, "agent")
            if agent is not None:
                actors += [x for x in actors_of(a, agent) if x not in actors]
    if not actors and tok.dep_ in ("dobj", "nsubjpass", "attr", "pobj"):
        verb = tok.head if tok.dep_ != "pobj" else tok.head.head
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in ("have", "hold", "make", "set", "outline",
                                                                    "put", "issue", "give", "float", "make"):
            subj = _subject_token(verb)
            if subj is not None:
                actors = actors_of(a, subj)
    plural = any(c.lower_ in ("their", "both") or c.lemma_.lower() in ("leader", "side", "delegation")
                 for c in tok.subtree if c.i < tok.i or c.dep_ == "pobj")
    if kind == "meet" and len(actors) < 2 and not targets and plural:
        actors = _last_call(a, tok) or _recent_pair(a, tok)
    if kind == "meet" and len(actors) == 1 and not targets:
        targets = [p for p in _last_call(a, tok) if p not in actors]
    return actors, targets


def _recent_pair(a: Analysis, tok: Token) -> list[str]:
    """The last two actors of different countries named before ``tok`` (for "their call", "both leaders")."""
    out: list[str] = []
    for m in reversed(mentions_of(a)):
        if m.start >= tok.idx or tok.idx - m.start > 800:
            continue
        if m.actor not in out and all(country_of(a, m.actor) != country_of(a, o) for o in out):
            out.append(m.actor)
        if len(out) == 2:
            return out[::-1]
    return []


def _reported(a: Analysis, tok: Token) -> tuple[list[str], list[str]]:
    """A violation stated by someone: the speaker accuses the violator."""
    speaker = speaker_of(a, tok)
    if speaker is None:
        return [], []
    subj = _subject_token(tok)
    target = actors_of(a, subj) if subj is not None else []
    target = [t for t in target if country_of(a, t) != country_of(a, speaker)]
    if not target and tok.pos_ in ("VERB", "AUX"):
        return [], []
    return [speaker], target


def _last_call(a: Analysis, tok: Token) -> list[str]:
    """The parties of the nearest call or talks before ``tok`` (or in its sentence)."""
    calls = [c for c in a.notes.get("calls", []) if c[0] <= tok.sent.end_char and tok.idx - c[0] < 2500]
    return list(calls[-1][1]) if calls else []


def _meet_order(a: Analysis, participants: list[str]) -> tuple[list[str], list[str]]:
    # A call is one act: the mediating side (the United States in most reporting) first, else the first named.
    first = participants[0]
    for p in participants:
        if country_of(a, p) == "USA":
            first = p
            break
    return [first], [p for p in participants if p != first and country_of(a, p) != country_of(a, first)][:1] or \
        [p for p in participants if p != first][:1]


# ---------------------------------------------------------------- subject, date, codes
def _subject(a: Analysis, tok: Token, sub: list[Token], kind: str, lex: Lexicon) -> str | None:
    if kind == "meet":
        return lex.default_subject.get("meet", "talks")
    lx = subject_lexicon()
    start = sub[0].idx
    clause = a.doc.text[start:sub[-1].idx + len(sub[-1].text)]
    sent = tok.sent
    sent_text = sent.text
    near_c, near_s = tok.idx - start, tok.idx - sent.start_char
    got = _nearest(a, clause, near_c, start, kind)
    if got == "talks" and kind not in ("propose", "agree", "reject", "accept"):
        got = None
    got = got or lx.subject(sent_text, near_s, generic=False)
    if got:
        return got
    if kind in ("accuse", "deny", "halt", "end"):
        return _document_subject(a)
    got = _nearest(a, sent_text, near_s, sent.start_char, kind)
    return None if got == "talks" and kind not in ("propose", "agree", "reject", "accept") else got


def _nearest(a: Analysis, text: str, near: int, offset: int, kind: str) -> str | None:
    """The subject a clause names: the specific phrase nearest the trigger, unless "talks" sits nearer
    ("agreed to begin talks aimed at peace"); a bare "the ceasefire" is the one the article is about."""
    hits = subject_lexicon().subject_hits(text)
    if not hits:
        return None
    dist = {h: (h.start - near if h.start >= near else near - h.end + 1000) for h in hits}
    specific = [h for h in hits if not h.generic]
    talks = [h for h in hits if h.generic and h.label == "talks"]
    best = min(specific, key=lambda h: dist[h]) if specific else None
    nearest_talk = min(talks, key=lambda h: dist[h]) if talks else None
    if nearest_talk is not None and kind in ("agree", "propose") and (best is None or dist[nearest_talk] < dist[best]):
        return "talks"
    if best is not None:
        return best.label
    generic = min((h for h in hits if h.label != "talks"), key=lambda h: dist[h], default=None)
    if generic is None:
        return "talks"
    before = text[max(0, generic.start - 12):generic.start].lower().split()
    if before and before[-1] in ("the", "this", "that", "such", "its", "existing", "current"):
        return _document_subject(a)
    return generic.label


def _document_subject(a: Analysis) -> str:
    """The ceasefire a document is about: the most named specific ceasefire subject, else full_ceasefire."""
    cached = a.notes.get("doc_subject")
    if cached:
        return str(cached)
    counts: dict[str, int] = {}
    for h in subject_lexicon().subject_hits(a.doc.text):
        if h.label in ("energy_ceasefire", "maritime_ceasefire", "full_ceasefire") and not h.generic:
            counts[h.label] = counts.get(h.label, 0) + 1
    best = max(counts, key=lambda k: counts[k]) if counts else "full_ceasefire"
    a.notes["doc_subject"] = best
    return best


def _date(a: Analysis, tok: Token, sent: SpacySpan, kind: str) -> Any:
    pub = a.document.published
    found = [m for m in dates.find_dates(sent.text, pub, sent.start_char) if m.date is not None and m.precision == 1]
    if found:
        return min(found, key=lambda m: abs(m.start - tok.idx)).date
    for s in a.statements:
        if s.evidence.start <= tok.idx < s.evidence.end and s.date:
            return s.date
    if kind in ("agree", "accept", "halt", "propose", "reject"):
        calls = [c for c in a.notes.get("calls", []) if c[0] <= sent.end_char and c[2] is not None]
        near = [c for c in calls if sent.start_char - c[0] < 600]
        if near:
            return near[-1][2]
    if tok.tag_ in ("VBZ", "VBP") or any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in tok.children):
        return a.document.published  # "has agreed", "accuses": as of the report
    return None


def _codes(act: Act, tok: Token, lex: Lexicon) -> None:
    base = lex.codes.get(act.type, {})
    act.plover = base.get("plover")
    act.cameo = lex.by_trigger.get(act.type, {}).get(tok.lemma_.lower()) or \
        lex.by_subject.get(act.type, {}).get(act.subject) or base.get("cameo")


def _describe(a: Analysis, kind: str, actor: str, target: str | None, subject: str) -> str:
    who = a.actors.get(actor).name
    whom = a.actors.get(target).name if target else None
    if kind == "meet":
        return f"{who} holds talks with {whom}" if whom else f"{who} holds talks"
    # An accusation is about breaking a commitment, not against it: "accuses the energy ceasefire" misreads.
    if kind == "accuse":
        return f"{who} accuses {whom or 'the other side'} over {SUBJECT_WORDS[subject]}"
    if kind == "deny":
        whose = f"{whom}'s" if whom else "the"
        return f"{who} denies {whose} accusations over {SUBJECT_WORDS[subject]}"
    return f"{who} {VERBS[kind]} {SUBJECT_WORDS[subject]}"


# ---------------------------------------------------------------- one move, once
def _dedupe(a: Analysis, found: list[Candidate]) -> list[Candidate]:
    kept: list[Candidate] = []
    for c in found:
        same = None
        for k in kept:
            if _same_move(a, k.act, c.act):
                same = k
                break
        if same is None:
            kept.append(c)
            continue
        if c.specificity > same.specificity:
            same.act.actor, same.act.text, same.specificity = c.act.actor, c.act.text, c.specificity
        if same.act.target is None and c.act.target:
            same.act.target = c.act.target
        if same.act.date is None and c.act.date:
            same.act.date = c.act.date
        same.act.conditional = same.act.conditional and c.act.conditional
    return kept


def _same_move(a: Analysis, x: Act, y: Act) -> bool:
    if x.type != y.type or x.subject != y.subject or country_of(a, x.actor) != country_of(a, y.actor):
        return False
    if country_of(a, x.actor) is None and x.actor != y.actor:
        return False
    if x.type in JOINT and x.target and y.target and country_of(a, x.target) != country_of(a, y.target):
        return False
    return True


__all__ = ["find_acts", "lexicon", "antecedent", "actor_at"]
