"""What an act is about (its subject) and when it was made."""
from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from . import dates
from .acts_clause import condition_dependents, lemma_of
from .acts_lexicon import Lexicon
from .lexicons import load
from .subjects import CEASEFIRES, Hit, own_hits
from .subjects import lexicon as subject_lexicon

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from .analysis import Analysis

#: Verbs that press their object to act ("told Moscow to agree"): ``data/acts_words.yaml``.
PRESSING_HEADS: frozenset[str] = frozenset(load("acts_words")["pressing_heads"])
#: Words before a generic "ceasefire" that make it the one the article is about ("the ceasefire").
DETERMINERS: tuple[str, ...] = tuple(load("acts_words")["determiners"])
#: Auxiliaries of a perfect ("has agreed"): the act is dated as of the report.
PERFECT_AUX: tuple[str, ...] = tuple(load("acts_words")["perfect_aux"])
#: Moves whose day starts the agreement they make (agreements.py reads it as the start), so a day after the report
#: is kept for them ("would halt strikes starting March 25": that side's version starts then).
COMMITTING = ("agree", "accept", "halt")
#: Moves that can be about talks named in their own clause ("requested direct talks", "pressed for
#: negotiations"); an accusation or a halt "during talks" is about something else.
TALKS_IN_CLAUSE = ("propose", "agree", "reject", "accept", "end", "demand")
#: Moves about talks when talks sit nearer the trigger than a truce ("pushed for talks to end the war").
TALKS_FIRST = ("agree", "propose", "demand")
#: Moves about talks only when the talks are their object, just after the trigger ("requested direct talks"):
#: talks further on are the setting or someone else's ("urged the public not to trust ... the talks").
TALKS_AS_OBJECT = ("demand",)
OBJECT_REACH = 30
#: Words of a demand naming no subject that ask others to respond or press ("called on the UN to respond").
RESPONSE_WORDS: frozenset[str] = frozenset(load("acts_words")["response_words"])
#: What names a meeting's topic: prepositions ("a call about sanctions") and verbs ("met to discuss the plant").
TOPIC_PREPS: frozenset[str] = frozenset(load("acts_words")["topic_preps"])
TOPIC_VERBS: frozenset[str] = frozenset(load("acts_words")["topic_verbs"])
BROAD_TOPICS: frozenset[str] = frozenset(load("acts_words")["broad_topics"])
#: Dependencies of a meeting noun on the verb whose topic phrase is the meeting's ("held talks on", "talks focused on").
_TOPIC_HOSTS = ("dobj", "nsubj", "nsubjpass")


def act_subject(a: Analysis, tok: Token, sub: list[Token], kind: str, lex: Lexicon) -> str | None:
    if kind == "meet":  # talks, unless their topic is clearly narrower (ANNOTATION.md: "spoke about sanctions")
        return meet_topic(a, tok) or lex.default_subject.get("meet", "talks")
    lx = subject_lexicon()
    if tok.dep_ == "amod" and tok.pos_ in ("VERB", "ADJ"):
        sub = list(tok.head.subtree)  # "a US-proposed 30-day ceasefire": the noun it describes is what it is about
    start = sub[0].idx
    own = own_clause(tok, sub, lex)
    clause = a.document.text[start:own[-1].idx + len(own[-1].text)]
    sent = tok.sent
    sent_text = sent.text
    if kind == "demand":
        sent_text = _without_purposes(sent)
        clause = sent_text[start - sent.start_char:own[-1].idx + len(own[-1].text) - sent.start_char]
    clause = _without_inner_purposes(tok, clause, start, lex)
    near_c, near_s = tok.idx - start, tok.idx - sent.start_char
    got = nearest_subject(a, clause, near_c, start, kind)
    if got == "talks" and kind not in TALKS_IN_CLAUSE:
        got = None  # an accusation or a halt "during talks" is about something else; a summit called off is not
    sent_text = _without_other_clauses(tok, sent_text)
    got = got or lx.subject(sent_text, near_s, generic=False)
    if got:
        return got
    if kind in ("accuse", "deny") and not truce_named(a):
        return "other"  # an accusation in a report that names no truce breaks none (CONVENTIONS.md: "other")
    if kind in ("accuse", "deny", "halt", "end"):
        return document_subject(a)
    got = nearest_subject(a, sent_text, near_s, sent.start_char, kind)
    if got is None and kind == "demand" and asks_response(tok):
        return "other"  # "called on the IAEA to respond": about no truce record's subject
    if got is None and kind in ("accept", "reject"):
        return last_proposal(a, tok)  # a reply naming no subject ("welcomed the idea"): the one just put forward
    # talks named only elsewhere in the sentence are its setting ("Ukraine's proposals at the meeting"): a
    # proposal of talks names them in its own clause ("proposed a meeting of leaders")
    # an agreement on talks names them in its own clause ("agreed to meet", "agreed on a new round of talks"):
    # talks elsewhere in its sentence are those it was reached at or told of ("the sides reached an understanding,
    # calling the meeting productive")
    return None if got == "talks" and kind not in ("reject", "accept") else got


