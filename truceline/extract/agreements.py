"""Agreements: one per subject proposed or agreed, with each side's version of the terms.

Built from the acts of the document (which subjects were proposed, accepted, agreed,
rejected, halted, ended) and the sentences holding them (duration, start and end,
scope). Parties are the sides bound, as country actors: a ceasefire binds the warring
sides even when a third side brokered it; a one-sided commitment (aid, sanctions relief)
binds the side that makes it.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from ..models import Act, Agreement, Condition, Span
from . import dates
from .actors_in_text import country_actor, country_of
from .agreements_status import IN_FORCE, ORDERED, agreement_status, all_consented, binds
from .agreements_terms import proposed_halt, scope_of
from .agreements_window import (
    BEGUN,
    END,
    RECKON,
    START,
    WARRING,
    starts_now,
    stated,
    versions,
)
from .exchanges import exchange_agreements
from .lexicons import load, words_rx
from .measures import in_force, measure_agreements, threatened_apart
from .mentions import mentions_in
from .subjects import CEASEFIRES, subject_of
from .talks import talks_agreement

if TYPE_CHECKING:
    from .analysis import Analysis

#: Commitments that bind two sides: agreed only once each side bound agreed (else proposed).
CONSENTED = ("full_ceasefire", "maritime_ceasefire", "peace_deal")
#: Commitments only one side makes: the side that makes them is the party.
ONE_SIDED = ("military_aid", "sanctions")
#: Acts that make a subject an agreement (proposed or agreed); demands only for ceasefires.
MAKERS = ("propose", "accept", "reject", "agree", "halt", "end")

_WORDS = load("agreements")
_UNILATERAL = re.compile(r"\bunilateral", re.IGNORECASE)


def build_agreements(a: Analysis) -> None:
    """Adds ``a.agreements``."""
    by_subject: dict[str, list[Act]] = {}
    for act in a.acts:
        if act.subject in ("talks", "other"):
            continue
        if act.subject in CEASEFIRES and _drafted(a.document.text[act.evidence.start:act.evidence.end]):
            continue
        if act.type in MAKERS or (act.subject in CEASEFIRES and act.type in ("demand", "accuse", "deny")):
            by_subject.setdefault(act.subject, []).append(act)
    out = []
    for subject, acts in by_subject.items():
        if subject not in CEASEFIRES and not any(x.type in ("propose", "accept", "agree", "reject") for x in acts):
            continue
        if not any(x.type in MAKERS for x in acts) and not _named(a, subject):
            continue  # only accusations, and the text never names such a commitment
        if subject == "peace_deal" and not _names_deal(a, acts):
            continue  # moves on "lasting peace" or "ending the war", with no deal or plan named, commit to nothing
        groups = _windows(a, subject, acts)
        for group in groups:
            others = [x.evidence for g in groups if g is not group for x in g]
            out.append(_agreement(a, subject, group, others))
    # a move on talks counts only where its sentence is about nothing narrower ("agreed to an exchange during
    # talks in Istanbul" is an exchange agreed, not an agreement to meet)
    own = {(start, end): specific for start, end, specific, _ in _sentence_subjects(a)}
    out += [made for made in (_named_ceasefire(a, [x for x in out if x.subject == "full_ceasefire"]),)
            if made is not None]
    out += _named_truces(a, {x.subject for x in out})
    out += measure_agreements(a, {x.subject for x in out})
    out += threatened_apart(a, out)
    in_force(a, out)
    out += exchange_agreements(a, [x for x in out if x.subject == "prisoner_exchange"])
    talks = talks_agreement(a, [x for x in a.acts if own.get((x.evidence.start, x.evidence.end)) in (None, "talks")])
    if talks is not None:
        out.append(talks)
    a.agreements = out


_DEAL = words_rx(_WORDS["deal_nouns"])
#: a truce as the topic of a paper to present: "its vision of a possible future ceasefire"
_DRAFTED = re.compile(r"\b(?:" + "|".join(_WORDS["drafted_nouns"]) + r")\s+(?:of|for|on|about)\s+(?:\S+\s+){0,3}?"
                      r"(?:ceasefire|cease-fire|truce)s?\b", re.IGNORECASE)


def _drafted(sentence: str) -> bool:
    """Every truce the sentence names is the topic of a paper the sides are to present ("agreed that each side
    will present its vision of a ceasefire"): a move on the paper, not on the truce."""
    named = len(_TRUCE_WORD.findall(sentence))
    return named > 0 and len(_DRAFTED.findall(sentence)) >= named


def _names_deal(a: Analysis, acts: list[Act]) -> bool:
    """A sentence of the moves names a deal, a plan or a document ("the peace plan", "a settlement", "the 28
    points"), not only peace as an aim ("lasting peace requires addressing the root causes")."""
    return any(_DEAL.search(a.document.text[x.evidence.start:x.evidence.end]) for x in acts)


_FULL = re.compile(r"\b(?:" + "|".join(_WORDS["full_ceasefire_words"]) + r")(?:\s+and\s+[\w-]+)?\s+"
                   r"(?:ceasefire|cease-fire|truce)s?\b", re.IGNORECASE)
_REFUSED = words_rx(_WORDS["refused_stems"], whole=False)
_DECLARE_STEMS = "(?:" + "|".join(_WORDS["declare_stems"]) + ")"


def _named_ceasefire(a: Analysis, made: list[Agreement]) -> Agreement | None:
    """A general ceasefire the text names with no move on it ("failed to secure the full cease-fire"):
    proposed, or rejected when its sentence says so; binding the warring sides. Nothing when the acts made
    one, or when the phrase is about a narrower truce ("a 30-day ceasefire on strikes against energy
    infrastructure"). Beside truces one side declared, a full ceasefire named not as one of them (no length of a
    few days, no declaring word right before) is a second commitment ("Putin declared an Easter truce ... Kyiv
    insists on a 30-day ceasefire")."""
    if made and not all(_declared_truce(g) for g in made):
        return None
    for sent in a.doc.sents:
        for start, end in _ceasefire_phrases(sent.text):
            # the phrase's own clause: "a 30-day ceasefire on strikes against energy facilities" is narrower
            clause = re.split(r"[,;:]", sent.text[start:end + 60])[0]
            if subject_of(clause) not in (None, "full_ceasefire"):
                continue
            if made and (_short(sent.text[start:end]) or _DECLARED_NOW.search(sent.text[:start])):
                continue  # the declared truce again: "declared a complete 30-hour ceasefire"
            parties = [p for p in (country_actor(a, iso) for iso in WARRING) if p]
            for p in parties:
                a.actors.use(p)
            # a refusal counts only where it bears on this phrase, not on the truce named before it
            before = sent.text[:start]
            own = before[max((t.end() for t in _TRUCE_WORD.finditer(before)), default=0):] + sent.text[start:end]
            refused = _REFUSED.search(own if made else sent.text)
            # a second commitment's length is read from its own phrase on, not from the declared truce's
            span = [Span(sent.start_char + (start if made else 0), sent.end_char)]
            return Agreement(subject="full_ceasefire", parties=parties, scope=[],
                             duration_days=_duration(a.document.text, span, "full_ceasefire"), start=None, end=None,
                             status="rejected" if refused else "proposed",
                             evidence=Span(sent.start_char, sent.end_char))
    return None


#: a ceasefire named as a term of a plan: "a memorandum that would include a ceasefire"
_IN_PLAN = re.compile(r"\b(?:" + "|".join(_WORDS["plan_term_nouns"]) + r")s?\b(?:\s+\S+){0,6}?\s+(?:" +
                      "|".join(w.replace(" ", r"\s+") for w in _WORDS["plan_term_words"]) +
                      r")\s+(?:\S+\s+){0,2}?(?P<truce>ceasefire|cease-fire|truce)\b", re.IGNORECASE)


def _ceasefire_phrases(text: str) -> list[tuple[int, int]]:
    """Where the text names a general ceasefire: a full one ("a complete ceasefire"), or one a plan includes
    (from its noun on, the plan being a commitment of its own)."""
    found = [(m.start(), m.end()) for m in _FULL.finditer(text)]
    return found + [(m.start("truce"), m.end()) for m in _IN_PLAN.finditer(text)]


#: a declaring word right before the phrase: "Putin declared a complete ceasefire"
_DECLARED_NOW = re.compile(r"\b" + _DECLARE_STEMS + r"\w*\s+(?:\S+\s+){0,2}$", re.IGNORECASE)
_TRUCE_WORD = re.compile(r"\b(?:ceasefire|cease-fire|truce)s?\b", re.IGNORECASE)


def _declared_truce(g: Agreement) -> bool:
    """A truce one side declared or a holiday truce of a few days: not the general ceasefire sought."""
    return len(g.parties) == 1 or (g.duration_days is not None and g.duration_days <= 3)


def _short(phrase: str) -> bool:
    """A phrase naming a truce of a few days ("a complete 72-hour ceasefire") is the declared one again."""
    days = dates.duration_days(phrase)
    return days is not None and days <= 3


_NAMED_TRUCE = {subject: words_rx(phrases) for subject, phrases in _WORDS["named_truces"].items()}
_TRUCE_NOUN = re.compile(r"\b(?:ceasefire|cease-fire|truce|moratorium|pause)s?\b", re.IGNORECASE)


def _named_truces(a: Analysis, have: set[str]) -> list[Agreement]:
    """A narrower truce (on energy, at sea) the text names with no move the acts stage read ("technical talks on
    a maritime truce", "strikes in violation of the moratorium"): one per subject, binding the warring sides;
    in force when a sentence naming it says it runs or is violated, else proposed."""
    out = []
    text = a.document.text
    for subject, phrases in _NAMED_TRUCE.items():
        if subject in have:
            continue
        naming = [Span(start, end) for start, end, specific, _ in _sentence_subjects(a)
                  if phrases.search(text[start:end]) or (specific == subject and _TRUCE_NOUN.search(text[start:end]))]
        if not naming:
            continue
        parties = [p for p in (country_actor(a, iso) for iso in WARRING) if p]
        for p in parties:
            a.actors.use(p)
        running = any(IN_FORCE.search(text[s.start:s.end]) or _VIOLATED.search(text[s.start:s.end]) for s in naming)
        out.append(Agreement(subject=subject, parties=parties, scope=scope_of(text, [], subject, naming),
                             duration_days=_duration(text, naming, subject), start=None, end=None,
                             status="in_force" if running else "proposed", evidence=naming[0]))
    return out


#: words saying a truce named is being broken, so running: "attacks in violation of the moratorium"
_VIOLATED = words_rx(_WORDS["violated_stems"], whole=False)


def _windows(a: Analysis, subject: str, acts: list[Act]) -> list[list[Act]]:
    """The acts on one subject split by the length of truce their sentences give ("a three-day truce" and
    "the 30-day ceasefire" are two commitments, CONVENTIONS.md); acts that give none join the first."""
    if subject not in CEASEFIRES:
        return [acts]
    groups: dict[int | None, list[Act]] = {}
    for x in acts:
        groups.setdefault(_duration(a.document.text, [_own_part(a.document.text, x)], subject), []).append(x)
    sized = [g for d, g in groups.items() if d is not None]
    if len(sized) < 2:
        return _declared_apart(a, acts) if subject == "full_ceasefire" else [acts]
    sized[0] = groups.get(None, []) + sized[0]
    return [sorted(g, key=lambda x: x.evidence.start) for g in sized]


#: a turn to another commitment inside a refusal's sentence: "rejected the offer, instead pushing for a 30-day pause"
_INSTEAD = words_rx(_WORDS["instead_words"])


def _own_part(text: str, act: Act) -> Span:
    """The part of the act's sentence about what it moves on: for a refusal, up to a turn to another commitment
    ("dismissed this ceasefire ... and instead called for a 30-day truce" refuses the truce named first, not the
    30-day one)."""
    span = act.evidence
    if act.type != "reject":
        return span
    m = _INSTEAD.search(text, span.start, span.end)
    return Span(span.start, m.start()) if m else span


def _declared_apart(a: Analysis, acts: list[Act]) -> list[list[Act]]:
    """A truce a side declared itself and a ceasefire the same side rejected are two commitments (Putin's
    Easter truce, and the 30-day ceasefire he refused): the moves on a proposal, in sentences without the
    halt, go apart from the halt and the rest."""
    halting = {country_of(a, x.actor) for x in acts if x.type == "halt"}
    rejecting = {country_of(a, x.actor) for x in acts if x.type == "reject"}
    if not halting & rejecting - {None}:
        return _counter_offer_apart(a, acts, halting)
    halts = {(x.evidence.start, x.evidence.end) for x in acts if x.type == "halt"}
    proposal = [x for x in acts if x.type in ("propose", "reject", "accept", "demand")
                and (x.evidence.start, x.evidence.end) not in halts]
    declared = [x for x in acts if x not in proposal]
    return [declared, proposal]


def _counter_offer_apart(a: Analysis, acts: list[Act], halting: set[str | None]) -> list[list[Act]]:
    """A truce one warring side declared and a truce of a stated length the other side put forward are two
    commitments ("Putin declared an Easter truce" ... "Kyiv proposed a 30-day ceasefire", "offered to extend it
    by 30 days"): the sentences with such a proposal, and no halt, go apart from the declared truce."""
    if len(halting) != 1 or not halting <= set(WARRING):
        return [acts]
    text = a.document.text
    halts = {(x.evidence.start, x.evidence.end) for x in acts if x.type == "halt"}
    offers = {(x.evidence.start, x.evidence.end) for x in acts if x.type == "propose"
              and country_of(a, x.actor) in set(WARRING) - halting and (x.evidence.start, x.evidence.end) not in halts
              and _duration(text, [x.evidence], "full_ceasefire") is not None}
    if not offers:
        return [acts]
    proposal = [x for x in acts if (x.evidence.start, x.evidence.end) in offers]
    return [[x for x in acts if x not in proposal], proposal]


def _named(a: Analysis, subject: str) -> bool:
    """The text names the commitment itself: a sentence about this subject that speaks of a truce, not only
    of power plants struck (accusations alone make an agreement only then)."""
    text = a.document.text
    return any((specific == subject or (subject == "full_ceasefire" and any_subject == subject)) and
               _COMMITMENT.search(text[start:end]) for start, end, specific, any_subject in _sentence_subjects(a))


_COMMITMENT = re.compile(r"\b(?:ceasefire|cease-fire|truce|moratorium|pause|halt|agreement|deal|commitment|"
                         r"ban|stop\w*|suspension|promise)\b", re.IGNORECASE)


def _agreement(a: Analysis, subject: str, acts: list[Act], others: list[Span]) -> Agreement:
    """The agreement made by ``acts``; ``others``: the sentences of the other commitments of the subject,
    whose terms are not this one's."""
    text = a.document.text
    sentences = _sentences(a, acts)
    related = sentences + _related(a, subject, sentences + others)
    if others:
        # a sentence giving another length of truce is about another of them
        own = _duration(text, sentences, subject)
        related = sentences + [s for s in related[len(sentences):] if _duration(text, [s], subject) in (None, own)]
    defining = [x for x in acts if x.type in ("agree", "accept", "halt", "propose", "reject")] or acts
    duration = _duration(text, related, subject)
    start = stated(a, related, START) or starts_now(a, related)
    end = stated(a, related, END)
    pub = a.document.published
    if start is None:
        # An acceptance dated after the report was published is a reading of a later date, not the moment a
        # window opened (an agreement or a halt may well be set to start later).
        dated = sorted(x.date for x in acts if x.type in ("agree", "accept", "halt") and x.date
                       and not (x.type == "accept" and pub is not None and x.date > pub))
        start = dated[0] if dated else None
    if subject in CEASEFIRES and (start is None or start == pub):
        # a halt is in force from the day it was ordered: "Following that Tuesday call, Putin passed down the
        # order to halt attacks" in a Wednesday report (acts told that day are dated on it)
        start = _day_said(a, related, ORDERED, on_report_day=False) or start
    if (start is None or (pub is not None and start > pub)) and subject in CEASEFIRES and \
            any(BEGUN.search(text[x.start:x.end]) for x in related):
        # "Russia has begun the truce": it opened on the day of the report, not on a later date an act was read
        # as (often the end: "has begun the truce, which will last until 11 May")
        start = pub
    if end is not None and start is not None and end < start:
        end = stated(a, related, END, after=start)  # "until midnight Sunday" after a Saturday start: the next one
    if end is None and start is not None and duration is not None:
        end = start + dt.timedelta(days=duration)
    scope = scope_of(text, [x.evidence for x in defining], subject, related)
    parties = _parties(a, subject, acts, sentences, related)
    # a refusal by a side a truce or a peace plan does not bind (an ally, a broker) leaves it standing; other
    # commitments' parties are read from the moves themselves, so any refusal counts
    rejected = [x for x in acts if x.type == "reject" and
                (binds(a, parties, x) or subject not in CEASEFIRES + ("peace_deal",))]
    status = agreement_status(a, [x for x in acts if x.type != "reject" or x in rejected], related, start, end,
                              truce=subject in CEASEFIRES)
    # a halt a side ordered binds it whatever the other side said: only a deal still short of a side's assent
    # falls back to a proposal
    ordered = any(x.type == "halt" and not proposed_halt(text, x) for x in acts)
    if status == "agreed" and subject in CONSENTED and not ordered and not all_consented(a, subject, acts, parties):
        status = "rejected" if rejected else "proposed"
    if start is None and subject in CEASEFIRES and status in ("in_force", "expired"):
        # a truce that ran opened some day: the day it was declared, else the first day a move on it is dated
        # (read after the status, which a guessed day must not change)
        start = _day_said(a, related, _DECLARED_TRUCE, on_report_day=True) or \
            min((x.date for x in acts if x.date and not (pub and x.date > pub)), default=None)
        if start is not None and end is None and duration is not None:
            end = start + dt.timedelta(days=duration)
    agreement = Agreement(subject=subject, parties=parties, scope=scope,
                          duration_days=duration, start=start, end=end, status=status,
                          evidence=defining[0].evidence)
    agreement.conditions = _conditions(a, acts)
    agreement.versions = versions(a, subject, defining)
    for p in agreement.parties:
        a.actors.use(p)
    for v in agreement.versions:
        a.actors.use(v.by)
    for c in agreement.conditions:
        a.actors.use(c.by)
    return agreement


def _day_said(a: Analysis, sentences: list[Span], said: re.Pattern[str], on_report_day: bool) -> dt.date | None:
    """The exact day the first of ``sentences`` that ``said`` matches gives, before the report's day (or on
    it, with ``on_report_day``); else nothing."""
    text, pub = a.document.text, a.document.published
    for s in sentences:
        if not said.search(text[s.start:s.end]):
            continue
        for m in dates.find_days(text[s.start:s.end], pub, s.start):
            if m.date is not None and (pub is None or m.date < pub or (on_report_day and m.date == pub)):
                return m.date
    return None


#: a truce declared: "the Russian president's declaration of a truce on Saturday", "declared a 30-hour truce"
_DECLARED_TRUCE = re.compile(r"\b" + _DECLARE_STEMS + r"\w*\s+(?:\S+\s+){0,5}?(?:ceasefire|cease-fire|truce)s?\b|"
                             r"\b(?:ceasefire|cease-fire|truce)s?\s+(?:\S+\s+){0,3}?" + _DECLARE_STEMS + r"\w*",
                             re.IGNORECASE)


def _sentences(a: Analysis, acts: list[Act]) -> list[Span]:
    seen: dict[tuple[int, int], Span] = {}
    for x in acts:
        seen.setdefault((x.evidence.start, x.evidence.end), x.evidence)
    return [seen[k] for k in sorted(seen)]


def _related(a: Analysis, subject: str, known: list[Span]) -> list[Span]:
    """Other sentences whose own subject is this one (terms are often stated apart from the acts)."""
    seen = {(s.start, s.end) for s in known}
    out = []
    for start, end, specific, any_subject in _sentence_subjects(a):
        if (start, end) in seen:
            continue
        if specific == subject or (subject == "full_ceasefire" and any_subject == subject):
            out.append(Span(start, end))
    return out


def _sentence_subjects(a: Analysis) -> list[tuple[int, int, str | None, str | None]]:
    """Each sentence's subject (specific phrases only, then generic ones too), worked out once per document:
    every agreement asks it of every sentence, and the subject lexicon is a few hundred patterns."""
    cached = a._sentence_subjects
    if cached is None:
        cached = a._sentence_subjects = [
            (sent.start_char, sent.end_char, subject_of(sent.text, generic=False), subject_of(sent.text))
            for sent in a.doc.sents]
    return cached


def _duration(text: str, sentences: list[Span], subject: str) -> int | None:
    """The first duration phrase whose nearest subject phrase is this subject."""
    for s in sentences:
        chunk = text[s.start:s.end]
        for m in re.finditer(r"\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)[\s-]+"
                             r"(?:day|week|month|hour)s?\b(?![\s-]+(?:ago|after|before|later|earlier|ahead|into|of\s+talks))",
                             chunk, re.IGNORECASE):
            if re.search(r"\b(?:within|after|in|past|last|first|next)\s*$", chunk[max(0, m.start() - 8):m.start()],
                         re.IGNORECASE):
                continue  # "within a day", "in the past 24 hours": not a term
            days = dates.duration_days(m.group(0))
            if days is None or days > 366:
                continue
            # the noun the duration modifies ("a 30-day ceasefire"), else the nearest subject phrase
            near = subject_of(chunk[m.end():m.end() + 25]) or subject_of(chunk, m.start(), generic=False) or \
                subject_of(chunk, m.start())
            if near == subject or (near is None and subject in CEASEFIRES):
                return days
    return None


def _parties(a: Analysis, subject: str, acts: list[Act], sentences: list[Span], related: list[Span]) -> list[str]:
    makers = [x for x in acts if x.type in ("agree", "propose", "accept", "halt", "demand")] or acts
    agreeing = _agreeing(a, subject, acts)
    sides: list[str | None]
    if subject in ("energy_ceasefire", "maritime_ceasefire"):
        # the sides that stop striking, whoever brokered it: "the US, Russia and Ukraine agreed to ensure safe
        # navigation in the Black Sea" binds Russia and Ukraine
        sides = list(WARRING)
    elif subject in CEASEFIRES and any(_UNILATERAL.search(a.document.text[s.start:s.end]) for s in sentences):
        sides = [country_of(a, x.actor) for x in makers if x.type == "halt"] or [country_of(a, makers[0].actor)]
    elif subject in CEASEFIRES and (declared := _declared_by(a, acts, related)):
        sides = declared  # a truce one side declared binds that side alone (CONVENTIONS.md)
    elif subject == "energy_assets":
        # taking over power plants binds the side that takes them and the side whose plants they are. Kept
        # after review by five-fold cross-validation: agreements.parties 0.665 with this case, 0.652 without
        # (three corpus reports of one story carry the difference).
        sides = [country_of(a, makers[0].actor)] + _warring_named(a, sentences)
    elif subject == "peace_deal":
        sides = _guarantors(a, makers, sentences) or list(WARRING)  # a plan binds the warring sides, whoever drafted it
    elif len([x for x in agreeing if x]) >= 2:
        sides = agreeing  # those who agreed together bind themselves
    elif subject in CEASEFIRES or subject == "prisoner_exchange":
        sides = list(WARRING)
    elif subject in ONE_SIDED:
        # the side that takes the measure, a bloc too ("the EU will impose further sanctions")
        sides = _bodies(a, [x for x in makers if x.type in ("agree", "propose")], "agree", "propose")[:1] or \
            _bodies(a, makers[:1], makers[0].type)
    else:
        sides = []
        for x in makers:
            for who in (x.actor, x.target):
                sides.append(country_of(a, who))
    out: list[str] = []
    for iso in sides:
        if not iso:
            continue
        actor = iso if a.actors.has(iso) else country_actor(a, iso)  # a bloc is its own actor, a country by ISO
        if actor and actor not in out:
            out.append(actor)
    return out


def _agreeing(a: Analysis, subject: str, acts: list[Act]) -> list[str | None]:
    """The sides of the agree acts: for a measure, a bloc among them ("EU leaders and Washington agreed on
    joint sanctions"); for other commitments the countries only (a body agreeing to a truce or a swap is mostly
    the broker or the monitor)."""
    return [s for s in _bodies(a, acts, "agree") if subject in ONE_SIDED or not (s and a.actors.has(s))]


def _bodies(a: Analysis, acts: list[Act], *types: str) -> list[str | None]:
    """The sides of the acts of ``types``, once each, in order: a country's ISO code, or the actor itself for an
    organisation of no country the registry knows (a bloc such as the EU or a coalition takes measures and makes
    deals as a side; an outlet or a press office named in passing is none)."""
    out: list[str | None] = []
    for x in acts:
        if x.type not in types:
            continue
        iso = country_of(a, x.actor)
        known = x.actor is not None and a.actors.entry(x.actor) is not None
        side = iso or (x.actor if known and a.actors.get(x.actor).kind == "organization" else None)
        if side not in out:
            out.append(side)
    return out


_GUARANTEE = re.compile(r"\bguarant(?:ee|ees|ors?|y)\b", re.IGNORECASE)


def _guarantors(a: Analysis, makers: list[Act], sentences: list[Span]) -> list[str | None]:
    """CONVENTIONS.md: security guarantees pledged to Ukraine are a commitment of the guarantors named, the
    sides outside the war that move on them; nothing when the sentences speak of no guarantee."""
    if not any(_GUARANTEE.search(a.document.text[s.start:s.end]) for s in sentences):
        return []
    return list(dict.fromkeys(c for c in (country_of(a, x.actor) for x in makers) if c not in WARRING))


def _declared_by(a: Analysis, acts: list[Act], sentences: list[Span]) -> list[str | None]:
    """The one warring side that declared or ordered a halt itself (a halt act, or a sentence naming it as the
    truce's declarer), when the other side is not said to have agreed to or accepted it (CONVENTIONS.md: a
    unilateral truce binds the side that declared it; the other side too when it joined); else nothing."""
    halting = {country_of(a, x.actor) for x in acts if x.type == "halt"}
    if any(x.type not in ("propose", "reject", "demand", "accept") for x in acts):
        # a truce named as declared: only for acts that take it as a fact (a proposal of a longer truce, or
        # its rejection, in a report about a declared one is a commitment of both sides)
        halting |= _declarers(a, sentences)
    if len(halting) != 1 or not halting <= set(WARRING):
        return []
    joined = {country_of(a, x.actor) for x in acts if x.type in ("agree", "accept")}
    return [] if joined & (set(WARRING) - halting) else list(halting)


_DECLARE = r"(?i:" + _DECLARE_STEMS + r"\w*)"
_TRUCE = (r"[\"“‘']?(?i:" + "|".join(w.replace(" ", r"\s+") for w in _WORDS["truce_nouns"]) + r")\b[\"”’']?" +
          r"(?!\s+(?i:" + "|".join(_WORDS["not_declared"]) + r"))")
#: up to three words before the noun: an article, a capitalised name ("Easter"), a length ("30-hour"), a modifier
_MODIFIERS = (r"(?:(?i:a|an|the|its|his|their)\s+)?(?:[\"“‘']?(?:[A-Z][\w’'-]*|[\w-]*\d[\w-]*|"
              r"(?i:[a-z]+-(?:hour|day|week)|" + "|".join(_WORDS["truce_modifiers"]) + r"))[\"”’']?\s+){0,3}")
#: text right after the declarer: "Putin (on Saturday) declared a 30-hour Easter truce"
_DECLARES = re.compile(r"^\s+(?:(?i:has|had|have|also|then|unilaterally|on)\s+(?:[A-Z]\w+\s+)?){0,3}" + _DECLARE +
                       r"\s+" + _MODIFIERS + _TRUCE)
#: text right after the declarer: "Putin's Easter truce", "the Russian president's declaration of a truce"
_POSSESSIVE = re.compile(r"^['’]s\s+(?:(?i:declaration|announcement)\s+of\s+)?" + _MODIFIERS + _TRUCE)
#: text right before the declarer: "the Easter ceasefire, reportedly declared by (Russian President) Putin"
#: (or after a clause on the truce: "the truce, which started at 6 PM on April 19, as ordered by Putin")
_DECLARED_BY = re.compile(_TRUCE + r"(?:,?\s+(?:(?i:which|that)\s+(?i:was|had\s+been|has\s+been)\s+)?(?:\w+\s+)?|"
                          r",[^;]{0,80}?,?\s+(?i:as)\s+)" +
                          _DECLARE + r"\s+(?:\w+\s+)?(?i:by)\s+(?:\S+\s+){0,3}$")
#: the truce named as its declarer called it: "what Moscow had termed an Easter truce" (text before and after)
_WHAT = re.compile(r"\b(?i:what)\s+(?:\S+\s+){0,3}$")
_NAMES = re.compile(r"^\s+(?:(?i:has|had|have)\s+)?(?i:" +
                    "|".join(w.replace(" ", r"\s+") for w in _WORDS["naming_verbs"]) + r")\s+" + _MODIFIERS + _TRUCE)


def _declarers(a: Analysis, sentences: list[Span]) -> set[str | None]:
    """The warring sides the sentences name as declaring a truce themselves."""
    text = a.document.text
    out: set[str | None] = set()
    for s in sentences:
        for m in mentions_in(a, s.start, s.end):
            after, before = text[m.end:min(s.end, m.end + 120)], text[max(s.start, m.start - 120):m.start]
            if _DECLARES.search(after) or _POSSESSIVE.search(after) or _DECLARED_BY.search(before) or \
                    (_WHAT.search(before) and _NAMES.search(after)):
                side = country_of(a, m.actor)
                if side in WARRING:
                    out.add(side)
    return out


#: Whose plants: a warring side's name or adjective right before the facilities ("Ukrainian power plants",
#: "Ukraine's nuclear plant").
_OWNER = {iso: re.compile(rf"\b{word}\s+(?:[\w-]+\s+){{0,3}}?(?:plants?|stations?|facilit(?:y|ies)|NPPs?|grid|"
                          r"infrastructure)\b", re.IGNORECASE)
          for iso, word in (("UKR", r"Ukrain(?:e['’]s|ian)"), ("RUS", r"Russia(?:['’]s|n)"))}


def _warring_named(a: Analysis, sentences: list[Span]) -> list[str | None]:
    """The warring sides whose facilities the sentences name as theirs."""
    text = " ".join(a.document.text[s.start:s.end] for s in sentences)
    return [iso for iso, rx in _OWNER.items() if rx.search(text)]


def _conditions(a: Analysis, acts: list[Act]) -> list[Condition]:
    out = []
    for x in acts:
        if x.conditional or x.type == "demand":
            sent = a.document.text[x.evidence.start:x.evidence.end]
            m = re.search(r"\b(?:if|provided(?: that)?|subject to|on condition that|once|unless)\b(.+?)[.;,\"”]",
                          sent, re.IGNORECASE)
            terms = m.group(0).rstrip(".;,\"”") if m else sent.strip()
            if x.type == "demand" or m:
                out.append(Condition(by=x.actor, text=terms, evidence=x.evidence))
    return out


# RECKON (now in agreements_window) stays readable here as agreements.RECKON
__all__ = ["CEASEFIRES", "CONSENTED", "MAKERS", "ONE_SIDED", "RECKON", "WARRING", "build_agreements"]
