"""The statements stage's rule cues and what each says (ANNOTATION.md, Statements).

:func:`_cues` finds the cues of a unit: every verb of saying outside the quotes (and "according to"), its speaker
the subject (:mod:`truceline.extract.statements_speakers`), its content the reported clause (:func:`_clause`):
the ccomp, the object complement of verbs like accuse/describe, the rest of the sentence for "according to",
the sentences pointed back to by a passive "This was reported by X". Then, over all cues of a unit (the
tagger's too): :func:`_widen_to_quotes` makes content inside a quotation the whole quotation,
:func:`_attach_quotes` gives quotes outside any clause to the nearest cue without one, and
:func:`_drop_reported_readouts` keeps one statement per nested report.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .coref import DOC_NOUNS, actors_for_token
from .quotes import Quote
from .statements_cues import (
    _ADDRESSEE_VERBS,
    _BACK_SUBJECTS,
    _CHANNEL_WORDS,
    _CONTENT_PREPS,
    _FINITE_TAGS,
    _OBJECT_CUES,
    _READOUT_KINDS,
    _SOURCE_PREPS,
    _TIME_NOUNS,
    Lexicon,
    _agent,
    _Cue,
    _cue_of,
    _end,
    _trim,
    _Unit,
    lexicon,
)
from .statements_speakers import _cited_source, _cites_a_source, _speaker_token, fallback_speakers

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from .analysis import Analysis


def _cues(a: Analysis, unit: _Unit, inq: bytearray, lex: Lexicon) -> list[_Cue]:
    out: list[_Cue] = []
    for s in unit.sents:
        for tok in s:
            if inq[tok.idx]:
                continue
            cue = _cue_of(tok, lex)
            if cue is None or _cites_a_source(tok):
                continue
            absorbed = _absorbed_speaker(tok)
            sp_tok = absorbed[0] if absorbed is not None else _speaker_token(tok)
            if sp_tok is None or inq[sp_tok.idx]:
                continue
            speakers = _cited_source(a, tok, actors_for_token(a, sp_tok)) or fallback_speakers(a, sp_tok)
            if not speakers:
                continue
            c = _Cue(tok, cue, speakers, sp_tok)
            if absorbed is not None:
                c.clause = _before_absorbed(absorbed[1], unit)
            elif _agent(tok) is not None:
                c.clause = _passive_content(tok, unit, a.document.text)
            else:
                c.clause = [t for t in _clause(tok, cue, unit, sp_tok, lex) if unit.start <= t.idx < unit.end]
            if c.clause and (_parenthetical(tok) or cue == "according to"):
                # the content on both sides of the cue, without it: "A, according to X on Telegram, B" is "A B",
                # and the source phrase is searched for the channel (cross-validated channel accuracy 0.814 -> 0.829)
                c.ranges = _runs(c.clause)
            if cue in lex.needs_object and not c.clause:
                # "accused", "denied" with nothing said: only a following quote can save it
                c.cue = cue
            out.append(c)
    out += _conjoined_cues(out, unit, inq, lex)
    # "..., according to a readout" inside a clause names the source, not what was said
    for c in out:
        if c.cue != "according to":
            src = {x.i for t in c.clause if t.lower_ in _SOURCE_PREPS and t.dep_ == "prep" for x in t.subtree}
            c.clause = _trim([t for t in c.clause if t.i not in src])
    # a nested cue's clause is not part of its head's clause ("said X, adding Y" is two)
    cue_toks = {c.tok.i for c in out}
    for c in out:
        inner = [t for t in c.clause if t.i in cue_toks and t.i != c.tok.i and t.dep_ in ("advcl", "conj")]
        if inner:
            drop = set().union(*(_conjunct_span(t) for t in inner))
            c.clause = _trim([t for t in c.clause if t.i not in drop])
    return out


def _absorbed_speaker(tok: Token) -> tuple[Token, Token] | None:
    """The speaker of a cue closing the sentence it reports whose subject the parse took into that sentence: in
    "A drone hit a depot in the region, X, its governor, wrote on Telegram" or "..., wounding four men, the head
    of the region, X, said on Telegram" the name hangs as a conjunct or appositive on the content's last noun and
    the cue is a subjectless verb (a conjunct of the content's verb, or its head), so the cue seems to have the
    content's subject (or none). The speaker is that noun phrase set off by commas right before the cue, when
    only the cue's own channel, time or a further cue ("adding ...") follows it: the outermost phrase, or a name
    inside a role ("the head of X, Y," gives Y). Returns the speaker and the outermost phrase. Cross-validated
    corpus statements F1 0.843 -> 0.845, channel 0.872 -> 0.885 (r11, u22, u16, p34)."""
    doc = tok.doc
    if tok.tag_ not in _FINITE_TAGS or tok.i < 4 or doc[tok.i - 1].text != ",":
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in tok.children):
        return None
    for c in tok.rights:
        if not (c.is_punct or c.dep_ in ("npadvmod", "advmod") or c.dep_ == "prep" and _is_channel_phrase(c)
                or c.dep_ in ("advcl", "conj") and _cue_of(c, lexicon()) is not None):
            return None
    sent_start = tok.sent.start
    # the phrases ending right before the comma: the word there and its heads (as deep as the parse, not the sentence)
    found: list[Token] = []
    t = doc[tok.i - 2]
    while t.right_edge.i < tok.i:
        if t.dep_ in ("appos", "conj") and t.head.i < t.i and t.pos_ in ("PROPN", "NOUN") and \
                t.left_edge.i > sent_start + 2 and doc[t.left_edge.i - 1].text == ",":
            found.append(t)
        if t.head.i == t.i:
            break
        t = t.head
    if not found:
        return None
    found.sort(key=lambda t: t.left_edge.i)
    outer = found[0]
    name = next((t for t in found if t.ent_type_ == "PERSON" and t.pos_ == "PROPN"), None)
    return (name if name is not None and outer.pos_ != "PROPN" else outer), outer


def _before_absorbed(outer: Token, unit: _Unit) -> list[Token]:
    """What a cue with an absorbed speaker (:func:`_absorbed_speaker`) reports: its sentence before the comma that
    opens the speaker's outermost phrase."""
    doc = outer.doc
    words = _trim([t for t in doc[outer.sent.start:outer.left_edge.i - 1]
                   if not t.is_space and unit.start <= t.idx < unit.end])
    return [] if not words or words[0].tag_ in ("VBG", "VBN") or words[0].pos_ in ("ADP", "SCONJ") else words


def _conjunct_span(t: Token) -> set[int]:
    """The tokens a nested cue takes out of its head's clause: its subtree and the "and" just before it."""
    return {x.i for x in t.subtree} | {ch.i for ch in t.head.children if ch.dep_ == "cc" and t.left_edge.i - 2 <= ch.i
                                       < t.i}


def _conjoined_cues(cues: list[_Cue], unit: _Unit, inq: bytearray, lex: Lexicon) -> list[_Cue]:
    """A verb of saying with no subject of its own, conjoined to the verb of a cue's clause: the parse hangs "noted"
    of "X acknowledged the swap took place and noted that ..." on "took", so that its subject seems to be "the swap"
    and its words part of X's first statement. It goes on with the cue's speaker: a statement of its own, cut from
    the first one's content (ANNOTATION.md: "said X, adding Y" is two)."""
    have = {c.tok.i for c in cues}
    out: list[_Cue] = []
    for c in cues:
        if c.cue == "according to" or c.speaker_tok is None or not c.clause:
            continue
        ids = {t.i for t in c.clause}
        for t in list(c.clause):
            head = t.head
            if t.dep_ != "conj" or t.i in have or inq[t.idx] or head.i not in ids or head.head.i != c.tok.i or \
                    head.dep_ not in ("ccomp", "xcomp") or t.i < head.i:
                continue
            if any(ch.dep_ in ("nsubj", "nsubjpass", "expl") for ch in t.children):
                continue
            cue = _cue_of(t, lex)
            if cue is None:
                continue
            clause = [x for x in _clause(t, cue, unit, c.speaker_tok, lex) if unit.start <= x.idx < unit.end]
            if not clause:
                continue
            drop = _conjunct_span(t)
            c.clause = _trim([x for x in c.clause if x.i not in drop])
            out.append(_Cue(t, cue, list(c.speakers), c.speaker_tok, clause))
            have.add(t.i)
    return out


def _clause(tok: Token, cue: str, unit: _Unit, speaker: Token, lex: Lexicon) -> list[Token]:
    """The tokens of what was said, without the cue, speaker and channel phrases."""
    if cue == "according to":
        drop = {t.i for t in tok.subtree}
        drop |= _appositive_name(tok.doc, max(drop))
        # fronted, the phrase heads the clause it hangs on: "X noted that, according to Y, Z" is Y's "Z", not the
        # whole sentence; trailing ("A, and B, according to Y") it covers the sentence before it
        head = tok.head
        fronted = head.pos_ in ("VERB", "AUX") and head.i > tok.i
        # opening its sentence, the phrase covers all of it, clauses the parse hangs elsewhere too ("According to
        # him, there are no casualties, rescuers are at work" makes the first clause a ccomp of the second)
        opening = all(t.is_punct or t.is_space for t in tok.doc[tok.sent.start:tok.i])
        scope = head.subtree if fronted and not opening else tok.sent
        body = [t for t in scope if t.i not in drop]
        return _trim(body)
    # a clause whose verb stands outside the unit belongs to another paragraph, which the parse ran the sentence on
    # into ('"A," she told TV.\n\nShe pointed out B' made "pointed" a clause of "told"): not what this cue reports
    clauses = [c for c in tok.children if c.dep_ in ("ccomp", "parataxis") and c.i != speaker.i and not _closing_tag(c)]
    heads = [c for c in clauses if unit.start <= c.idx < unit.end]
    if not heads:
        closing = _closing_in_unit(tok, speaker, unit)
        if closing:
            return closing
    if not heads:
        heads = _clause_after_time(tok)
    if not heads and tok.lemma_ in lexicon().xcomp_content:
        heads = [c for c in tok.children if c.dep_ == "xcomp"]
        # "urged Kyiv to follow the schedule", "telling citizens to stay in shelters": who is urged belongs to
        # what was said (ANNOTATION.md examples keep it)
        heads += [c for c in tok.children if c.dep_ == "dobj" and heads and c.i < heads[0].i]
    if not heads and speaker.i < tok.i:
        # "Whether it holds depends on X, the minister told a news agency": the parser may hang fronted content on the
        # cue as an adverbial clause; it is the content when a comma closes it before the speaker.
        # A participle or verbless phrase set before the cue ("Opening the session, X called ...", "Guided by
        # ..., X declared") says how or when, not what: the content is a finite clause.
        heads = [c for c in tok.children if c.dep_ == "advcl" and c.right_edge.i < speaker.left_edge.i
                 and c.doc[c.right_edge.i + 1].text == "," and _finite(c)]
    if heads:
        toks = sorted({t for h in heads for t in h.subtree} | _stranded_subject(tok, heads), key=lambda t: t.i)
        return _trim(toks)
    head = tok.head
    if tok.dep_ in ("parataxis", "ccomp", "conj") and head.i < tok.i and head.pos_ in ("VERB", "AUX") and \
            not any(c.dep_ in ("dobj", "prep", "xcomp") for c in tok.rights) and \
            any(t.text in (",", "—") for t in tok.doc[head.i:tok.i]) and speaker.i > head.i:
        drop = {t.i for t in tok.subtree}
        return _trim([t for t in head.subtree if t.i not in drop and t.i < tok.i])
    if _closing_cue(tok, speaker):
        return _trim([t for t in tok.sent if t.i < speaker.left_edge.i - 1])
    if _inverted_closing_cue(tok, speaker):
        return _trim([t for t in tok.sent if t.i < tok.i - 1])
    described = _closing_after_description(tok, speaker)
    if described:
        return described
    if _parenthetical(tok):
        # "These facilities, the ministry emphasized, were used by ...": the cue set off by commas inside the
        # clause it reports
        drop = {t.i for t in tok.subtree}
        return _trim([t for t in head.subtree if t.i not in drop])
    lemma = tok.lemma_.lower()
    base = lex.verbs.get(lemma, lemma)
    if base not in lex.needs_object and base not in lex.object_content and cue not in _OBJECT_CUES:
        return []
    parts: list[Token] = []
    has_obj = False
    for c in tok.rights:
        if c.dep_ in ("dobj", "obj", "attr", "oprd", "acomp", "xcomp", "ccomp", "dative"):
            if c.dep_ == "dative" or (c.dep_ == "dobj" and tok.lemma_ in _ADDRESSEE_VERBS):
                continue  # the addressee is not what was said
            if c.dep_ == "ccomp" and _closing_tag(c):
                continue
            parts.extend(c.subtree)
            has_obj = has_obj or c.dep_ in ("dobj", "obj", "xcomp", "ccomp", "oprd")
        elif c.dep_ == "prep" and c.lower_ in _CONTENT_PREPS and not _is_channel_phrase(c):
            parts.extend(c.subtree)
            has_obj = True
    if not has_obj:
        return []
    if base not in lex.object_content and not any(p.dep_ == "prep" or p.dep_ in ("xcomp", "ccomp", "oprd")
                                                  for p in parts if p.head.i == tok.i):
        return []
    return _trim(sorted(set(parts), key=lambda t: t.i))


def _closing_tag(verb: Token) -> bool:
    """Whether a clause the parse hangs on a cue is another source's closing tag: in 'She announced this on
    Telegram, "The Daily Ledger" reports.' the parse makes "reports" a clause of "announced". A verb of saying
    after a comma, ending the sentence, with no clause or object of its own, reports the sentence; it is not what
    the cue's speaker said."""
    if not _ends_sentence_saying(verb):
        return False
    if any(c.dep_ in ("ccomp", "dobj", "xcomp", "parataxis") for c in verb.children):
        return False
    doc = verb.doc
    before = doc[verb.left_edge.i - 1] if verb.left_edge.i > 0 else None
    return before is not None and before.text == ","


def _ends_sentence_saying(verb: Token) -> bool:
    """Whether a token is a verb of saying with nothing but punctuation after it to its sentence's end, as the verb of
    a source tag closing a sentence ('..., the outlet reports.')."""
    return verb.lemma_.lower() in lexicon().verbs and \
        all(t.is_punct or t.is_space for t in verb.doc[verb.i + 1:verb.sent.end])


def _closing_in_unit(tok: Token, speaker: Token, unit: _Unit) -> list[Token]:
    """The words before a cue that closes its unit ("A Russian attack damaged a power facility, the governor said.",
    "..., Kobzar wrote on his Telegram channel."), when the parse ran the sentence across a paragraph break and hung
    them on a verb of another paragraph: the unit's words before the comma that precedes the speaker, if nothing but
    the cue's own modifiers ("on Telegram", "on Friday") follows it."""
    doc = tok.doc
    if speaker.i > tok.i or speaker.right_edge.i >= tok.i:
        return []
    comma = speaker.left_edge.i - 1
    if comma <= 0 or doc[comma].text != "," or doc[comma].idx <= unit.start:
        return []
    for t in doc[tok.i + 1:]:
        if t.idx >= unit.end:
            break
        if not (t.is_punct or t.is_space or any(x.i == tok.i for x in t.ancestors)):
            return []
        if t.head.i == tok.i and (t.dep_ not in ("prep", "npadvmod", "advmod", "punct", "agent") or
                                  t.dep_ == "prep" and not _is_channel_phrase(t)):
            return []  # "called for a ceasefire": the cue's own complement says what was said
    first = comma
    while first > 0 and doc[first - 1].idx >= unit.start:
        first -= 1
    words = _trim([t for t in doc[first:comma] if not t.is_space])
    # not a phrase setting the scene ("Opening the summit, Zelensky said", "After the talks, ...")
    return [] if not words or words[0].tag_ in ("VBG", "VBN") or words[0].pos_ in ("ADP", "SCONJ") else words


def _clause_after_time(tok: Token) -> list[Token]:
    """The reported clause the parse hangs on a phrase after the cue: "said a day before the meeting that he would
    decide", "said at the time that the plan was sound" make "that ..." a relative clause of "day"/"time"; "said in
    a statement that the talks were hard" makes it a clause of "statement". A "that" complement clause on the noun
    of a time phrase or of a channel phrase (a bare noun phrase or a preposition's object) after the cue is what
    was said; a real relative clause on that noun ("in a statement that was posted online") is not."""
    out: list[Token] = []
    for c in tok.rights:
        nouns = [c] if c.dep_ == "npadvmod" else [o for o in c.children if o.dep_ == "pobj"] if c.dep_ == "prep" \
            else []
        for noun in nouns:
            lemma = noun.lemma_.lower()
            if lemma not in _TIME_NOUNS and lemma not in _CHANNEL_WORDS and noun.ent_type_ not in ("DATE", "TIME"):
                continue
            for rel in noun.rights:
                if rel.dep_ not in ("relcl", "acl") or rel.left_edge.lower_ != "that" or not _finite(rel):
                    continue
                if _complement_clause(rel):
                    out.append(rel)
                else:
                    # a real relative clause ("in an interview that was broadcast on Sunday that the truce would
                    # hold") describes the noun; what was said is a "that" clause inside it, if any
                    out += [c for c in rel.children if c.dep_ == "ccomp" and c.left_edge.lower_ == "that"
                            and _complement_clause(c)]
    return out


def _complement_clause(clause: Token) -> bool:
    """Whether a clause led by "that" is a complement clause, not a relative one: its "that" is a complementiser
    (not the clause's subject or object, as in "a statement that was posted on Telegram", "a statement that the
    ministry published") and the clause has its own subject."""
    that = clause.left_edge
    if that.head.i == clause.i and that.dep_ in ("nsubj", "nsubjpass", "dobj", "obj", "pobj"):
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in clause.children)


