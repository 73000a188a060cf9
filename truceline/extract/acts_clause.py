"""Tests on the clause around a trigger: required words, domination by an outer trigger, negation,
modals, conditions and the kind of object."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .acts_lexicon import Trigger, lexicon
from .lexicons import load

if TYPE_CHECKING:
    from spacy.tokens import Token

_WORDS = load("acts_words")
WISH: frozenset[str] = frozenset(_WORDS["wish"])
UNREAL_HEADS: frozenset[str] = frozenset(_WORDS["unreal_heads"])
MODALS: frozenset[str] = frozenset(_WORDS["modals"])
CONDITION_MARKS: frozenset[str] = frozenset(_WORDS["condition_marks"])
CONDITION_WORDS: tuple[str, ...] = tuple(_WORDS["condition_words"])
HYPOTHETICAL_MARKS: tuple[str, ...] = tuple(_WORDS["hypothetical_marks"])
NEGATIONS: tuple[str, ...] = tuple(_WORDS["negations"])
NEGATING_VERBS: tuple[str, ...] = tuple(_WORDS["negating_verbs"])
NEGATING_NOUNS: tuple[str, ...] = tuple(_WORDS["negating_nouns"])
FUTURE_AUX: tuple[str, ...] = tuple(_WORDS["future_aux"])
FUTURE_HEADS: tuple[str, ...] = tuple(_WORDS["future_heads"])
OBJECT_PREPS: tuple[str, ...] = tuple(_WORDS["object_preps"])
SETTING_PREPS: frozenset[str] = frozenset(_WORDS["setting_preps"])
FACT_AUX: frozenset[str] = frozenset(_WORDS["fact_aux"])
WANTED_MARKS: frozenset[str] = frozenset(_WORDS["wanted_marks"])
OBLIGED_AUX: frozenset[str] = frozenset(_WORDS["obliged_aux"])
OBLIGED_HEADS: frozenset[str] = frozenset(_WORDS["obliged_heads"])
#: Triggers that are a move of their own even inside another trigger's clause ("agreed to propose").
INNER_MOVES: tuple[str, ...] = tuple(load("acts")["inner_moves"])
#: Marks of a clause that leaves the move open ("whether Moscow can support", "once a deal is reached").
OPEN_MARKS: frozenset[str] = frozenset(_WORDS["open_marks"])
#: Words opening an embedded question ("wanted to know what Kyiv would accept").
QUESTION_WORDS: frozenset[str] = frozenset(_WORDS["question_words"])
#: Determiners that negate a noun trigger ("no commitment").
NOUN_NEGATIONS: frozenset[str] = frozenset(_WORDS["noun_negations"])
#: The verb opening a call to act together ("Let us agree", "Let's accept"; acts_claims reads it for the demand).
HORTATIVES: frozenset[str] = frozenset(_WORDS["hortative_words"])
#: Marks of a clause saying what a move is made on condition of ("unless it included a halt to aid"), verbs tying a
#: move to a condition ("linking it to a halt in arms supplies") and the prepositions naming it.
CONDITION_CLAUSE_MARKS: frozenset[str] = frozenset(_WORDS["condition_clause_marks"])
LINKING_VERBS: frozenset[str] = frozenset(_WORDS["linking_verbs"])
LINKING_PREPS: frozenset[str] = frozenset(_WORDS["linking_preps"])
#: Adverbs that make a negated move one still awaited ("not yet agreed").
PENDING_WORDS: frozenset[str] = frozenset(_WORDS["pending_words"])
#: Past forms the tagger leaves unlemmatised ("hoped" read as "hop"), mapped to their lemma.
LEMMA_FIXES: dict[str, str] = dict(_WORDS["lemma_fixes"])
#: Objects a "no" leaves the move standing on ("ordered no strikes": the halt itself).
FIGHTING_OBJECTS: frozenset[str] = frozenset(_WORDS["fighting_objects"])
#: Verbs of an "unless" clause that fear a failure, not ask for a condition ("unless the talks fail").
FAILING_VERBS: frozenset[str] = frozenset(_WORDS["condition_verbs_failing"])
#: Verbs in an order's clause that make it an order to fight on ("directives to resume strikes").
HALT_BLOCKERS: frozenset[str] = frozenset(_WORDS["halt_blockers"])
#: Dependents of an "unless" clause's verb that say what is asked for ("unless it included a halt to aid", "unless
#: sanctions are lifted"); its active subject is who would do it ("unless talks on a swap succeed").
_CONDITION_CONTENT = ("dobj", "pobj", "prep", "xcomp", "attr", "acomp", "nsubjpass", "ccomp", "oprd")
#: Entity labels of a time adjunct that puts a present-tense end on a schedule ("expires on Friday").
_TIME_ENTS = ("DATE", "TIME")


def fits(tok: Token, trig: Trigger, sub: list[Token]) -> bool:
    """The trigger's particle ("called on") and needed words ("halted strikes") are there; ``sub`` is ``tok``'s
    subtree. A preposition of the trigger hangs off it ("called on Kyiv"), not off its object ("called the
    attack on Kyiv")."""
    near = [t for t in sub if t.i != tok.i and (t.head.i == tok.i or t.head.head.i == tok.i and t.dep_ != "prep")]
    if trig.with_ and not any(t.lower_ in trig.with_ for t in near):
        return False
    return not trig.needs or has_needed(trig.needs, tok, _without_setting(tok, sub))


def _without_setting(tok: Token, sub: list[Token]) -> list[Token]:
    """The trigger's clause less the events it is set against ("halted operations after a drone attack", "stopped
    work following strikes"): a needed word there names another event, not what the move is about."""
    setting = {t.i for c in tok.children if _is_setting(c) for t in c.subtree}
    return [t for t in sub if t.i not in setting] if setting else sub


def _is_setting(c: Token) -> bool:
    """A dependent that is a time setting: "after the attack" (a preposition), "after drones struck" (a clause)."""
    if c.dep_ == "prep":
        return c.lower_ in SETTING_PREPS
    return c.dep_ == "advcl" and any(m.dep_ in ("mark", "prep") and m.lower_ in SETTING_PREPS for m in c.children)


def has_needed(needs: tuple[str, ...], tok: Token, sub: list[Token]) -> bool:
    text = " ".join(t.lower_ for t in sub)
    lemmas = {t.lemma_.lower() for t in sub}
    if tok.dep_ in ("acl", "relcl"):
        lemmas.add(tok.head.lemma_.lower())  # "the truce declared by Putin": the noun it describes
    return any(n in lemmas or re.search(r"\b" + re.escape(n), text) for n in needs)


def dominated(tok: Token) -> bool:
    """A trigger inside another trigger's clause ("agreed to halt", "urged Moscow to agree") is read by
    the outer one; a proposal named inside another act still counts as its own move."""
    lex = lexicon()
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "pobj"):
        # "broke its commitment", "in violation of the agreement": the accusation, not an agreement
        heads = [tok.head] + ([tok.head.head] if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else [])
        if any(t.reported for h in heads for p in ("VERB", "NOUN")
               for t in lex.triggers.get((h.lemma_.lower(), p), [])):
            return True
    lemma = tok.lemma_.lower()
    tok = first_conjunct(tok)  # "demanded that Kyiv withdraw and agree to ...": both verbs are what is demanded
    if (tok.dep_ not in ("xcomp", "ccomp", "pcomp", "acl") and not _infinitive_clause(tok)) or tok.head.i == tok.i:
        return False
    head = _clause_head(tok)
    if head is None:
        return False  # "agreed after speaking to Trump": the call is an event of its own, before the move
    # "accused Russia of pretending to honor the truce", "agreed to try to halt": a verb that is no trigger,
    # itself the complement of one, passes its own complement up to that trigger (a few levels at most)
    for _ in range(_CLIMB):
        if _fitting_trigger(head) or head.pos_ != "VERB" or head.dep_ not in ("xcomp", "pcomp") or \
                any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
            break
        above = _clause_head(head)
        if above is None:
            break
        head = above
    return _fitting_trigger(head) and lemma not in INNER_MOVES