#: Conjunctions that set a clause against the one before it ("agreed to the proposal, but insisted on a lasting
#: peace"): ``data/acts_words.yaml``.
CONTRAST_CONJUNCTIONS: frozenset[str] = frozenset(load("acts_words")["contrast_conjunctions"])


def _without_other_clauses(tok: Token, text: str) -> str:
    """The sentence's text (``text``, offsets kept) with each clause set against the trigger's or against one
    above it by a "but" blanked: a move that names no subject in its own clause is not about what such a
    contrasted clause names ("we agree with the proposals, but we proceed from the need for lasting peace",
    "the plan caused controversy, but remains the most serious attempt at a peace deal"). Clauses joined by
    "and" may share the move's object or spell it out ("ready to support the deal and not hit the grid"): kept."""
    base = tok.sent.start_char
    child = None
    for head in [tok, *tok.ancestors]:
        contrast = [c.i for c in head.children if c.dep_ == "cc" and c.lower_ in CONTRAST_CONJUNCTIONS]
        for c in head.children:
            if c.dep_ == "conj" and c is not child and any(head.i < x < c.i for x in contrast):
                left, right = c.left_edge.idx - base, c.right_edge.idx + len(c.right_edge.text) - base
                text = text[:left] + " " * (right - left) + text[right:]
        child = head
    return text


def _without_inner_purposes(tok: Token, clause: str, start: int, lex: Lexicon) -> str:
    """The clause's text with each purpose infinitive of its complement blanked (offsets kept): "advocated declaring
    short ceasefires to evacuate the wounded and reclaim the bodies" asks for the ceasefires, not for what they are
    to allow. Left as they are: an infinitive off the trigger itself or off a noun (the parser may read "called on
    Kyiv to agree", "called for fighting to cease" so), and one off a verb that asks its object to act ("required
    Ukraine to cede land"), which says what is asked."""
    for t in tok.subtree:
        head = t.head
        if t.dep_ != "advcl" or tok.i in (t.i, head.i) or head.pos_ not in ("VERB", "AUX") or \
                not any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
            continue
        if lemma_of(head) in PRESSING_HEADS or \
                any(x.type == "demand" for x in lex.triggers.get((head.lemma_.lower(), "VERB"), [])):
            continue
        left = max(t.left_edge.idx - start, 0)
        right = min(t.right_edge.idx + len(t.right_edge.text) - start, len(clause))
        if left < right:
            clause = clause[:left] + " " * (right - left) + clause[right:]
    return clause


#: Nouns of a condition whose "for" phrase is what the condition is for ("Moscow's conditions for a truce").
CONDITION_NOUNS: frozenset[str] = frozenset(load("acts_words")["condition_nouns"])


def _without_purposes(sent: SpacySpan) -> str:
    """The sentence's text with the "for" phrase of each condition noun blanked (offsets kept): a demand set "as a
    condition for a ceasefire", or "its conditions for a truce", is about what is demanded (the sanctions lifted,
    the land given up), not the truce it would buy."""
    text, base = sent.text, sent.start_char
    for tok in sent:
        if tok.lemma_.lower() not in CONDITION_NOUNS or tok.pos_ not in ("NOUN", "PROPN"):
            continue
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "for":
                start, end = prep.idx - base, prep.right_edge.idx + len(prep.right_edge.text) - base
                text = text[:start] + " " * (end - start) + text[end:]
    return text