def _stranded_subject(tok: Token, heads: list[Token]) -> set[Token]:
    """The subject of a reported clause that the parse made the cue's object: "said the fire on the vessel, which
    he did not name, was extinguished" gives "fire" as the object of "said" and a clause "was extinguished" with
    no subject. An object between the cue and a subjectless clause is that clause's subject, except after verbs
    whose object is the addressee ("told reporters ...")."""
    if tok.lemma_ in _ADDRESSEE_VERBS:
        return set()
    out: set[Token] = set()
    for h in heads:
        if h.dep_ != "ccomp" or any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in h.children):
            continue
        if not _finite(h) or h.lemma_.lower() in lexicon().verbs:
            continue  # "announced this on Telegram, X reports": a second cue, not the rest of a clause
        obj = next((c for c in tok.children if c.dep_ == "dobj" and tok.i < c.i and c.right_edge.i < h.left_edge.i),
                   None)
        if obj is not None:
            out |= set(obj.subtree)
    return out


def _closing_cue(tok: Token, speaker: Token) -> bool:
    """Whether a cue closes the sentence it reports, as ", she said." with nothing after it, though the parse
    hangs it on that sentence's verb as an adverbial clause (and may give it some of the content's words:
    "... possible for people ... to organize ..., she said" made "people" a second subject of "said"). With the
    nearest subject (statements_speakers._speaker_token): cross-validated corpus statements F1 0.814 -> 0.816,
    PolNeAR training sample speaker 0.931 -> 0.934."""
    doc = tok.doc
    if tok.dep_ != "advcl" or tok.head.i > tok.i or speaker.i > tok.i or speaker.right_edge.i != tok.i - 1:
        return False
    start = speaker.left_edge.i
    return start > tok.sent.start + 2 and doc[start - 1].text == "," and \
        all(t.is_punct or t.is_space for t in doc[tok.i + 1:tok.sent.end])


