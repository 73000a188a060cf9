"""Who makes an act and at whom: subjects, agents, possessors, the parties of the last call."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..resolve.actors import registry
from . import dates
from .actors_in_text import actors_of, countries_named, country_actor, country_of, speaker_of
from .actors_in_text import mentions as mentions_of
from .acts_clause import SETTING_PREPS
from .acts_lexicon import JOINT, Trigger
from .lexicons import load
from .mentions import mentions_in

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .analysis import Analysis


_WORDS = load("acts_words")
#: Verbs whose object, not subject, does what the infinitive below them says.
CAUSATIVE: frozenset[str] = frozenset(_WORDS["causative"])
#: A subject that is a call or talks: the parties of the last call.
TALK_NOUNS: tuple[str, ...] = tuple(_WORDS["talk_nouns"])
#: A subject naming both sides (forms, then lemmas).
BOTH_SIDES_WORDS: tuple[str, ...] = tuple(_WORDS["both_sides_words"])
BOTH_SIDES_LEMMAS: tuple[str, ...] = tuple(_WORDS["both_sides_lemmas"])
#: A subject of an accusation naming both sides unnamed, and the warring sides it stands for (ISO3).
WARRING_LEMMAS: tuple[str, ...] = tuple(_WORDS["warring_lemmas"])
WARRING_SIDES: tuple[str, ...] = tuple(_WORDS["warring_sides"])
#: Prepositions of a verb trigger whose object is the target.
TARGET_PREPS: tuple[str, ...] = tuple(_WORDS["target_preps"])
#: Prepositions of a noun trigger whose object is its actor, and its target.
NOUN_ACTOR_PREPS: tuple[str, ...] = tuple(_WORDS["noun_actor_preps"])
#: Plural pronouns standing for the sides of the last call as the subject of a joint move ("they agreed").
JOINT_PRONOUNS: frozenset[str] = frozenset(_WORDS["joint_pronouns"])
#: Further prepositions of a meeting noun whose object holds it ("a meeting of the coalition").
MEET_ACTOR_PREPS: tuple[str, ...] = tuple(_WORDS["meet_actor_preps"])
NOUN_TARGET_PREPS: tuple[str, ...] = tuple(_WORDS["noun_target_preps"])
#: Verbs whose subject owns the noun trigger they govern ("put forward a plan").
OWNER_VERBS: tuple[str, ...] = tuple(_WORDS["owner_verbs"])
#: Words before a meet noun that make it both sides' ("their call"; forms, then lemmas).
PLURAL_WORDS: tuple[str, ...] = tuple(_WORDS["plural_words"])
PLURAL_LEMMAS: tuple[str, ...] = tuple(_WORDS["plural_lemmas"])
#: Subjects of a relative clause standing for the noun it hangs off ("Putin, who rejected").
RELATIVE_PRONOUNS: frozenset[str] = frozenset(_WORDS["relative_pronouns"])
#: The only words "the sides" may carry to be the warring sides ("the two sides", not "European countries").
BARE_SIDES_WORDS: frozenset[str] = frozenset(_WORDS["bare_sides_words"])
#: Modifiers of a violation noun that make it one warned of, not one stated ("any violations would ...").
WARNED_MARKS: frozenset[str] = frozenset(_WORDS["warned_marks"])
#: Verbs telling a meeting held, whose day is the meeting's ("the talks took place on May 16").
HELD_VERBS: frozenset[str] = frozenset(_WORDS["held_verbs"])


def parties(a: Analysis, tok: Token, trig: Trigger, kind: str) -> tuple[list[str], list[str]]:
    if trig.reported or (kind == "accuse" and trig.type != "accuse"):
        return reported_parties(a, tok)  # a violation stated, or a commitment "not observed"
    if trig.pos == "NOUN":
        return noun_parties(a, tok, kind)
    actors: list[str] = []
    targets: list[str] = []
    subj = subject_token(tok)
    if subj is not None and subj.dep_ == "agent":  # "a truce declared by Putin": the agent's noun
        subj = child_pobj(subj, "pobj") or subj
    if subj is not None:
        if subj.dep_ == "nsubjpass" or subj.lower_ == "it" and subj.dep_ == "expl":
            agent = child_pobj(subj.head, "agent", "by")
            actors = actors_of(a, agent) if agent is not None else []
            if not actors and kind in JOINT:
                actors = last_call(a, tok)
            if kind == "meet" and subj.dep_ == "nsubjpass":
                # "he was met by Dmitriev": both met, the one named first leading (as in "he met Dmitriev")
                met = [x for x in phrase_actors(a, subj) if x not in actors]
                actors, targets = (met, actors) if met else (actors, targets)
        elif kind in JOINT and subj.lower_ in JOINT_PRONOUNS and len(last_call(a, tok)) >= 2:
            actors = last_call(a, tok)  # "Trump and Putin spoke ... they agreed": not the last body named
        elif subj.lemma_.lower() in TALK_NOUNS:
            actors = last_call(a, tok) or recent_pair(a, tok)
        elif subj.lower_ in BOTH_SIDES_WORDS or subj.lemma_.lower() in BOTH_SIDES_LEMMAS:
            # "the Ukrainian and Russian delegations": the sides its demonyms name, else those of the last call
            actors = phrase_actors(a, subj) or warring_sides(a, subj, kind) or warring_call(a, subj, tok) or \
                recent_pair(a, tok)
        else:
            actors = phrase_actors(a, subj)
    if subj is None and kind == "propose":  # a "US-backed plan" is the backer's proposal, no acceptance
        actors = modifier_actors(a, tok)
    if kind == "propose" and unnamed_proposer(tok):
        return [], []  # "Washington agreed to strengthen the guarantees proposed in the plan": not Washington's
    for c in tok.children:
        if c.dep_ in ("dobj", "iobj") and kind in ("accuse", "demand", "meet", "deny"):
            targets += phrase_actors(a, c)
        if c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
            p = child_pobj(c, "pobj")
            if p is not None and (c.lower_ != "to" or kind in ("meet", "propose", "demand")):
                named = phrase_actors(a, p)
                targets += named
                if kind == "agree" and c.lower_ == "with":  # "X agreed with Y that ...": both agree
                    actors += [x for x in named if x not in actors]
        if c.dep_ == "dative":
            targets += actors_of(a, c)
    if kind == "accuse" and subj is not None and any(t.lower_ == "other" for t in tok.subtree):
        return actors, actors  # "accused each other": each accuses the others
    if kind == "meet" and not targets and len(actors) < 2:
        targets = [p for p in last_call(a, tok) if p not in actors]
    return actors, [t for t in targets if t not in actors] or targets


def unnamed_proposer(tok: Token) -> bool:
    """A participle describing a noun with no "by" agent ("the guarantees proposed in the plan") names no proposer:
    the subject of the clause around the noun is someone else."""
    return tok.dep_ == "acl" and tok.tag_ == "VBN" and not any(c.dep_ == "agent" for c in tok.children)


def modifier_actors(a: Analysis, tok: Token) -> list[str]:
    """A trigger's participle modifying a noun names its actor before a hyphen ("a US-proposed truce", "the
    U.S.-proposed ceasefire"): the US proposes the truce."""
    if tok.dep_ != "amod" or tok.tag_ not in ("VBN", "JJ"):
        return []
    named = [c for c in tok.children if c.dep_ in ("npadvmod", "compound", "nmod") and c.i < tok.i]
    if named:
        return phrase_actors(a, named[0])
    return actors_of(a, tok) if "-" in tok.text else []