#: Dependents of a trigger after it that start another move of the same actor ("rejected a truce but agreed to
#: halt strikes on power plants"): what that move is about is not the trigger's subject.
_COORDINATION = ("conj", "cc")
#: Dependents that say what a move is about ("rejected a truce", "agreed to halt", "called for talks").
_COMPLEMENTS = ("dobj", "xcomp", "ccomp", "prep", "attr", "oprd")


def own_clause(tok: Token, sub: list[Token], lex: Lexicon | None = None) -> list[Token]:
    """The trigger's subtree up to the first coordinated clause after it (``sub`` when there is none, or when the
    trigger has no complement of its own before it: "rejected and condemned the plan" shares its object)."""
    # a condition after it ("rejected the ceasefire unless it included a halt to aid") is a demand of its own
    # (acts._condition_demands), not what the move is about
    after = [c for c in tok.children if c.dep_ in _COORDINATION and c.i > tok.i] + \
        [c for c in condition_dependents(tok) if c.i > tok.i]
    if lex is not None:
        # a participle after it that is a move of its own ("called for a truce, urging Kyiv to cede land") is
        # another move of the same actor, like a coordinated one: its object is not this move's subject
        # (the parser may hang it off the last verb of the complement: "called for fighting to cease, urging ...")
        doc = tok.doc
        after += [t for t in sub if t.i > tok.i + 1 and t.dep_ == "advcl" and t.tag_ == "VBG" and
                  doc[t.i - 1].text == "," and (t.lemma_.lower(), "VERB") in lex.triggers]
    cut = min((c.left_edge.i for c in after), default=None)
    if cut is None or not any(c.dep_ in _COMPLEMENTS and tok.i < c.i < cut for c in tok.children):
        return sub
    own = [t for t in sub if t.i < cut]
    return own or sub


#: Dependents of a trigger that are clauses of their own ("..., but warned of a response"), not its request.
_OWN_CLAUSE_OUT = ("conj", "cc", "advcl", "parataxis", "nsubj", "nsubjpass", "punct")


def asks_response(tok: Token) -> bool:
    """A demand whose own clause asks others to respond ("called on the UN to respond", "a global response")."""
    own = [t for c in tok.children if c.dep_ not in _OWN_CLAUSE_OUT for t in c.subtree]
    return any(t.lemma_.lower() in RESPONSE_WORDS for t in own)


def meet_topic(a: Analysis, tok: Token) -> str | None:
    """The one specific subject a meeting's topic names: the object of "about"/"on" ("spoke to Putin about a
    partial ceasefire", "held talks on sanctions"), or of "discuss" ("met the minister to discuss sanctions")."""
    # the phrase may hang on the verb or on its meeting noun ("held talks on X": either parse)
    heads = [tok, tok.head] if tok.dep_ in _TOPIC_HOSTS and tok.pos_ == "NOUN" else [tok]
    heads += [c for c in tok.children if c.dep_ == "dobj" and tok.pos_ == "VERB"]
    topics: list[Token] = []
    for h in heads:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in TOPIC_PREPS:
                topics += list(c.children)
            elif c.lemma_.lower() in TOPIC_VERBS and c.dep_ in ("xcomp", "advcl", "conj"):
                topics += [o for o in c.children if o.dep_ in ("dobj", "prep")]
    if tok.lemma_.lower() in TOPIC_VERBS:
        topics += [o for o in tok.children if o.dep_ == "dobj"]
    hits = [h for o in topics for h in _topic_hits(a, o)]
    # a topic of several things ("discussed a ceasefire, an exchange and a summit") is the talks themselves, and so
    # is a peace or a full truce, what all talks are about
    labels = {h.label for h in hits}
    if len(labels) != 1 or any(h.generic for h in hits) or labels & BROAD_TOPICS:
        return None
    return labels.pop()


def _topic_hits(a: Analysis, obj: Token) -> list[Hit]:
    """The subject phrases of a topic phrase that take in its head word ("possible sanctions on Moscow"), not those
    of a word further in ("important issues, especially in the energy sector")."""
    start = obj.left_edge.idx
    text = a.document.text[start:obj.right_edge.idx + len(obj.right_edge)]
    head = (obj.idx - start, obj.idx - start + len(obj))
    # the "ceasefire" of "a partial ceasefire" is that one, no topic of its own
    return own_hits([h for h in subject_lexicon().subject_hits(text) if h.start < head[1] and head[0] < h.end])