#: How many verbs that are no triggers a complement climbs through to the trigger above it.
_CLIMB = 3


def _clause_head(tok: Token) -> Token | None:
    """The word whose complement the clause ``tok`` is: its head, or past the preposition of a "pcomp"
    ("accused Kyiv of striking"); None for a preposition setting the scene ("after speaking to")."""
    head = tok.head
    if tok.dep_ == "pcomp":
        if head.lower_ in SETTING_PREPS:
            return None
        head = head.head
    return head


def _infinitive_clause(tok: Token) -> bool:
    """An infinitive the parser hangs as an adverbial clause ("called on Moscow to agree"): the outer verb's
    complement all the same."""
    if tok.dep_ != "advcl" or tok.tag_ != "VB":
        return False
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return True
    # a bare infinitive listed after the outer verb's own infinitive ("promised to reopen the border crossings,
    # release the detained fishermen and ..."), hung as a clause of its own: one more item of that complement
    return not any(c.dep_ in ("nsubj", "nsubjpass", "mark", "aux") for c in tok.children) and \
        any(c.dep_ == "xcomp" and c.i < tok.i for c in tok.head.children)


def _fitting_trigger(head: Token) -> bool:
    """Is ``head`` a trigger whose needed words are there? "The meeting ended with both sides agreeing" has no
    end of a truce above the agreement, only a word that could be one."""
    sub = list(head.subtree)
    pos = "VERB" if head.pos_ in ("VERB", "AUX") else "NOUN"
    own = lexicon().triggers.get((head.lemma_.lower(), pos), [])
    if not own:  # a noun trigger tagged otherwise, or the other part of speech: as before, any trigger rules
        return any((head.lemma_.lower(), p) in lexicon().triggers for p in ("VERB", "NOUN"))
    return any(fits(head, t, sub) for t in own)