def warring_sides(a: Analysis, subj: Token, kind: str) -> list[str]:
    """"Both sides accused each other": the warring sides, for an accusation or denial whose subject names
    the sides without naming them."""
    if kind not in ("accuse", "deny") or subj.lemma_.lower() not in WARRING_LEMMAS:
        return []
    sides = [country_actor(a, iso) for iso in WARRING_SIDES]
    return [s for s in sides if s] if all(sides) else []


def warring_call(a: Analysis, subj: Token, tok: Token) -> list[str]:
    """"The parties agreed on an exchange" after a mediator's call ("Fidan met Rubio"): "the sides" are the warring
    sides when the last call has none of them and the report names both; else the parties of the last call.
    "The leaders", "the delegations" are those who met, whoever they are."""
    call = last_call(a, tok)
    warring = set(WARRING_SIDES)
    bare = subj.lemma_.lower() in WARRING_LEMMAS and all(c.lower_ in BARE_SIDES_WORDS for c in subj.children)
    if not bare or any(country_of(a, p) in warring for p in call):
        return call
    named = countries_named(a)
    sides = [country_actor(a, iso) for iso in WARRING_SIDES]
    if warring <= named and all(sides):
        return [s for s in sides if s]
    return call


def not_media(a: Analysis, actors: list[str]) -> list[str]:
    """An outlet reporting a move ("Bloomberg reported", "according to TASS") is no party to it."""
    return [x for x in actors if a.actors.get(x).kind != "media"]