#: the words of a description set before a speaker's name ("Russia's state news agency", "pro-Ukrainian Telegram
#: channel"): a noun phrase, nothing with a verb in it
_DESCRIPTION_POS = frozenset({"NOUN", "PROPN", "ADJ", "DET", "PART", "NUM", "PUNCT"})


def _closing_after_description(tok: Token, speaker: Token) -> list[Token]:
    """The sentence before a cue that closes it behind a described speaker ("..., Russia's state news agency TASS
    reported on Monday."; "..., independent news channel Astra reported."), which the parse hangs on the sentence
    as a relative clause of the description, taken for an appositive of the sentence's last noun, or as a clause
    of that noun: the words before the comma that opens the description, when only the cue's own time or channel
    phrases follow it. Cross-validated corpus statements F1 0.839 -> 0.840 (r34, i38)."""
    doc, sent = tok.doc, tok.sent
    if tok.dep_ not in ("relcl", "acl") or tok.head.i > tok.i or speaker.i > tok.i or speaker.right_edge.i >= tok.i:
        return []
    if any(c.dep_ in ("ccomp", "dobj", "xcomp", "parataxis", "attr", "oprd") for c in tok.children):
        return []  # "..., a channel that reported an attack": the cue says something of its own
    comma = speaker.left_edge.i - 1
    while comma > sent.start and doc[comma].text != ",":
        if doc[comma].pos_ not in _DESCRIPTION_POS or doc[comma].is_quote:
            return []
        comma -= 1
    if comma <= sent.start + 2 or doc[comma].text != ",":
        return []
    for t in doc[tok.i + 1:sent.end]:
        if t.is_space and "\n" in t.text:
            break  # the parse may run a sentence on into the next line ("- A ..., TASS reported.\n- B ...")
        if t.is_punct or t.is_space:
            continue
        if not any(x.i == tok.i for x in t.ancestors):
            return []
        if t.head.i == tok.i and (t.dep_ not in ("prep", "npadvmod", "advmod") or
                                  t.dep_ == "prep" and not _is_channel_phrase(t)):
            return []
    start = max((t.i + 1 for t in doc[sent.start:comma] if t.is_space and "\n" in t.text), default=sent.start)
    words = _trim([t for t in doc[start:comma] if not t.is_space])
    # not a phrase setting the scene ("After the talks, ...")
    return [] if not words or words[0].tag_ in ("VBG", "VBN") or words[0].pos_ in ("ADP", "SCONJ") else words