def lemma_of(tok: Token) -> str:
    """The token's lemma, lower-cased, with the tagger's known slips on past forms mended ("hoped" -> "hope")."""
    return LEMMA_FIXES.get(tok.lower_) or tok.lemma_.lower()


def first_conjunct(tok: Token) -> Token:
    """The first of the verbs a trigger is coordinated with ("urged Moscow to halt strikes and agree"): the
    coordinated verbs share its place in the clause above."""
    while tok.dep_ == "conj" and tok.pos_ in ("VERB", "AUX") and tok.head.i != tok.i:
        tok = tok.head
    return tok


def hypothetical(tok: Token) -> bool:
    """A trigger inside an "if"/"unless" clause states a condition, not a move; one under "hoped that",
    "expects that" is someone's wish for it; one a side "must" or "has to" make is asked of it, not made."""
    if tok.dep_ in ("ccomp", "acl") and lemma_of(tok.head) in WISH:
        return True
    if obliged(tok):
        return True
    if tok.dep_ in ("xcomp", "acl", "relcl") and tok.tag_ == "VB" and \
            lemma_of(tok.head) in UNREAL_HEADS:
        return True  # "pressure Moscow to agree", "a deadline to accept": wanted, not done
    if tok.tag_ == "VB" and any(c.dep_ == "mark" and c.lower_ in WANTED_MARKS for c in tok.children) and \
            any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return True  # "a deadline for Russia to agree", "time for Kyiv to accept": wanted of that side
    if called_for(tok) or end_ahead(tok) or asked_about(tok):
        return True
    t = tok
    for _ in range(3):
        if any(c.dep_ == "mark" and (c.lower_ in HYPOTHETICAL_MARKS or c.lower_ in OPEN_MARKS) for c in t.children):
            return True
        if t.dep_ not in ("conj", "xcomp") or t.head.i == t.i:
            return False
        t = t.head
    return False


def asked_about(tok: Token) -> bool:
    """A trigger heading an embedded question ("wanted to know what resources Trump would commit", "asked how
    Moscow would halt the strikes"): what is asked is no move made. The question word is one of its own
    dependents before it, or the determiner of one ("what resources")."""
    if tok.dep_ != "ccomp":
        return False
    for c in tok.children:
        if c.i > tok.i:
            break
        if c.lower_ in QUESTION_WORDS or any(d.dep_ == "det" and d.lower_ in QUESTION_WORDS for d in c.children):
            return True
    return False