def halting_sides(a: Analysis, tok: Token, actors: list[str]) -> list[str]:
    """Only a warring side halts its own strikes: an actor of another side ("he gave the order" read as the
    mediator last named, "Trump convinced Putin to halt") gives way to the warring side of the last call,
    or is dropped. Reports naming no warring side are left as read."""
    warring = set(WARRING_SIDES)
    if all(country_of(a, x) in warring for x in actors) or \
            not warring & countries_named(a):
        return actors
    out = [x for x in actors if country_of(a, x) in warring]
    for p in last_call(a, tok):
        if country_of(a, p) in warring and p not in out:
            out.append(p)
    return out


def subject_token(tok: Token) -> Token | None:
    t = tok
    for _ in range(8):
        subjects = [c for c in t.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
        if subjects:
            return relative_antecedent(_nearest_subject(subjects, t), t)
        for c in t.children:
            if c.dep_ == "agent":
                return c
        if t.dep_ == "xcomp" and t.head.lemma_.lower() in CAUSATIVE:
            for c in t.head.children:  # "prompting Kyiv to accuse Moscow": Kyiv accuses
                if c.dep_ == "dobj":
                    return c
        if t.dep_ in ("xcomp", "conj", "advcl", "ccomp", "pcomp", "prep", "pobj", "dobj", "acl", "acomp") and \
                t.head.i != t.i:  # "acomp": "is ready to accept"
            if t.dep_ == "acl" and t.head.pos_ in ("NOUN", "PROPN"):
                for c in t.head.children:
                    if c.dep_ == "poss":
                        return c
            t = t.head
            continue
        break
    return None


def _nearest_subject(subjects: list[Token], verb: Token) -> Token:
    """Of several subjects the parser gives one verb ("violated the truce 1,300 times within a day after both
    sides agreed": "1,300" and "sides"), the one just before it; the first when none is before it."""
    before = [c for c in subjects if c.i < verb.i]
    return before[-1] if before else subjects[0]


def relative_antecedent(subj: Token, verb: Token) -> Token:
    """"Putin, who rejected the plan": the active subject "who" of a relative clause is the noun the clause
    hangs off. A passive one ("a truce which was declared by") is left, its agent being the actor."""
    if subj.dep_ == "nsubj" and subj.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl" and \
            verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    return subj


def child_pobj(tok: Token, dep: str, word: str | None = None) -> Token | None:
    for c in tok.children:
        if c.dep_ == dep and (word is None or c.lower_ == word):
            if dep == "pobj":
                return c
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    return None


def noun_parties(a: Analysis, tok: Token, kind: str) -> tuple[list[str], list[str]]:
    actors: list[str] = demonym_actors(a, tok)
    if len(actors) < 2:  # "Russian-American talks", "Ukrainian and US negotiators": both sides, else as below
        actors = []
    targets: list[str] = []
    for c in tok.children:
        if kind == "meet" and _venue(c):
            continue
        if c.dep_ == "poss" or (c.dep_ in ("compound", "nmod", "amod") and c.pos_ in ("PROPN", "ADJ", "NOUN")):
            actors += [x for x in actors_of(a, c) if x not in actors]
        elif c.dep_ == "prep" and c.lower_ in NOUN_ACTOR_PREPS:
            p = child_pobj(c, "pobj")
            if p is not None:
                actors += [x for x in prep_actors(a, c, p) if x not in actors]
        elif c.dep_ == "prep" and c.lower_ in NOUN_TARGET_PREPS and kind in ("meet", "propose", "demand"):
            p = child_pobj(c, "pobj")
            if p is not None:
                targets += phrase_actors(a, p)
        elif c.dep_ == "acl" and kind == "propose":
            agent = child_pobj(c, "agent")
            if agent is not None:
                actors += [x for x in actors_of(a, agent) if x not in actors]
    actors = _owner_for_pronoun(a, tok, actors)
    if not actors and (tok.dep_ in ("dobj", "nsubjpass", "attr") or tok.dep_ == "pobj" and tok.head.lower_ == "of"):
        # "held a round of talks"; not "deals made during talks", whose maker is no party to them
        verb = tok.head if tok.dep_ != "pobj" else tok.head.head
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in OWNER_VERBS:
            subj = subject_token(verb)
            if subj is not None:
                actors = actors_of(a, subj)
    if kind == "meet" and not actors and not targets:
        held = holders(a, tok)
        if held:
            return held, []  # "a meeting of the coalition": the body's own meeting, not the last call's sides
    if kind == "meet" and targets:
        actors = _possessor_as_subject(a, tok, actors, targets)
    if kind == "meet" and not actors and targets:
        # "X raised it in a call with Y", "X agreed after talks with Y": X is the clause's subject
        subj = subject_token(tok)
        if subj is not None and subj.dep_ != "nsubjpass":
            actors = [x for x in _member_actors(a, subj) if x not in targets]
    if kind == "meet" and not actors and not targets:
        actors = setting_parties(a, tok)
    plural = any(c.lower_ in PLURAL_WORDS or c.lemma_.lower() in PLURAL_LEMMAS
                 for c in tok.subtree if c.i < tok.i or c.dep_ == "pobj")
    if kind == "meet" and len(actors) < 2 and not targets and plural:
        actors = last_call(a, tok) or recent_pair(a, tok)
    if kind == "meet" and len(actors) == 1 and not targets:
        targets = [p for p in last_call(a, tok) if p not in actors]
    if kind == "meet" and not actors and not targets and _dated(a, tok):
        # "the second round of talks held on June 2": dated talks naming no side are those the report told of
        # last, when two sides held them
        call = last_call(a, tok)
        actors = call if len(call) == 2 else warring_talks(a, tok) if _held_on_day(a, tok) else []
    return actors, targets


def warring_talks(a: Analysis, tok: Token) -> list[str]:
    """"Peace talks held on May 16, June 2 and July 23" in a report of the war told with no call before: the
    warring sides, when the report names both and the sentence no other country (whose talks they may be); the
    side the sentence names first leads."""
    sent = tok.sent
    warring = list(WARRING_SIDES)
    here = [country_of(a, m.actor) for m in mentions_in(a, sent.start_char, sent.end_char)]
    if any(c is not None and c not in warring for c in here):
        return []
    named = countries_named(a)
    sides = [country_actor(a, iso) for iso in warring]
    if not set(warring) <= named or not all(sides):
        return []
    first = [c for c in here if c in warring][:1]
    order = first + [c for c in warring if c not in first]
    return [s for iso in order for s in sides if s and country_of(a, s) == iso]


def _owner_for_pronoun(a: Analysis, tok: Token, actors: list[str]) -> list[str]:
    """"Russia handed over to Ukraine its memorandum", "Kyiv presented its plan": the possessive pronoun of a noun
    trigger put forward by a verb of owning is that verb's subject, not the side last named before the pronoun."""
    if tok.dep_ != "dobj" or tok.head.lemma_.lower() not in OWNER_VERBS or \
            not any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in tok.children):
        return actors
    subj = subject_token(tok.head)
    owner = phrase_actors(a, subj) if subj is not None and subj.dep_ == "nsubj" else []
    return owner or actors