def _inverted_closing_cue(tok: Token, speaker: Token) -> bool:
    """Whether a cue with its speaker after it closes the sentence it reports: "A appeals to B, said X, a
    demographer." The parse may make the content's subject a second subject of "said" and leave it no clause;
    the content is the sentence before the comma."""
    doc = tok.doc
    if speaker.i < tok.i or speaker.left_edge.i != tok.i + 1 or tok.i - tok.sent.start < 4:
        return False
    if doc[tok.i - 1].text != ",":
        return False
    rest = doc[speaker.right_edge.i + 1:tok.sent.end]
    return all(t.is_punct or t.is_space for t in rest) or rest[0].text == ","


def _finite(verb: Token) -> bool:
    """Whether a clause's verb is finite, itself or through an auxiliary ("has", "will")."""
    return verb.tag_ in _FINITE_TAGS or any(c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE_TAGS
                                            for c in verb.children)


def _parenthetical(tok: Token) -> bool:
    """A cue between commas inside the clause it reports, which the parse hangs on that clause's verb after it
    ("Neo, he said, was recovering"; "The situation, the governor said, remains difficult")."""
    head = tok.head
    if tok.dep_ != "parataxis" or head.i <= tok.i or head.pos_ not in ("VERB", "AUX"):
        return False
    doc = tok.doc
    first, last = tok.left_edge.i, tok.right_edge.i  # the commas may belong to the cue's subtree or not
    opened = doc[first].text == "," or first > 0 and doc[first - 1].text == ","
    closed = doc[last].text == "," or last + 1 < len(doc) and doc[last + 1].text == ","
    return first > head.left_edge.i and opened and closed