def called_for(tok: Token) -> bool:
    """"Let us agree on a ceasefire", "Let's accept the deal", "Let Moscow and Kyiv agree": a call to make the move
    (acts_claims.hortatives reads it as the speaker's demand), not the move made. The "let" is an imperative: no
    subject or auxiliary of its own ("Putin let the truce expire" tells what happened)."""
    t = first_conjunct(tok)
    if any(c.dep_ == "nsubj" and c.lower_ in HORTATIVES for c in t.children):
        return True  # "Lets accept the deal": the parser takes the misspelt "Lets" for the subject
    head = t.head
    return t.dep_ in ("ccomp", "xcomp") and head.i != t.i and head.lower_ in HORTATIVES and head.tag_ == "VB" and \
        not any(c.dep_ in ("nsubj", "aux") for c in head.children)


def end_ahead(tok: Token) -> bool:
    """An end still ahead is not made: "the truce will expire on Friday", "the moratorium expires on Wednesday" (a
    present tense with a day or hour is a schedule). Only for words that are nothing but an end; "will withdraw
    ... if" stays the demand the trigger's modal rule makes of it."""
    own = lexicon().triggers.get((tok.lemma_.lower(), "VERB"), [])
    if tok.pos_ not in ("VERB", "AUX") or not own or any(t.type != "end" for t in own) or has_condition(tok):
        return False
    return future(tok) or _scheduled(tok)


def _scheduled(tok: Token) -> bool:
    """A present-tense verb with no auxiliary and a day or hour of its own ("expires on Wednesday", "ends at
    midnight")."""
    if tok.tag_ not in ("VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") for c in tok.children):
        return False
    times = [t for c in tok.children if c.dep_ in ("prep", "npadvmod", "tmod") for t in c.subtree]
    return any(t.ent_type_ in _TIME_ENTS for t in times)


def obliged(tok: Token) -> bool:
    """"Ukrainian troops must withdraw", "he's going to have to accept": a move the side is told it owes."""
    if any(c.dep_ == "aux" and c.lower_ in OBLIGED_AUX for c in tok.children):
        return True
    return tok.dep_ == "xcomp" and tok.head.lemma_.lower() in OBLIGED_HEADS and \
        any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def negated(tok: Token) -> bool:
    for t in (tok, tok.head if tok.dep_ in ("xcomp",) else None):
        if t is None:
            continue
        if any(c.dep_ == "neg" or c.lower_ in NEGATIONS for c in t.children):
            return True
        if t.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "det" and c.lower_ in NOUN_NEGATIONS for c in t.children):
            return True  # "made no commitment", "no agreement was reached"
        if t is tok and t.pos_ in ("VERB", "AUX") and any(
                c.dep_ == "dobj" and c.lemma_.lower() not in FIGHTING_OBJECTS and
                any(d.dep_ == "det" and d.lower_ in NOUN_NEGATIONS for d in c.children)
                for c in t.children):
            # "offered no specifics", "reached no deal": the move's object negated, no move made; "ordered no
            # strikes" is the halt itself
            return True
        if t is not tok and t.lemma_.lower() in NEGATING_VERBS:
            return True
    if tok.dep_ in ("acl", "xcomp") and tok.head.lemma_.lower() in NEGATING_NOUNS:
        return True  # "its failure to honour the truce"
    return False


def pending(tok: Token) -> bool:
    """A negated move still awaited ("has not yet agreed", "did not yet respond"): no move either way."""
    return any(c.dep_ == "advmod" and c.lower_ in PENDING_WORDS for c in tok.children)


def has_modal(tok: Token) -> bool:
    heads = [tok] + ([tok.head] if tok.dep_ == "xcomp" else [])
    return any(c.dep_ == "aux" and c.lower_ in MODALS for t in heads for c in t.children)