def holders(a: Analysis, tok: Token) -> list[str]:
    """The actors a meeting noun's "of" phrase names as holding it ("a meeting of the coalition of the
    willing", "the summit of G7 leaders")."""
    out: list[str] = []
    for c in tok.children:
        p = child_pobj(c, "pobj") if c.dep_ == "prep" and c.lower_ in MEET_ACTOR_PREPS else None
        if p is not None:
            out += [x for x in phrase_actors(a, p) if x not in out]
    return out


def _dated(a: Analysis, tok: Token) -> bool:
    """The sentence gives a day, as for one meeting held ("the first round on May 16"), not talks at large."""
    sent = tok.sent
    return bool(dates.find_days(sent.text, a.document.published, sent.start_char))


def _member_actors(a: Analysis, subj: Token) -> list[str]:
    """The actors of a subject, or of the body it is part of ("representatives of the Russian delegation")."""
    named = phrase_actors(a, subj)
    of = child_pobj(subj, "prep", "of") if not named else None
    return phrase_actors(a, of) if of is not None else named


def _venue(c: Token) -> bool:
    """A capital before a meeting noun is where it is held ("the Berlin talks", "the Riyadh meeting"), not a
    party to it, though a capital stands for its government elsewhere ("Berlin rejected the plan")."""
    if c.dep_ != "compound" or c.pos_ != "PROPN" or "-" in c.text or list(c.children):
        return False
    entry = registry().lookup(c.text)
    return entry is not None and entry.kind == "government"