def _runs(toks: list[Token]) -> list[tuple[int, int]]:
    """The character ranges of the unbroken stretches of ``toks``, each without its edge punctuation."""
    out: list[list[Token]] = []
    for t in toks:
        if out and t.i == out[-1][-1].i + 1:
            out[-1].append(t)
        else:
            out.append([t])
    return [(r[0].idx, _end(r[-1])) for r in (_trim(run) for run in out) if r]


def _passive_content(tok: Token, unit: _Unit, text: str) -> list[Token]:
    """What a passive cue with an agent reports. "This was reported by X" (a subject pointing back): the
    sentences before it in the paragraph; "The new meeting was announced by X": its subject; "as reported by X,
    ..." or "..., reported by X": the sentence without the cue's phrase."""
    subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    if subj is not None and tok.dep_ in ("ROOT", "conj"):
        if subj.lemma_.lower() in _BACK_SUBJECTS or any(c.dep_ == "det" and c.lower_ in ("this", "these")
                                                         for c in subj.children):
            doc = tok.doc
            para = text.rfind("\n", 0, unit.start) + 1
            if not text[para:unit.start].strip():
                # the sentence opens its paragraph ("...\n\nThis was reported by the head of ..."): what it
                # points back to is the paragraph before
                end = len(text[:para].rstrip())
                para, unit_start = text.rfind("\n", 0, end) + 1, end
            else:
                unit_start = unit.start
            start = doc.char_span(para, unit_start, alignment_mode="expand") if para < unit_start else None
            return _trim([t for t in start if not t.is_space]) if start is not None and len(start) else []
        return _trim(list(subj.subtree))
    drop = {t.i for t in tok.subtree}
    return _trim([t for t in tok.sent if t.i not in drop])