def future(tok: Token) -> bool:
    """"will speak", "is to meet", "is going to hold": announced, not yet done."""
    heads = [tok] + ([tok.head] if tok.dep_ in ("xcomp", "conj") else [])
    if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for t in heads for c in t.children):
        return True
    return tok.dep_ == "xcomp" and tok.head.lemma_.lower() in FUTURE_HEADS


def has_condition(tok: Token) -> bool:
    for c in tok.children:
        if c.dep_ in ("advcl", "prep", "conj") and any(m.lower_ in CONDITION_MARKS for m in c.children):
            return True
        if c.lower_ in CONDITION_WORDS and c.dep_ in ("advcl", "prep", "acomp", "advmod"):
            return True
    return False


def object_is(tok: Token, kinds: set[str]) -> bool:
    for c in tok.children:
        if c.dep_ in ("dobj", "attr") and _of_kind(c, kinds):
            return True
        if c.dep_ == "prep" and c.lower_ in OBJECT_PREPS:
            if any(p.dep_ == "pobj" and _of_kind(p, kinds) for p in c.children):
                return True
    return False


def _of_kind(obj: Token, kinds: set[str]) -> bool:
    """An object is of a kind by its own word ("the proposal") or by a modifier saying so ("a ceasefire
    proposed by the US", "a US-proposed truce": agreeing to it accepts a proposal)."""
    return obj.lemma_.lower() in kinds or any(
        m.dep_ in ("amod", "acl") and m.lemma_.lower() in kinds for m in obj.children)



def states_fact(tok: Token) -> bool:
    """The trigger's clause complement states what is, not what should or could be: "suggested that he was
    the author" (no proposal) against "suggested that talks resume", "... could be the best protection"."""
    for c in tok.children:
        if c.dep_ != "ccomp":
            continue
        aux = [x.lower_ for x in c.children if x.dep_ in ("aux", "auxpass")]
        if any(x in FACT_AUX for x in aux):
            return True  # "have not yielded results", "might have advised Moscow"
        # "that Ukraine resume talks", "ownership could be the best protection" say what should or could be;
        # "he was the author" says what is
        return not aux and c.tag_ not in ("VB", "VBP")
    return False


def condition_dependents(tok: Token) -> list[Token]:
    """The trigger's dependents that state a condition of the move: an "unless" clause ("rejected the ceasefire
    unless it included ..."), a verb tying it to one ("refused the truce, linking it to ...")."""
    return [c for c in tok.children if c.dep_ == "advcl" and (
        any(m.dep_ == "mark" and m.lower_ in CONDITION_CLAUSE_MARKS for m in c.children) or
        c.lemma_.lower() in LINKING_VERBS and any(p.dep_ == "prep" and p.lower_ in LINKING_PREPS for p in c.children))]


def condition_clauses(tok: Token) -> list[list[Token]]:
    """The words of the conditions a move is tied to: the whole "unless" clause, or the object of the tying verb's
    preposition ("a halt in Western arms supplies")."""
    out: list[list[Token]] = []
    for c in condition_dependents(tok):
        if c.lemma_.lower() in LINKING_VERBS:
            out += [list(p.subtree) for p in c.children if p.dep_ == "prep" and p.lower_ in LINKING_PREPS]
        elif c.lemma_.lower() not in FAILING_VERBS:  # "unless the talks fail": a failure feared, nothing asked
            # what the clause asks for, not who would do it ("unless talks on a swap succeed" asks no swap)
            out += [list(d.subtree) for d in c.children if d.dep_ in _CONDITION_CONTENT]
    return out


def blocked_halt(tok: Token, sub: list[Token]) -> bool:
    """An order whose own clause says to fight on ("issued directives to resume strikes", "an order to intensify
    attacks"): no halt. A blocker negated ("ordered troops not to resume fire") still halts."""
    return any(t.pos_ == "VERB" and t.lemma_.lower() in HALT_BLOCKERS and t.dep_ in ("xcomp", "advcl", "ccomp", "acl")
               and not any(c.dep_ == "neg" for c in t.children) for t in _without_setting(tok, sub))