def _held_on_day(a: Analysis, tok: Token) -> bool:
    """The meeting's own words give the day it was held ("talks held on June 2", "the round of talks that took
    place on May 16"), a day not after the report: not the day of another event the sentence tells ("the new
    meeting was announced on May 28") nor a meeting planned."""
    scope = tok
    while scope.dep_ in ("pobj", "prep") and scope.head.i != scope.i:  # "the second round of talks"
        scope = scope.head
    if scope.dep_ in ("nsubj", "nsubjpass") and scope.head.lemma_.lower() in HELD_VERBS:
        scope = scope.head  # "the talks took place on May 16"
    words = list(scope.subtree)
    start = words[0].idx
    text = a.document.text[start:words[-1].idx + len(words[-1].text)]
    pub = a.document.published
    return any(m.date is not None and (pub is None or m.date <= pub) for m in dates.find_days(text, pub))


def _possessor_as_subject(a: Analysis, tok: Token, actors: list[str], targets: list[str]) -> list[str]:
    """"Trump told Zelensky of his call with Putin": "his" is the clause's subject, who tells of his own call,
    not the person last named before the pronoun (the one he tells it to)."""
    poss = next((c for c in tok.children if c.dep_ == "poss" and c.tag_ == "PRP$"), None)
    subj = subject_token(tok) if poss is not None else None
    if subj is None or subj.dep_ == "nsubjpass":
        return actors
    owner = [x for x in actors_of(a, subj) if a.actors.get(x).kind == "person" and x not in targets]
    return owner[:1] if len(owner) == 1 else actors


def setting_parties(a: Analysis, tok: Token) -> list[str]:
    """Talks named as the setting of a joint move ("Russia and Ukraine agreed ... during talks in Istanbul"):
    the sides of the clause's subject, when it names two or more."""
    if tok.dep_ != "pobj" or tok.head.lower_ not in SETTING_PREPS:
        return []
    subj = subject_token(tok)
    if subj is None or subj.dep_ == "nsubjpass":
        return []
    both = phrase_actors(a, subj)
    return both if len({country_of(a, x) for x in both} - {None}) >= 2 else []


def prep_actors(a: Analysis, prep: Token, pobj: Token) -> list[str]:
    """The actors of a preposition's object; for "between", every actor named in its phrase, in text order,
    since the parse often hangs the first of "between Putin and US President Trump" off the second."""
    by_phrase = phrase_actors(a, pobj)
    if prep.lower_ != "between":
        return by_phrase
    own = _own_words(pobj)
    named: list[str] = []
    for m in mentions_in(a, min(t.idx for t in own), max(t.idx + len(t.text) for t in own)):
        if any(t.idx <= m.start < t.idx + len(t.text) for t in own) and m.actor not in named:
            named.append(m.actor)
    return named if len(named) >= 2 and len(named) > len(by_phrase) else by_phrase


#: Dependents of a noun that are phrases of their own ("the two countries in Saudi Arabia since the clash").
_OWN_PHRASES = ("prep", "relcl", "acl", "advcl", "appos")


def _own_words(tok: Token) -> list[Token]:
    """A noun's words without the phrases hanging off it (places, times, clauses)."""
    out = [tok]
    for c in tok.children:
        # "between representatives of Ukraine and Russia": the "of" phrase names whose they are
        if c.dep_ not in _OWN_PHRASES or (c.dep_ == "prep" and c.lower_ == "of"):
            out += _own_words(c)
    return out