def _appositive_name(doc: Doc, last: int) -> set[int]:
    """ "According to the head of X, Oleh Hryhorov, ...": the name between commas after the source phrase, which
    the parse may leave out of it, is the source too, not what was said."""
    j = last + 1
    if j + 1 >= len(doc) or doc[j].text != "," or doc[j + 1].pos_ != "PROPN":
        return set()
    k = j + 1
    while k < len(doc) and doc[k].pos_ == "PROPN":
        k += 1
    return set(range(j, k + 1)) if k < len(doc) and doc[k].text == "," else set()


def _is_channel_phrase(prep: Token) -> bool:
    return any(t.lower_ in _CHANNEL_WORDS or t.ent_type_ == "DATE" for t in prep.subtree)


# ---------------------------------------------------------------------------- over all cues of a unit

def _widen_to_quotes(a: Analysis, cues: list[_Cue], quotes: list[Quote]) -> None:
    """Direct speech is the words inside the quote marks, all of them: the tagger's content, and the parse's
    clause, often stop at a sentence of a quotation of several ('"A. B. C," he said' gave "C"). Content inside
    a quotation becomes the whole quotation."""
    for c in cues:
        if not c.ranges and c.clause:
            # a rule clause that the parse took from the last sentence of a quotation
            s, e = c.clause[0].idx, _end(c.clause[-1])
            q = next((q for q in quotes if q.open <= s and e <= q.close), None)
            if q is not None:
                c.clause = [t for t in a.doc.char_span(q.open, q.close, alignment_mode="expand") or ()]
                c.clause = _trim(c.clause)
                continue
            run_on = _run_on_quote(quotes, s, e, a.document.text)
            if run_on is not None:
                c.clause = _trim([t for t in a.doc.char_span(s, run_on.close, alignment_mode="expand") or ()])
            continue
        if not c.ranges:
            continue
        out: list[tuple[int, int]] = []
        for s, e in c.ranges:
            q = next((q for q in quotes if q.open <= s and e <= q.close), None)
            run_on = _run_on_quote(quotes, s, e, a.document.text) if q is None else None
            span = (q.open, q.close) if q is not None else (s, run_on.close) if run_on is not None else (s, e)
            if span not in out:
                out.append(span)
        if out != c.ranges:
            c.ranges = out
            c.clause = [t for s, e in out for t in a.doc.char_span(s, e, alignment_mode="expand") or ()]


