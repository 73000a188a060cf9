"""One-sided measures, sanctions imposed and weapons given, told with or without a trigger of ANNOTATION.md.

CONVENTIONS.md: imposing sanctions or tariffs, and giving weapons, air defence or intelligence, are
commitments (subjects ``sanctions`` and ``military_aid``) that bind the side making them. Reports mostly tell
them as measures ("the US has sanctioned Rosneft", "Britain is speeding up its programme to supply missiles"),
not as moves the acts stage reads, so this module reads the sentences for them (words in
``data/agreements.yaml``, ``measures``). A call for sanctions is a demand, and lifting them is a condition:
neither is the commitment. Aid only asked for, with none given or offered, is proposed and binds the side
asked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import Act, Agreement, Span
from .actors_in_text import SPECIFICITY, country_actor, country_of
from .acts_describe import Candidate, describe, set_codes
from .acts_roles import WARRING_SIDES, child_pobj, not_media, phrase_actors, subject_token
from .acts_subject import act_date
from .lexicons import load, words_rx
from .mentions import mentions_in

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from .acts_lexicon import Lexicon
    from .analysis import Analysis

_MEASURES: dict[str, dict[str, frozenset[str]]] = {
    subject: {"further": frozenset(), "requests": frozenset()} | {key: frozenset(words) for key, words in table.items()}
    for subject, table in load("agreements")["measures"].items()}


def _measure_verb(tok: Token, words: dict[str, frozenset[str]]) -> Token | None:
    """The verb that imposes or gives the measure ``tok`` names ("imposed sanctions", "sanctions on X were
    imposed", "has sanctioned Rosneft", "supply missiles to Ukraine"), or None."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB" and lemma in words["verb_nouns"] and tok.dep_ not in ("amod", "acl"):
        return tok
    if not _names_measure(tok, words):
        return None
    up = _governor(tok)
    if up.pos_ in ("VERB", "AUX") and up.lemma_.lower() in words["verbs"]:
        return up
    # "new US sanctions targeting Russia's oil sector", "hold off on fresh sanctions": a measure named as a
    # further one is imposed or threatened whatever verb the sentence puts it under, unless it is called for
    if any(c.dep_ == "amod" and c.lower_ in words["further"] for c in tok.children) and \
            up.lemma_.lower() not in words["other"]:
        return tok
    return None


def _names_measure(tok: Token, words: dict[str, frozenset[str]]) -> bool:
    """The noun names the measure: one of its nouns, or a qualified one with its qualifier ("military aid")."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    lemma = tok.lemma_.lower()
    if lemma in words["qualified"]:
        return any(c.dep_ in ("amod", "compound") and (c.lower_ in words["qualifiers"] or c.text in
                                                       words["qualifiers"]) for c in tok.children)
    return lemma in words["nouns"] or tok.text in words["nouns"]


def _governor(tok: Token) -> Token:
    """The word the measure's phrase hangs from, past a preposition ("imposed a tariff of 25% on", "asked
    Trump for Patriot systems")."""
    if tok.dep_ == "compound":  # "Patriot systems": the phrase's head takes the verb
        tok = tok.head
    up = tok.head
    if up.dep_ == "prep" or up.pos_ == "ADP":
        up = up.head
    return up


_PLAN = re.compile(r"\b(?:" + "|".join(p.replace(" ", r"\s+") for p in load("agreements")["plan_phrases"]) + r")\b",
                   re.IGNORECASE)


def measure_agreements(a: Analysis, have: set[str]) -> list[Agreement]:
    """One agreement per measure the text reports imposed, given or threatened, and one for a peace plan it
    names, for the subjects not in ``have`` (those the acts already made)."""
    out = []
    for subject in _MEASURES:
        if subject not in have:
            made = _agreement(a, subject)
            out += [made] if made is not None else []
    if "peace_deal" not in have:
        made = plan_agreement(a)
        out += [made] if made is not None else []
    return out


def threatened_apart(a: Analysis, known: list[Agreement]) -> list[Agreement]:
    """A measure taken and a further one only threatened are two commitments ("signed an order imposing a 25%
    tariff ... threatened secondary tariffs of up to 100%"): for a subject with one agreement, the measures
    of the other kind the text reports (with a taker) give a second one."""
    out = []
    # sanctions only: aid offered beside aid given was as often one commitment as two in cross-validation
    # (military_aid: one more found, two more spurious)
    for subject in ("sanctions",):
        made = [x for x in known if x.subject == subject]
        if len(made) != 1 or made[0].status not in ("agreed", "in_force", "proposed"):
            continue
        ahead = made[0].status != "proposed"  # the kind missing: threatened beside a measure taken, or vice versa
        # a measure only named ("despite new sanctions") is too often the same one told again to be a second
        other = [(m, m.who) for m in measures(a, subject) if m.ahead == ahead and m.who is not None and not m.bare]
        if other:
            first, who = other[0]
            side = country_actor(a, country_of(a, who)) or who
            a.actors.use(side)
            sent = first.sent
            out.append(Agreement(subject=subject, parties=[side], scope=[], duration_days=None, start=None, end=None,
                                 status=_STATUS[subject][ahead], evidence=Span(sent.start_char, sent.end_char)))
    return out


_LATER = words_rx(load("agreements")["later_effect"])


def in_force(a: Analysis, known: list[Agreement]) -> None:
    """CONVENTIONS.md: sanctions imposed are in force, agreed only when adopted for a later date. A sanctions
    agreement the text reports taken (not only threatened) becomes in force unless a sentence on the measure
    says it takes effect later."""
    for made in known:
        if made.subject != "sanctions" or made.status != "agreed":
            continue
        taken = [m for m in measures(a, "sanctions") if not m.ahead]
        nouns = tuple(w.lower() for w in _MEASURES["sanctions"]["nouns"] | _MEASURES["sanctions"]["qualified"])
        later = any(_LATER.search(s.text) and any(n in s.text.lower() for n in nouns) for s in a.doc.sents)
        if taken and not later:
            made.status = "in_force"


def plan_agreement(a: Analysis) -> Agreement | None:
    """A peace plan the text names ("the 28-point plan", "Russia's memorandum"): proposed, binding Russia and
    Ukraine whoever drafted it; security guarantees bind the guarantors the sentence names instead."""
    for sent in a.doc.sents:
        if _PLAN.search(sent.text):
            parties = _guarantors(a, sent) or [p for p in (country_actor(a, "RUS"), country_actor(a, "UKR")) if p]
            for p in parties:
                a.actors.use(p)
            return Agreement(subject="peace_deal", parties=parties, scope=[], duration_days=None, start=None,
                             end=None, status="proposed", evidence=Span(sent.start_char, sent.end_char))
    return None


_GUARANTEE = re.compile(r"\bguarant(?:ee|ees|ors?|y)\b", re.IGNORECASE)
_DATELINE = re.compile(r"\s*[–—:-]")


def _guarantors(a: Analysis, sent: SpacySpan) -> list[str]:
    """CONVENTIONS.md: security guarantees pledged to Ukraine are a commitment of the guarantors, the sides
    outside the war the sentence names ("guarantees for Kyiv that should also involve Washington", "the
    Coalition of the Willing met to finalise guarantees"); nothing when it speaks of no guarantee."""
    if not _GUARANTEE.search(sent.text):
        return []
    out: list[str] = []
    for m in mentions_in(a, sent.start_char, sent.end_char):
        iso = country_of(a, m.actor)
        if iso in WARRING_SIDES or (_DATELINE.match(a.document.text, m.end) and m.start == sent.start_char):
            continue  # a warring side, or the place of a dateline ("Brussels – The meeting ...")
        actor = country_actor(a, iso) if iso else m.actor
        if actor and actor not in out:
            out.append(actor)
    return not_media(a, out)  # "..., Reuters reported": the outlet guarantees nothing


@dataclass
class Measure:
    """One sentence's report of a measure: who takes it, and whether it is only threatened or planned."""

    sent: SpacySpan
    verb: Token
    who: str | None
    ahead: bool
    #: named only ("new sanctions"), under no verb that imposes or threatens it
    bare: bool = False


def measures(a: Analysis, subject: str) -> list[Measure]:
    """The sentences that report a measure of one kind, each with its taker (the verb's subject, else the
    first actor the sentence names). Worked out once per document: the acts and the agreements ask."""
    if subject not in a._measures:
        a._measures[subject] = _measures(a, _MEASURES[subject], aid=subject == "military_aid")
    return list(a._measures[subject])


#: Words around weapons "sent" that make them an attack, not aid ("sent 48 drones into Russia", "missiles to
#: strike targets deep inside Russia", "drones continue to bombard the city"): ``data/acts_words.yaml``.
_ATTACK = frozenset(load("acts_words")["aid_attack_words"])


def _attack(verb: Token) -> bool:
    """Weapons a clause sends against a place or to strike it are fired, not given."""
    near = list(verb.subtree) + [t for c in verb.head.children if c.dep_ == "conj" for t in c.subtree]
    return any(t.lemma_.lower() in _ATTACK or t.lower_ in _ATTACK for t in near)


def _measures(a: Analysis, words: dict[str, frozenset[str]], aid: bool = False) -> list[Measure]:
    out = []
    # a lemma's stem ("supply" of "supplies", "duty" of "duties") must occur in the text for a token to have it
    stems = [w.lower().removesuffix("y") for w in words["nouns"] | words["qualified"]]
    for sent in a.doc.sents:
        low = sent.text.lower()
        if not any(w in low for w in stems):
            continue  # no measure's word in the sentence: skip reading its tokens
        for tok in sent:
            verb = _measure_verb(tok, words)
            if verb is None or any(t.lemma_.lower() in words["other"] for t in (verb, verb.head, tok.head)):
                continue
            if aid and _attack(verb):
                continue
            subj = subject_token(verb)
            passive = subj is not None and subj.dep_ == "nsubjpass"
            if passive:
                # a passive names the taker only by its agent ("imposed by the EU"); without one ("sanctions will
                # be imposed on its banks") the sentence's first actor is mostly the side the measure falls on
                agent = child_pobj(verb, "agent")
                who = phrase_actors(a, agent) if agent is not None else []
            else:
                who = (phrase_actors(a, subj) if subj is not None else []) or \
                    [m.actor for m in mentions_in(a, sent.start_char, sent.end_char)][:1]
            ahead = any(t.lower_ in words["ahead"] or t.lemma_.lower() in words["ahead"] for t in sent)
            out.append(Measure(sent, verb, who[0] if who else None, ahead, bare=verb.pos_ in ("NOUN", "PROPN")))
            break
    return out


def measure_acts(a: Analysis, lex: Lexicon) -> list[Candidate]:
    """CONVENTIONS.md: imposing sanctions or giving aid is an ``agree`` act by the side that does it; one per
    measure taken (not only threatened) whose taker is named."""
    out = []
    for subject in _MEASURES:
        for m in measures(a, subject):
            if m.ahead or m.who is None:
                continue
            act = Act(type="agree", actor=m.who, target=None, subject=subject,
                      date=act_date(a, m.verb, m.sent, "agree"), text=describe(a, "agree", m.who, None, subject),
                      evidence=Span(m.sent.start_char, m.sent.end_char))
            set_codes(act, m.verb, lex)
            out.append(Candidate(act, m.verb, SPECIFICITY.get(a.actors.get(m.who).kind, 0)))
    return out


def _agreement(a: Analysis, subject: str) -> Agreement | None:
    found = measures(a, subject)
    if not found:
        return _requested(a, subject)
    sides: list[str] = []
    for m in found:
        if m.who is not None:
            side = country_actor(a, country_of(a, m.who)) or m.who
            if side not in sides:
                sides.append(side)
    for p in sides[:1]:
        a.actors.use(p)
    ahead = all(m.ahead for m in found)
    first = found[0].sent
    return Agreement(subject=subject, parties=sides[:1], scope=[], duration_days=None, start=None, end=None,
                     status=_STATUS[subject][ahead], evidence=Span(first.start_char, first.end_char))


#: subject -> {only ahead: status}: made, a measure is ``agreed`` (as an ``agree`` act on it makes it); only
#: threatened, offered or planned, ``proposed`` (the statuses most often given in the corpus's gold)
_STATUS = {"sanctions": {False: "agreed", True: "proposed"}, "military_aid": {False: "agreed", True: "proposed"}}


def _requested(a: Analysis, subject: str) -> Agreement | None:
    """A measure only asked for ("Zelensky asked Trump for more Patriot systems", "came to appeal for
    Tomahawks"): proposed, binding the side asked. Nothing when no sentence asks for one."""
    words = _MEASURES[subject]
    for sent in a.doc.sents:
        asking = next((up for tok in sent if _names_measure(tok, words)
                       and (up := _governor(tok)).lemma_.lower() in words["requests"]), None)
        if asking is None:
            continue
        side = _asked(a, asking, sent)
        if side is not None:
            a.actors.use(side)
        return Agreement(subject=subject, parties=[side] if side else [], scope=[], duration_days=None, start=None,
                         end=None, status="proposed", evidence=Span(sent.start_char, sent.end_char))
    return None


def _asked(a: Analysis, asking: Token, sent: SpacySpan) -> str | None:
    """The side asked, as a country actor: the request's object ("asked Trump"), else the first side the
    sentence names other than the one asking."""
    subj = subject_token(asking)
    askers = {country_of(a, w) for w in (phrase_actors(a, subj) if subj is not None else [])}
    obj = next((c for c in asking.children if c.dep_ in ("dobj", "iobj")), None)
    named = phrase_actors(a, obj) if obj is not None else []
    named += [m.actor for m in mentions_in(a, sent.start_char, sent.end_char)]
    for who in named:
        iso = country_of(a, who)
        if iso is not None and iso not in askers:
            return country_actor(a, iso) or who
    return None