def recent_pair(a: Analysis, tok: Token) -> list[str]:
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


def reported_parties(a: Analysis, tok: Token) -> tuple[list[str], list[str]]:
    """A violation stated by someone: the speaker accuses the violator."""
    if warned_of(tok):
        return [], []
    speaker = speaker_of(a, tok)
    if speaker is None:
        return [], []
    by = child_pobj(tok, "prep", "by") if tok.pos_ in ("NOUN", "PROPN") else None
    subj = by or subject_token(tok)  # "violations by Russian forces": the violator, not the clause's subject
    if subj is not None and subj.dep_ == "nsubjpass":  # "was not observed by the other side"
        subj = child_pobj(subj.head, "agent", "by")
    target = actors_of(a, subj) if subj is not None else []
    target = [t for t in target if country_of(a, t) != country_of(a, speaker)]
    if not target and tok.pos_ in ("VERB", "AUX"):
        return [], []
    return [speaker], target


def warned_of(tok: Token) -> bool:
    """"Warned that any violations would be met with force": a violation that may come, not one that came."""
    return tok.pos_ in ("NOUN", "PROPN") and \
        any(c.dep_ in ("det", "amod") and c.lower_ in WARNED_MARKS for c in tok.children)


def last_call(a: Analysis, tok: Token) -> list[str]:
    """The parties of the nearest call or talks before ``tok`` (or in its sentence)."""
    calls = [c for c in a.calls if c.at <= tok.sent.end_char and tok.idx - c.at < 2500]
    return list(calls[-1].participants) if calls else []


def meet_order(a: Analysis, participants: list[str]) -> tuple[list[str], list[str]]:
    # A call or meeting is one act, its actor the participant the text names first ("X met with Y", "X and Y
    # met": X; CONVENTIONS.md). Putting the mediating side first instead, as this once did, scored acts 0.453
    # against 0.468 under five-fold cross-validation.
    first = participants[0]
    if len({country_of(a, p) for p in participants}) >= 4:
        # a summit or conference call of many leaders is one meeting, not one per pair of them
        return [first], [p for p in participants if country_of(a, p) != country_of(a, first)][:1]
    # Talks held separately with several sides ("met Russian and Ukrainian delegations") are one act per side.
    others: list[str] = []
    for p in participants:
        if p != first and country_of(a, p) != country_of(a, first) and \
                all(country_of(a, p) != country_of(a, o) for o in others):
            others.append(p)
    return [first], others or [p for p in participants if p != first][:1]


def phrase_actors(a: Analysis, tok: Token) -> list[str]:
    """The actors of a noun phrase; coordinated demonyms ("Russian and Ukrainian delegations") give one each."""
    by_demonym = demonym_actors(a, tok)
    if len(by_demonym) >= 2:
        return by_demonym
    return actors_of(a, tok) or by_demonym


def demonym_actors(a: Analysis, tok: Token) -> list[str]:
    """The governments named by a noun's demonym modifiers, hyphenated pairs included ("U.S.-Russian talks")."""
    if tok.pos_ not in ("NOUN", "PROPN"):
        return []
    reg = registry()
    out: list[str] = []
    for t in tok.subtree:
        if t.i >= tok.i or t.dep_ not in ("amod", "compound", "preconj", "nmod", "conj"):
            continue
        for word in re.split(r"-(?=[A-Z])", t.text):
            code = reg.demonym_country(word) or (reg.demonym_country(word + ".") if word.count(".") else None) or \
                (_country_code(word) if _hyphened(t) else None)
            gov = reg.government(code)
            actor = a.actors.from_entry(gov) if gov is not None else country_actor(a, code)
            if actor and actor not in out:
                out.append(actor)
    return out



def _hyphened(tok: Token) -> bool:
    """A word of a hyphenated pair of sides ("US-Russia talks", "Russia-Ukraine negotiations")."""
    doc = tok.doc
    return "-" in tok.text or (tok.i + 1 < len(doc) and doc[tok.i + 1].text == "-") or \
        (tok.i > 0 and doc[tok.i - 1].text == "-")


def _country_code(word: str) -> str | None:
    """The country a country's own name stands for ("Russia" in "US-Russia talks")."""
    entry = registry().lookup(word)
    return entry.country if entry is not None and entry.kind == "country" else None