def _run_on_quote(quotes: list[Quote], s: int, e: int, text: str) -> Quote | None:
    """The quotation a content opened before runs into and stops inside: 'saying he is "weak. Weak like a
    baby."' gives the parse's clause "he is weak"; the quoted words are said to their end (ANNOTATION.md: a
    quote runs on as one statement)."""
    return next((q for q in quotes if s < q.open < e < q.close and re.search(r"\w", text[e:q.close])), None)


def _attach_quotes(cues: list[_Cue], quotes: list[Quote]) -> None:
    """Quotes outside every clause go to the nearest cue that has none of its own."""
    for q in quotes:
        inside = [c for c in cues if c.clause and c.clause[0].idx < q.close and q.open < _end(c.clause[-1])]
        if inside or (cues and _names_closing_source(cues[0].tok.doc, q)):
            continue
        best: tuple[float, _Cue] | None = None
        for c in cues:
            d = q.open - _end(c.tok) if c.tok.idx < q.open else c.tok.idx - q.close
            penalty = 0.0
            if c.clause and not any(q.open <= t.idx < q.close for t in c.clause):
                penalty = 10_000  # a cue with its own clause takes a stray quote only if nothing else can
            if c.cue == "according to":
                penalty += 5_000
            score = abs(d) + penalty
            if best is None or score < best[0]:
                best = (score, c)
        if best is not None:
            best[1].quotes.append(q)


