"""Talks announced but not yet held: the agreements to meet.

CONVENTIONS.md: a meeting planned or scheduled ("a summit planned", "talks will take place on June 2") is an
agreement of subject ``talks`` between the sides that will meet, status ``agreed``, or ``suspended`` when
it is called off; talks that were held are ``meet`` acts instead. The acts stage hands every meeting word
to :func:`note_if_planned`, which keeps the announced ones in ``Analysis.planned``; the agreements stage
makes one ``talks`` agreement of them and of the acts that propose, accept, agree or reject talks
(:func:`talks_agreement`).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Container
from typing import TYPE_CHECKING

from ..models import Act, Agreement, Span
from . import dates
from .actors_in_text import country_actor, country_of
from .acts_clause import FUTURE_AUX, SETTING_PREPS, future, negated
from .acts_lexicon import Trigger, lexicon
from .acts_roles import last_call, not_media, noun_parties, parties, phrase_actors, subject_token
from .acts_subject import act_date
from .analysis import Planned
from .lexicons import load
from .mentions import mentions_in

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from .analysis import Analysis

_WORDS = load("acts_words")
#: modifiers that put a meeting on a body's own calendar: data/talks.yaml
ROUTINE_WORDS = frozenset(load("talks")["routine_words"])
OVERTAKEN_HEADS = frozenset(load("talks")["overtaken_heads"])
PLANNED_WORDS = frozenset(_WORDS["planned_words"])
PLANNED_HEADS = frozenset(_WORDS["planned_heads"])
MEETING_NOUNS = frozenset(_WORDS["meeting_nouns"])
TALK_VERBS = frozenset(_WORDS["talk_verbs"])
_MEETING_VERBS = TALK_VERBS - frozenset(_WORDS["light_verbs"])
PLAN_NOUNS = frozenset(_WORDS["plan_nouns"])
SPECULATIVE_WORDS = frozenset(_WORDS["speculative_words"])
SPECULATIVE_HEADS = frozenset(_WORDS["speculative_heads"])
PLACE_AUX = frozenset(_WORDS["place_aux"])
PLACE_VERBS = frozenset(_WORDS["place_verbs"])
CALLED_OFF = frozenset(_WORDS["called_off"])
CALLED_OFF_PHRASES = tuple(_WORDS["called_off_phrases"])
HOLDING_VERBS = frozenset(_WORDS["holding_verbs"])
HAPPENING_VERBS = frozenset(_WORDS["happening_verbs"])
PROGRESSIVE_AUX = frozenset(_WORDS["progressive_aux"])
PROCESS_NOUNS = frozenset(_WORDS["process_nouns"])
OCCASION_WORDS = frozenset(_WORDS["occasion_words"])
EVENT_VERBS = frozenset(_WORDS["event_verbs"])
VENUE_PREPS = frozenset(_WORDS["venue_preps"])
#: entity labels that give talks an occasion of their own: a day, a place, a round
_OCCASION_ENTS = ("DATE", "TIME", "GPE", "LOC", "FAC", "ORDINAL", "EVENT")
#: act types on talks that make (or refuse) an agreement to meet, and the status each gives
_STATUS_BY_ACT = {"agree": "agreed", "accept": "agreed", "propose": "proposed", "reject": "rejected"}


#: talks as the setting of a move ("agreed ... during talks in Istanbul", "since the talks in Saudi Arabia"):
#: the move is about something else, and those talks were held
_SETTING = re.compile(r"\b(?:during|following|after|since|at|in|on|from|before)\s+(?:the\s+|their\s+|a\s+|"
                      r"(?-i:[A-Z][\w.-]*)\s+|initial\s+|recent\s+|last\s+|yesterday's\s+|phone\s+)*"
                      r"(?:talks|negotiations|meetings?|call|summit|conversation)\b", re.IGNORECASE)


def is_meeting_noun(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in MEETING_NOUNS


def planned(tok: Token) -> bool:
    """A meeting verb or noun that the text puts ahead ("will meet", "set to meet", "a planned summit",
    "talks will take place", "talks scheduled for June 2", "plans for a summit")."""
    if tok.pos_ in ("VERB", "AUX"):
        return tok.lemma_.lower() in TALK_VERBS and _ahead(tok, FUTURE_AUX)
    if tok.lemma_.lower() not in MEETING_NOUNS:
        return False
    for c in tok.children:
        if c.dep_ in ("amod", "compound", "advmod") and c.lower_ in PLANNED_WORDS:
            return True
        if c.dep_ in ("acl", "amod") and c.tag_ == "VBN" and c.lemma_.lower() in PLANNED_HEADS:
            return True  # "talks scheduled for June 2"
    up = tok.head
    if tok.dep_ == "pobj" and up.head.pos_ == "NOUN":
        owner = up.head
        if owner.lemma_.lower() in MEETING_NOUNS:
            return planned(owner)  # "the next round of talks"
        if up.lower_ == "for" and owner.lemma_.lower() in PLAN_NOUNS:
            return True  # "plans for a summit"
    if tok.dep_ in ("nsubj", "nsubjpass", "dobj") and up.lemma_.lower() in PLACE_VERBS:
        return _ahead(up, PLACE_AUX)  # "talks will take place", "would start talks"
    return False


def speculative(tok: Token) -> bool:
    """A meeting only spoken of as possible or not held: "a possible meeting", "the prospect of talks", "ready
    for a meeting", "willing to talk", "had not held talks"; or talks named as a process
    with no occasion ("negotiations between them were going fine")."""
    if tok.pos_ in ("VERB", "AUX"):
        return _speculative_verb(tok)
    if tok.pos_ not in ("NOUN", "PROPN"):
        return False
    if any(c.dep_ in ("amod", "compound") and c.lower_ in SPECULATIVE_WORDS for c in tok.children):
        return True
    up = tok.head.head if tok.dep_ == "pobj" else tok.head
    if tok.dep_ in ("pobj", "dobj") and up.lemma_.lower() in SPECULATIVE_HEADS:
        return True
    if tok.dep_ == "dobj" and up.pos_ == "VERB" and up.dep_ in ("xcomp", "acl") and \
            up.head.lemma_.lower() in SPECULATIVE_HEADS:
        return True  # "its willingness to help arrange talks": the verb between changes nothing
    return _not_held_by_verb(tok) or _process(tok)


def _process(tok: Token) -> bool:
    """Talks named as a process, not as one meeting ("said negotiations between them were going fine", "it
    undermined the peace talks between the two sides"): plural, subject or object of a verb that neither holds
    them nor says they took place, with no day, place, round or clause of their own, and no day or place on
    their verb either."""
    if tok.tag_ != "NNS" or tok.lemma_.lower() not in PROCESS_NOUNS or tok.dep_ not in ("nsubj", "dobj"):
        return False
    verb = tok.head
    if verb.lemma_.lower() in EVENT_VERBS:
        return False
    if any(c.dep_ in ("relcl", "acl", "poss") or c.lower_ in OCCASION_WORDS or
           (c.dep_ == "compound" and c.pos_ == "PROPN") for c in tok.children):
        return False  # "the talks that resumed in May", "Monday's talks", "the latest talks", "the Jeddah talks"
    # the sides ("between Russia and Ukraine") and a leader ("Washington-led") are no occasion
    own = [t for c in tok.children if c.dep_ != "amod" and not (c.dep_ == "prep" and c.lower_ in ("between", "with"))
           for t in c.subtree]
    on_verb = [t for c in verb.children if c.dep_ in ("prep", "npadvmod") for t in c.subtree]
    return not any(t.ent_type_ in _OCCASION_ENTS for t in own + on_verb)


def _not_held_by_verb(tok: Token) -> bool:
    """A call or meeting whose holding verb says it did not happen or is still ahead: "had not held any
    negotiations", "will have a conversation with", "ready to hold talks", "the call did not take place", or
    that is the setting of a move still ahead ("will lead the delegation during talks")."""
    verb, lemma = tok.head, tok.head.lemma_.lower()
    if tok.dep_ == "pobj" and verb.dep_ == "prep" and verb.head.pos_ == "VERB" and future(verb.head):
        return True  # "will lead the delegation during talks", "will sign it at the summit": the talks are ahead
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    if not ((tok.dep_ in ("dobj", "nsubjpass") and lemma in HOLDING_VERBS) or
            (tok.dep_ == "nsubj" and lemma in HAPPENING_VERBS)):
        return False
    return negated(verb) or future(verb) or _speculative_verb(verb) or _wished(verb) or _purpose_ahead(verb)


def _purpose_ahead(verb: Token) -> bool:
    """A holding verb that is the purpose of a move under way ("is sending a delegation to Istanbul to hold
    talks", "are travelling to Riyadh to have a meeting"): the meeting is still ahead."""
    if verb.dep_ != "advcl" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return False
    head = verb.head
    return head.tag_ == "VBG" and any(c.dep_ == "aux" and c.lower_ in PROGRESSIVE_AUX for c in head.children)


def _wished(verb: Token) -> bool:
    """A holding verb that is what another kind of move is about ("proposed holding a summit", "offered to hold
    talks", "insisted on holding a meeting"): the meeting is asked for, not held."""
    if verb.dep_ == "xcomp":
        head = verb.head
    elif verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.lower_ not in SETTING_PREPS:
        head = verb.head.head  # "agreed after holding talks": talks held before the move, not asked for
    else:
        return False
    moves = lexicon().triggers.get((head.lemma_.lower(), "VERB" if head.pos_ in ("VERB", "AUX") else "NOUN"), [])
    return any(t.type != "meet" for t in moves)


def _speculative_verb(tok: Token) -> bool:
    """A meeting verb only spoken of as possible: "willing to talk to", "ready to negotiate", "the possibility
    of negotiating with"."""
    if tok.dep_ == "xcomp":
        return tok.head.lemma_.lower() in SPECULATIVE_HEADS
    if tok.dep_ == "pcomp" and tok.head.dep_ == "prep":
        return tok.head.head.lemma_.lower() in SPECULATIVE_HEADS
    return False


def _ahead(verb: Token, aux: Container[str]) -> bool:
    heads = [verb] + ([verb.head] if verb.dep_ in ("xcomp", "conj") else [])
    if any(c.dep_ == "aux" and c.lower_ in aux for t in heads for c in t.children):
        return True
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() in PLANNED_HEADS


def called_off(tok: Token, sent: SpacySpan) -> bool:
    """The planned meeting is cancelled, postponed or put on hold in its own sentence."""
    if any(p in sent.text.lower() for p in CALLED_OFF_PHRASES):
        return True
    return any(t.lemma_.lower() in CALLED_OFF for t in (tok.head, tok.head.head)) or \
        any(t.lemma_.lower() in CALLED_OFF and t.pos_ == "VERB" for t in sent)


def routine(tok: Token) -> bool:
    """A meeting noun its own modifiers put on a body's calendar ("the upcoming annual summit", "an operational
    meeting with the council"): held because it always is, not because sides agreed to meet. A verb ("will hold
    an operational meeting") is read on the meeting noun it holds."""
    nouns = [c for c in tok.children if c.dep_ == "dobj" and is_meeting_noun(c)] if tok.pos_ in ("VERB", "AUX") \
        else [tok]
    return any(c.dep_ in ("amod", "compound") and c.lower_ in ROUTINE_WORDS for n in nouns for c in n.children)


def overtaken(tok: Token) -> bool:
    """The meeting hangs from a scheduling word in the past perfect ("had been due to meet", "had been scheduled to
    hold talks", "had planned to meet"): a plan told as overtaken by what came after, so called off."""
    verb = tok.head if tok.dep_ == "dobj" and tok.pos_ in ("NOUN", "PROPN") else tok
    if verb.dep_ != "xcomp" or verb.head.lemma_.lower() not in OVERTAKEN_HEADS:
        return False
    head = verb.head
    heads = [head, head.head] if head.dep_ == "acomp" else [head]  # "had been due": the tense is on "been"
    return any(c.dep_ == "aux" and c.lower_ == "had" for h in heads for c in h.children)


def note_if_planned(a: Analysis, tok: Token, sent: SpacySpan, trig: Trigger | None) -> bool:
    """Adds the meeting at ``tok`` to ``a.planned`` when it is announced, not held; says whether it is (so
    that it is not also read as talks held)."""
    if not planned(tok) or negated(tok):
        return False
    if routine(tok):
        return True  # announced, so no talks held either; but nobody agreed to it
    if tok.pos_ in ("VERB", "AUX") and trig is None:
        return False
    if trig is not None and tok.pos_ in ("VERB", "AUX"):
        actors, targets = parties(a, tok, trig, "meet")
    else:
        actors, targets = noun_parties(a, tok, "meet")
        # "the next round of talks will be held in Geneva": talks naming no side are those told of last
        actors = actors or targets or last_call(a, tok)
    participants = _subject_sides(a, tok) or not_media(a, list(dict.fromkeys(actors + targets)))
    if not participants and tok.dep_ == "xcomp":  # "the two teams are set to meet": the passive's subject
        subj = next((c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        participants = phrase_actors(a, subj) if subj is not None else []
    if not participants:
        # "the two teams are set to meet": the sides named in the sentence, when it names two or more
        named = not_media(a, list(dict.fromkeys(m.actor for m in mentions_in(a, sent.start_char, sent.end_char))))
        if len({country_of(a, x) or x for x in named}) < 2 and tok.pos_ in ("VERB", "AUX"):
            return True  # nobody to bind
        # a meeting noun put ahead ("these negotiations will begin", "the next round of talks") is announced
        # talks even when its sentence names fewer sides: the rest of the report names them
        participants = named
    # a host named only as the venue goes, unless the sides left are fewer than two ("a Ukrainian delegation
    # will hold talks in Moscow": the host is the other side)
    sides = [p for p in participants if not _only_a_venue(a, p, sent)]
    participants = sides if len(_sides(a, sides)) >= 2 else participants
    date = act_date(a, tok, sent, "meet", ahead=True)
    if date is not None and _day_of_saying(a, tok, sent, date):
        date = None
    a.planned.append(Planned(at=tok.idx, evidence=Span(sent.start_char, sent.end_char), participants=participants,
                             date=date, called_off=called_off(tok, sent) or overtaken(tok)))
    return True


def _day_of_saying(a: Analysis, tok: Token, sent: SpacySpan, date: dt.date) -> bool:
    """The meeting is told in a reported clause and the day found for it stands outside that clause: the day the
    plan was announced ("On Tuesday the minister said the two teams would meet in Oslo"), not the meeting's."""
    clauses = a.reported_at(tok.idx)
    if not clauses:
        return False
    days = [m for m in dates.find_days(sent.text, a.document.published, sent.start_char) if m.date == date]
    return bool(days) and not any(start <= m.start < end for m in days for start, end in clauses)


def _subject_sides(a: Analysis, tok: Token) -> list[str]:
    """The sides a meeting's own clause names as its subject when it names two or more ("Russia and Ukraine
    will start talks", "the Ukrainian and US teams are set to meet"): they are the ones who meet, not the
    speaker who announces it nor a leader named elsewhere in the sentence. Empty when the subject names fewer."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head if tok.dep_ == "dobj" else None
    if verb is None or verb.pos_ not in ("VERB", "AUX"):
        return []
    subj = subject_token(verb)
    if subj is None:
        return []
    named = not_media(a, list(dict.fromkeys(phrase_actors(a, subj))))
    return named if len(_sides(a, named)) >= 2 else []


def _only_a_venue(a: Analysis, actor: str, sent: SpacySpan) -> bool:
    """The actor is named in the sentence only as where the meeting is held ("talks with Russia will take place
    in Jeddah, Saudi Arabia", "set to meet in Saudi Arabia"): a host country is no side to the talks."""
    found = [m for m in mentions_in(a, sent.start_char, sent.end_char) if m.actor == actor]
    if not found:
        return False
    for m in found:
        words = a.doc.char_span(m.start, m.end, alignment_mode="expand")
        # the nearest preposition above the name, so that "in a call with Russia" keeps Russia a side
        prep = next((t for t in words.root.ancestors if t.dep_ == "prep"), None) if words is not None else None
        if prep is None or prep.lower_ not in VENUE_PREPS:
            return False
    return True


def _names_meeting(a: Analysis, span: Span) -> bool:
    """The move's sentence names a meeting ("agreed to meet", "proposed talks") outside the talks it is set in
    ("after the talks, Kyiv proposed a summit"): a move labelled talks whose sentence only speaks of an
    understanding, a pledge or a proposal, or of the talks where it was made, is about those terms."""
    words = a.doc.char_span(span.start, span.end, alignment_mode="expand")
    if words is None:
        return False
    settings = [(span.start + m.start(), span.start + m.end())
                for m in _SETTING.finditer(a.document.text[span.start:span.end])]
    return any(((t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() in MEETING_NOUNS) or
                (t.pos_ == "VERB" and t.lemma_.lower() in _MEETING_VERBS)) and
               not any(start <= t.idx < end for start, end in settings) for t in words)


def _named_parties(a: Analysis, moves: list[Act]) -> list[str]:
    """The participants a move's meeting noun names ("a summit between X and Y", "a meeting with Y")."""
    found: list[str] = []
    for x in moves:
        words = a.doc.char_span(x.evidence.start, x.evidence.end, alignment_mode="expand")
        for tok in words if words is not None else []:
            if is_meeting_noun(tok):
                actors, targets = noun_parties(a, tok, "meet")
                found += [p for p in not_media(a, actors + targets) if p not in found]
    return found


def _sides(a: Analysis, actors: list[str]) -> list[str]:
    """The countries (or the bodies without one) of ``actors``, once each, in order."""
    sides: list[str] = []
    for who in actors:
        side = country_actor(a, country_of(a, who)) if country_of(a, who) else who
        if side and side not in sides:
            sides.append(side)
    return sides


def talks_agreement(a: Analysis, acts: list[Act]) -> Agreement | None:
    """One agreement to meet from the planned meetings and the acts on talks, or None when there is neither."""
    moves = [x for x in acts if x.subject == "talks" and x.type in _STATUS_BY_ACT and _names_meeting(a, x.evidence)]
    if not a.planned and not moves:
        return None
    sides = _sides(a, [p for m in a.planned for p in m.participants] + [x.actor for x in moves] +
                   [x.target for x in moves if x.target])
    if len(sides) < 2:
        # "proposed holding a summit between Zelensky and Putin": the sides the proposed meeting names
        sides += [s for s in _sides(a, _named_parties(a, moves)) if s not in sides]
    if len(sides) < 2:
        # "the next round of talks will take place on June 2" names no sides: they are the sides of the talks
        # the report says were held
        held = [w for x in acts if x.type == "meet" and x.subject == "talks" for w in (x.actor, x.target) if w]
        sides += [s for s in _sides(a, held) if s not in sides][:2 - len(sides)]
    if len(sides) < 2:
        # "Norway proposed direct talks with Sweden in Geneva": a meeting has two sides at least, and the sentences
        # telling of it name the other; not a mere venue, nor who reports it ("..., Finland's president said")
        for span in [m.evidence for m in a.planned] + [x.evidence for x in moves]:
            words = a.doc.char_span(span.start, span.end, alignment_mode="expand")
            reporters = {s.speaker for s in a.statements if s.evidence.start < span.end and span.start < s.evidence.end}
            named = not_media(a, list(dict.fromkeys(m.actor for m in mentions_in(a, span.start, span.end))))
            named = [w for w in named if w not in reporters and country_of(a, w) and
                     (words is None or not _only_a_venue(a, w, words))]
            sides += [s for s in _sides(a, named) if s not in sides][:2 - len(sides)]
            if len(sides) >= 2:
                break
    dated = [m.date for m in a.planned if m.date]
    if a.planned:
        # a meeting called off anywhere in the report stays off: a later line recalling the plan ("plans for
        # the summit emerged after their call") does not put it back on
        status = "suspended" if any(m.called_off for m in a.planned) else "agreed"
        evidence = a.planned[0].evidence
    else:
        kinds = {x.type for x in moves}
        status = next(_STATUS_BY_ACT[k] for k in ("agree", "accept", "reject", "propose") if k in kinds)
        evidence = moves[0].evidence
    for p in sides:
        a.actors.use(p)
    return Agreement(subject="talks", parties=sides, scope=[], duration_days=None, start=dated[0] if dated else None,
                     end=None, status=status, evidence=evidence)