#: the words before a talks phrase that make it the move's setting ("during the", "at Monday's", "after")
_SETTING_BEFORE = re.compile(r"\b(?:during|following|after|at|since|on\s+the\s+sidelines\s+of)\s+"
                             r"(?:[\w.'’-]+\s+){0,3}$", re.IGNORECASE)  # "during their direct", "after the US-Russia"


def last_proposal(a: Analysis, tok: Token) -> str | None:
    """The subject of the nearest proposal before ``tok`` (``a.proposals``: offset, subject)."""
    near = [s for at, s in a.proposals if at < tok.idx and tok.idx - at < 1500]
    return str(near[-1]) if near else None


def nearest_subject(a: Analysis, text: str, near: int, offset: int, kind: str) -> str | None:
    """The subject a clause names: the specific phrase nearest the trigger, unless "talks" sits nearer
    ("agreed to begin talks aimed at peace"); a bare "the ceasefire" is the one the article is about."""
    # the trigger's own word is no generic subject ("called on" is no "call"; a "peace proposal" stays one)
    hits = [h for h in subject_lexicon().subject_hits(text) if not (h.generic and h.start <= near < h.end)]
    if not hits:
        return None
    dist = {h: (h.start - near if h.start >= near else near - h.end + 1000) for h in hits}
    specific = [h for h in hits if not h.generic]
    # talks as the setting of the move ("agreed to an exchange during negotiations") are not what it is about
    talks = [h for h in hits if h.generic and h.label == "talks" and not _SETTING_BEFORE.search(text[:h.start])]
    if kind in TALKS_AS_OBJECT:
        talks = [h for h in talks if 0 <= h.start - near <= OBJECT_REACH]
    best = min(specific, key=lambda h: dist[h]) if specific else None
    nearest_talk = min(talks, key=lambda h: dist[h]) if talks else None
    if nearest_talk is not None and kind in TALKS_FIRST and (best is None or dist[nearest_talk] < dist[best]):
        return "talks"
    if best is not None:
        return best.label
    generic = min((h for h in hits if h.label != "talks"), key=lambda h: dist[h], default=None)
    if generic is None:
        return "talks" if talks else None
    before = text[max(0, generic.start - 12):generic.start].lower().split()
    if before and before[-1] in DETERMINERS:
        return document_subject(a)
    return generic.label


def truce_named(a: Analysis) -> bool:
    """Does the document name a ceasefire or truce at all (a generic "ceasefire" included)?"""
    if a._truce_named is None:
        a._truce_named = any(h.label in CEASEFIRES
                             for h in subject_lexicon().subject_hits(a.document.text))
    return a._truce_named


def document_subject(a: Analysis) -> str:
    """The ceasefire a document is about: the most named ceasefire subject, a bare "ceasefire" or "truce" counting
    for the full one ("the Easter truce" named throughout outweighs two proposals on power plants)."""
    cached = a._doc_subject
    if cached:
        return str(cached)
    counts: dict[str, int] = {}
    # the "ceasefire" of "energy ceasefire" is that one, no vote of its own
    for h in own_hits(subject_lexicon().subject_hits(a.document.text)):
        if h.label in CEASEFIRES:
            counts[h.label] = counts.get(h.label, 0) + 1
    best = max(counts, key=lambda k: counts[k]) if counts else "full_ceasefire"
    a._doc_subject = best
    return best


#: Words counting the days of "a day after", "three days after" (figures count too): ``data/acts_words.yaml``.
DAY_COUNTS: dict[str, int] = dict(load("acts_words")["day_counts"])
#: Words of a span under a day after which a move is told ("hours after the call"): one day back.
HOUR_UNITS: frozenset[str] = frozenset(load("acts_words")["hour_units"])