def _names_closing_source(doc: Doc, q: Quote) -> bool:
    """Whether a quote is the name of the source closing its sentence ('..., "The Daily Ledger" reports.'):
    a verb of saying with nothing after it but punctuation follows it."""
    span = doc.char_span(q.open, q.close, alignment_mode="expand")
    if span is None or not len(span):
        return False
    after = next((t for t in doc[span.end:span.end + 2] if not (t.is_punct or t.is_space)), None)
    return after is not None and after.idx >= q.close and _ends_sentence_saying(after)


def _own_body(a: Analysis, bodies: list[str], persons: list[str]) -> bool:
    """Whether the bodies relaying persons' speech are those persons' own, so their words are the persons'
    readout: "Putin said the talks were useful, the Kremlin added" is the Kremlin's readout of Putin, while
    "Zelensky said ..., the United Nations said" is another body reporting him, with no channel of his. A body
    is a person's own when it is the government or military of the person's country; with no resolved body
    there is nothing to read out."""
    if not bodies or not persons:
        return False
    countries = {a.actors.get(p).country for p in persons}
    if None in countries or len(countries) != 1:
        return False
    return all(a.actors.get(b).kind in _READOUT_KINDS and a.actors.get(b).country in countries for b in bodies)


def _drop_reported_readouts(a: Analysis, cues: list[_Cue], lex: Lexicon) -> None:
    """One statement per nested report. A person's speech reported inside a body's statement ("the
    Kremlin said Putin told Trump ...") is the person's, with the body's channel; anything else
    nested ("the statement said Ukraine reaffirmed ...") stays the outer speaker's. A news medium cited
    as the source ("X said ..., according to TASS") keeps its statement beside the one it reports:
    cross-validated corpus statements F1 0.840 -> 0.841 (e02, e03, e32), channel 0.853 -> 0.855."""
    for outer in cues:
        if outer.dropped:
            continue
        kinds = {a.actors.get(s).kind for s in outer.speakers}
        clause_ids = {t.i for t in outer.clause}
        if kinds == {"media"} and outer.cue == "according to":
            # a news medium cited as the source ("X said ..., according to TASS") is a speaker of its own
            # (CONVENTIONS.md), and so is whoever it reports there: both attributions count. Another source
            # phrase inside ("as per documents") or the medium again stays one statement.
            for inner in cues:
                if inner is not outer and not inner.dropped and inner.tok.i in clause_ids and (
                        inner.cue == "according to" or set(inner.speakers) & set(outer.speakers) or
                        any(a.actors.get(s).kind == "media" for s in inner.speakers)):
                    inner.dropped = True
            continue
        doc_speaker = outer.speaker_tok is not None and outer.speaker_tok.lemma_.lower() in DOC_NOUNS
        body = "person" not in kinds or doc_speaker
        for inner in cues:
            if inner is outer or inner.dropped or inner.tok.i not in clause_ids:
                continue
            inner_person = all(a.actors.get(s).kind == "person" for s in inner.speakers)
            if body and inner_person and inner.cue in lex.speech:
                outer.dropped = True
                # the body's words are its readout (ANNOTATION.md: the readout's channel when the text gives none)
                readout = doc_speaker or outer.cue == "according to" or _own_body(a, outer.speakers, inner.speakers)
                inner.channel = inner.channel or ("statement" if readout else None)
                inner.quotes.extend(outer.quotes)
                break
            inner.dropped = True