def _days_before(tok: Token) -> tuple[int, tuple[int, int]] | None:
    """How many days before the clause around it a move is told as made ("a day after a phone call", "Friday, a day
    after a call with Putin", "three days after the delegations met"), with the span of its "after" phrase; None
    when it is not so told. Hours count as one day ("hours after Putin's call with Trump"): the news of a report
    or of a day it names (an overnight attack, a statement) came that many hours after a move of the day before,
    which is how annotators date such moves."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "after":
        after = tok.head
        scope = after
    else:
        # the move itself in the "after" clause ("after the delegations met"), or its setting there ("hours after
        # Putin agreed in talks with Trump": the talks are that agreement's)
        clause = tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" and \
            tok.head.head.pos_ in ("VERB", "AUX") else tok
        mark = next((c for c in clause.children if c.dep_ == "mark" and c.lower_ == "after"), None)
        if clause.dep_ != "advcl" or mark is None:
            return None
        after, scope = mark, clause
    unit = next((c for c in after.children if c.dep_ == "npadvmod"), None) or \
        next((c for c in scope.children if c.dep_ == "npadvmod"), None)
    if unit is None and after.head.lemma_.lower() == "day":
        unit = after.head  # "on Friday, a day after a phone call": "day" stands beside the day it counts from
    before = tok.doc[after.i - 1] if after.i > 0 else None
    if unit is None and before is not None and before.dep_ == "npadvmod" and before.lemma_.lower() in HOUR_UNITS:
        unit = before  # "continue to bombard the country hours after the call": the parser hangs "hours" on the verb
    words = list(scope.subtree)
    phrase = (min(words[0].idx, unit.idx if unit is not None else words[0].idx), words[-1].idx + len(words[-1].text))
    if unit is not None and unit.lemma_.lower() in HOUR_UNITS:
        # "hours after", "just hours after", "less than two hours after": the day before; "48 hours after": two
        number = next((c.lower_ for c in unit.children if c.dep_ == "nummod"), "")
        hours = int(number) if number.isdigit() else DAY_COUNTS.get(number, 0)
        return max(1, hours // 24), phrase
    if unit is None or unit.lemma_.lower() != "day" or any(c.dep_ in ("amod", "quantmod") for c in unit.children):
        return None  # "a few days after", "several days after": no count of days
    counted = [c for c in unit.children if c.dep_ in ("nummod", "det")]
    word = counted[0].lower_ if counted else ""
    if counted and counted[0].dep_ == "det" and unit.lower_ != "day":
        return None  # "a" counts one only before a singular "day"
    count = int(word) if word.isdigit() else DAY_COUNTS.get(word)
    if not count:
        return None
    return count, phrase


def _statement_day(a: Analysis, at: int) -> Any:
    """The day of the first dated statement whose words hold offset ``at``, or None."""
    return next((s.date for s in a.statements if s.evidence.start <= at < s.evidence.end and s.date), None)


def act_date(a: Analysis, tok: Token, sent: SpacySpan, kind: str, ahead: bool = False) -> Any:
    """The day a move was made; ``ahead`` for a meeting still to come, which has no day unless the text gives one."""
    pub = a.document.published
    found = dates.find_days(sent.text, pub, sent.start_char)
    if not ahead and pub is not None and kind not in COMMITTING:
        # a move made is made by the report's day: a later day in its sentence is another event's, the start of
        # what it proposes or demands ("proposed a truce starting on May 12")
        found = [m for m in found if m.date is None or m.date <= pub]
    before = None if ahead else _days_before(tok)
    if before is not None:
        # "a day after a phone call with Putin", "three days after the delegations met": counted back from the day
        # of the clause it is told from (its own day in the sentence, else its statement's, else the report's)
        count, phrase = before
        outside = [m for m in found if not phrase[0] <= m.start < phrase[1]]
        base = min(outside, key=lambda m: abs(m.start - tok.idx)).date if outside else \
            _statement_day(a, tok.idx) or pub
        if base is not None:
            return base - dt.timedelta(days=count)
    if found:
        return min(found, key=lambda m: abs(m.start - tok.idx)).date
    said = _statement_day(a, tok.idx)
    if said is not None:
        return said
    if kind in ("agree", "accept", "halt", "propose", "reject"):
        calls = [c for c in a.calls if c.at <= sent.end_char and c.date is not None]
        near = [c for c in calls if sent.start_char - c.at < 600]
        if near:
            return near[-1].date
    if tok.tag_ in ("VBZ", "VBP") or any(c.dep_ == "aux" and c.lower_ in PERFECT_AUX for c in tok.children):
        return None if ahead else a.document.published  # "has agreed", "accuses": as of the report
    # Any other move the report tells with no day of its own is news of the report's day (annotators date it so
    # more than twice as often as earlier); not the commitments, whose day starts an agreement and is better
    # left to the agreement's own words than guessed.
    return None if ahead or kind in COMMITTING else a.document.published

