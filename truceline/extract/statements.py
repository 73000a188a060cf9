"""Statements: direct, indirect and mixed speech with speaker, cue, channel and date.

Over the spaCy parse and, when it is trained, the attribution tagger of
:mod:`truceline.extract.attribution` (``truceline/trained/statements``), following
../shared/spec/ANNOTATION.md. The tagger's cues come first; a rule cue below is kept where the tagger has
no cue for the same statement (see :func:`truceline.extract.attribution.combine` for the figures). The rules:

1. Quotations are found by :mod:`truceline.extract.quotes`; sentences that a quotation spans are
   merged into one *unit* ("'A,' he said, 'B.'" is one unit).
2. In each unit, every verb of saying outside the quotes (``data/cues.yaml``; "according to" too)
   is a cue. Its speaker is its subject (inherited along "..., adding ...", "prompting X to accuse",
   "quoted X as saying"), resolved by :mod:`truceline.resolve.actors` (names, titles, pronouns,
   "the statement" -> its issuer). No resolvable speaker, no statement ("officials said").
3. Its content is its reported clause (ccomp), its object complement for verbs like accuse/describe,
   or the rest of the sentence for "according to"; quotes inside the content make it mixed (or
   direct when nothing else is left); quotes outside any clause go to the nearest cue without a
   clause, joined when split by the cue.
4. A quote with no cue of its own, alone in its unit, continues the previous direct statement; labelled
   ("Quote: ...", "Quote from X: ...", "X: ..."), it is a direct statement with no cue. A passive cue with an
   agent ("This was reported by X", "as announced by X") is X's; content inside a quotation is the whole
   quotation; evaluative cues (welcome, condemn ...) need quoted words, a clause or an as/of complement.
5. Speech reported inside a body's document ("the Kremlin said Putin told Trump ...") belongs to the
   inner speaker, with the outer channel.
6. The channel comes from ``data/channels.yaml`` searched outside the content; a channel named for a
   post carries to the same speaker's next statements close by. The date is the date phrase outside
   the content nearest the cue (:mod:`truceline.extract.dates`).

The stage is built on, from the bottom up (each imports only those before it): :mod:`.statements_cues` (the
words, the units, which tokens are cues), :mod:`.statements_speakers` (who speaks through a cue, 2),
:mod:`.statements_content` (the rule cues and their content, 3-5) and :mod:`.statements_channel` (channel and
date, 6). This module makes the statements (kind, text, evidence; 4 and the labelled quotes).
"""
from __future__ import annotations

import re
from typing import Any

from ..models import Span, Statement
from .analysis import Analysis, StatementCue
from .coref import DOC_NOUNS, SPEAKER_DOCS, actor_for_span
from .quotes import Quote
from .statements_channel import (
    _carry_channels,
    _channel,
    _date,
    _fill_article_channel,
    _fill_referred_back,
    _note_channel_only,
    _note_scene_channel,
    _written_referred_back,
)
from .statements_content import _attach_quotes, _cues, _drop_reported_readouts, _widen_to_quotes
from .statements_cues import (
    _FINITE_TAGS,
    _LEADING,
    _QUOTE_LABEL,
    Lexicon,
    _Cue,
    _end,
    _quote_mask,
    _Unit,
    _units,
    credits,
    lexicon,
    quotes_in,
)


def find_statements(a: Analysis, tagger: Any = None) -> None:
    """Adds ``a.statements`` with ``a.statement_cues``, and ``a.speakers`` and ``a.reported`` for the pronouns and
    documents after them."""
    text = a.document.text
    lex = lexicon()
    quotes = a.quotes
    inq = _quote_mask(len(text), quotes)
    units = _units(a.doc, quotes, text)
    a.speakers = []
    a.reported = []
    out: list[tuple[Statement, int, bool]] = []  # statement, unit index, channel may carry
    channel_only: dict[str, set[str]] = {}  # speaker -> channels named where it said nothing quotable
    said: list[StatementCue] = []
    referred: list[Statement] = []  # said by a document referred back to, whose channel is its author's
    unclaimed: list[tuple[int, _Unit, list[Quote]]] = []  # labelled quotes before anyone spoke
    last_speaker: str | None = None  # of the last cue read, whether or not it made a statement
    # ``tagger`` is truceline.extract.attribution (the trained tagger), handed in by the pipeline: it builds
    # on this module's cues, so importing it here would make a loop.
    attribution = tagger
    tagged = attribution.find_attributions(a, lex) if attribution is not None else None
    for ui, unit in enumerate(units):
        cues = _cues(a, unit, inq, lex)
        if tagged is not None:
            cues = attribution.combine(cues, attribution.cues_in_unit(a, tagged, unit, inq), inq)
        uq = [q for q in quotes if unit.start <= q.open < unit.end]
        _widen_to_quotes(a, cues, uq)
        _attach_quotes(cues, uq)
        _drop_reported_readouts(a, cues, lex)
        made = 0
        for c in cues:
            if c.dropped:
                continue
            before = made
            for st, carry in _statements_for(a, c, unit, text, lex, uq, referred):
                out.append((st, ui, carry))
                said.append(StatementCue(st, c.tok.idx, _content_ranges(c)))
                made += 1
            if made == before:
                _note_channel_only(c, unit, text, lex, channel_only)
            if c.speakers:
                last_speaker = c.speakers[-1]
            if c.clause:
                a.reported.append((c.clause[0].idx, _end(c.clause[-1])))
            for sp in c.speakers:
                a.speakers.append((c.tok.idx, sp))
        if made == 0 and not uq:
            _note_scene_channel(a, unit, text, lex, channel_only)
        if made == 0 and uq and not cues:
            labelled = _labelled_quote(a, unit, uq, text, out, last=last_speaker)
            if labelled is not None:
                out.append((labelled, ui, False))
                said.append(StatementCue(labelled, uq[0].open, [(q.open, q.close) for q in uq]))
            elif out:
                _continue_previous(out, ui, unit, uq, text)
            else:
                unclaimed.append((ui, unit, uq))
    _credit_unclaimed(a, unclaimed, text, out, said)
    _carry_channels(out, units)
    _fill_article_channel(out, channel_only)
    if _fill_referred_back(referred):
        _carry_channels(out, units)  # a written statement referred back to carries as one named
    for st, _, _ in out:
        a.actors.use(st.speaker)
    a.statements = [st for st, _, _ in out]
    a.statement_cues = said


def _content_ranges(c: _Cue) -> list[tuple[int, int]]:
    """Where a cue's content stands: the tagger's segments, else the clause and the quotes it took."""
    if c.ranges:
        return list(c.ranges)
    out = [(c.clause[0].idx, _end(c.clause[-1]))] if c.clause else []
    return out + [(q.open, q.close) for q in c.quotes]


# ---------------------------------------------------------------------------- statements

def _statements_for(a: Analysis, c: _Cue, unit: _Unit, text: str, lex: Lexicon,
                    all_quotes: list[Quote], referred: list[Statement]) -> list[tuple[Statement, bool]]:
    if not _evaluative_ok(c, lex, all_quotes):
        return []
    clause = c.clause
    pieces: list[str] = []
    content_ranges: list[tuple[int, int]] = []
    kind = "indirect"
    quoted = 0
    # the trained tagger's content segments (truceline.extract.attribution), else the reported clause
    left = 0
    for cs, ce in c.ranges or ([(clause[0].idx, _end(clause[-1]))] if clause else []):
        content_ranges.append((cs, ce))
        body = text[cs:ce]
        pieces.append(body)
        qs = quotes_in(all_quotes, cs, ce)
        for w in re.finditer(r"\w+", body):
            if any(q.open <= cs + w.start() < q.close for q in qs):
                quoted += 1
            else:
                left += 1
    if quoted:
        kind = "direct" if left <= 1 else "mixed"
    for q in sorted(c.quotes, key=lambda q: q.open):
        if clause and any(q.open < e and q.close > s for s, e in content_ranges):
            continue
        pieces.append(q.text(text))
        content_ranges.append((q.open, q.close))
        kind = "direct" if kind in ("direct", "indirect") and (not clause or kind == "direct") else "mixed"
    if c.ranges:  # the tagger's segments and stray quotes, in text order
        pieces = [p for _, p in sorted(zip(content_ranges, pieces, strict=True))]
    content = re.sub(r"^(?:each other|one another)\s+(?:of\s+)?", "", _clean(" ".join(pieces)), flags=re.I)
    content = _DATELINE.sub("", content)
    if (len(content.split()) < 2 and not _opening_quote_alone(c, unit, text, kind)) or _cut_off(text, content_ranges):
        return []
    speakers = c.speakers
    inner = _inner_speech(a, c, content, kind, text, quotes_in(all_quotes, *_hull(content_ranges)))
    if inner is not None:  # a readout quoting someone: "'X said that ...,' the ministry said"
        speakers, content, kind = [inner[0]], inner[1], "indirect"
    channel, carry = c.channel, False
    back = False
    if channel is None:
        channel, carry = _channel(unit, text, content_ranges, lex)
        back = _written_referred_back(c, unit, text, content_ranges, lex)
        if back:  # the channel given later: the author's, else "statement" (_fill_referred_back), carried on
            channel, carry = None, True
    # a statement named as the source is a written one; a post or message referred back to ("the post said") is on
    # whatever channel its author used, which the article's earlier channel fills in (coref.SPEAKER_DOCS)
    if c.speaker_tok is not None and channel is None and not back and \
            c.speaker_tok.lemma_.lower() in DOC_NOUNS - SPEAKER_DOCS:
        channel, carry = "statement", True
    date = _date(a, unit, text, content_ranges, c.tok)
    ev = Span(unit.start, _rstrip_end(text, unit.start, unit.end))
    made = [(Statement(speaker=sp, text=content, kind=kind, cue=c.cue, channel=channel, date=date, evidence=ev),
             carry) for sp in speakers]
    if back:
        referred.extend(st for st, _ in made)
    return made


def _opening_quote_alone(c: _Cue, unit: _Unit, text: str, kind: str) -> bool:
    """Whether a one-word content is a whole direct statement: a quotation opening its sentence with the cue after it
    ('"Absolutely," the spokesman told reporters'). A quoted word inside a sentence is a label or a scare quote
    ('called it "terrorism"'), not an utterance of its own."""
    if kind != "direct" or c.clause or c.ranges or len(c.quotes) != 1:
        return False
    q = c.quotes[0]
    return not re.search(r"\w", text[unit.start:q.open]) and c.tok.idx > q.close


def _cut_off(text: str, ranges: list[tuple[int, int]]) -> bool:
    """Whether the content runs into the end of a text that stops mid-sentence (a truncated article: "Zelensky said
    that Russia must fully adhere to the ceasefir"): words cut off are no statement."""
    end = len(text.rstrip())
    return bool(ranges) and end > 0 and text[end - 1].isalnum() and max(e for _, e in ranges) >= end


def _evaluative_ok(c: _Cue, lex: Lexicon, quotes: list[Quote]) -> bool:
    """An evaluative cue (welcome, condemn, express ...) makes a statement only with quoted words, a clause or
    an "as"/"of" complement (CONVENTIONS): "condemned it as terror", not "welcomed the sanctions"; "comment",
    "respond" only with quoted words or a clause ("commented on the attack" says nothing)."""
    if c.cue in lex.question_only:
        return _asks_a_question(c, quotes)
    if c.cue in lex.act_object_verbs and _announces_a_measure(c, lex):
        return False
    if c.cue in lex.commentary and not _says_more(c, lex, quotes):
        return False
    if c.cue not in lex.evaluative and c.cue not in lex.needs_clause:
        return True
    if c.quotes or any(quotes_in(quotes, t.idx, _end(t)) for t in c.clause):
        return True
    if any(t.tag_ in _FINITE_TAGS or t.dep_ == "ccomp" for t in c.clause):
        return True
    return c.cue in lex.evaluative and any(ch.dep_ == "prep" and ch.lower_ in ("as", "of") for ch in c.tok.children)


def _announces_a_measure(c: _Cue, lex: Lexicon) -> bool:
    """Whether the cue's content is only its object naming a measure ("Putin announced an Easter truce", "announced
    an additional duty on imports"): the announcement is an act (ANNOTATION.md, Acts), no speech is reported. "He
    announced that the truce would begin at six" has a clause and stays a statement."""
    if c.ranges or not c.clause:
        return False
    roots = [t for t in c.clause if t.head.i == c.tok.i]
    return len(roots) == 1 and roots[0].dep_ == "dobj" and roots[0].lemma_.lower() in lex.act_objects


def _says_more(c: _Cue, lex: Lexicon, quotes: list[Quote]) -> bool:
    """Whether a verb of emphasis (``commentary`` in data/cues.yaml) reports speech: with quoted words or a
    finite reported clause, or as a participle or conjunct going on with a verb of saying ("the governor stated
    ..., underscoring the damage"). "The ministry's statement underscores a shift in tactics" and "Russia
    launched 400 drones, underscoring the arithmetic of war" are the writer's comment."""
    if c.quotes or any(quotes_in(quotes, t.idx, _end(t)) for t in c.clause):
        return True
    if any(t.head.i == c.tok.i and (t.dep_ == "ccomp" or t.tag_ in _FINITE_TAGS) for t in c.clause):
        return True
    if c.tok.dep_ not in ("advcl", "conj", "xcomp"):
        return False
    head = c.tok.head
    if head.dep_ == "ccomp":  # "X said the grid was hit, underscoring ...": the parse hangs it on the clause
        head = head.head
    return head.i != c.tok.i and head.lemma_.lower() in lex.verbs


def _asks_a_question(c: _Cue, quotes: list[Quote]) -> bool:
    """A question verb ("ask") reports speech only with a quoted question: "'Why now?' she asked" is a
    statement, "asked Kyiv to hold elections" and "asked about the talks" are not."""
    quoted = list(c.quotes)
    if c.clause:
        quoted += quotes_in(quotes, c.clause[0].idx, _end(c.clause[-1]))
    return any("?" in q.text(c.tok.doc.text) for q in quoted)


_INNER = re.compile(r"^(?P<who>[A-Z][\w.\-' ]{1,60}?)\s+(?:said|stated|noted|stressed|emphasi[sz]ed|told \w+)"
                    r"(?:\s+that)?[\s,]+(?P<what>.+)$", re.S)



# The head of an article that a sentence-wide content ("..., according to X") takes along: the input's
# "date 2025-04-02" line and a wire dateline ("KYIV:", "ZAPORIZHZHIA, Ukraine (Reuters) -", "ISTANBUL, July 23 —",
# "VIENNA, October 4. /TASS/."); neither is what was said.
_DATELINE = re.compile(r"^(?:date \d{4}-\d\d-\d\d\s+)?(?:[A-Z][A-Z'\-]{2,}(?: [A-Z][A-Z'\-]+)?"
                       r"(?:,\s*[A-Z][a-z]+(?: \d{1,2})?)?"
                       r"(?:\.?\s*/[A-Za-z]+/\.?\s+|\s*(?:\([A-Za-z]+\))?(?:\s*[:\u2014\u2013]|\s+-)\s*)(?=[A-Z]))?")


def _hull(ranges: list[tuple[int, int]]) -> tuple[int, int]:
    return (min(s for s, _ in ranges), max(e for _, e in ranges)) if ranges else (0, 0)


def _inner_speech(a: Analysis, c: _Cue, content: str, kind: str, text: str,
                  quotes: list[Quote]) -> tuple[str, str] | None:
    if kind != "direct" or not quotes or any(a.actors.get(s).kind == "person" for s in c.speakers):
        return None
    m = _INNER.match(content)
    if m is None:
        return None
    q = sorted(quotes, key=lambda q: q.open)[0]
    start = q.segments[0][0] if q.segments else q.open
    start += len(text[start:]) - len(text[start:].lstrip())
    who = actor_for_span(a, start, start + len(m.group("who")))
    if who is None or a.actors.get(who).kind != "person":
        return None
    return who, m.group("what").strip()


_QUOTE_CHARS = re.compile("[\"\u201c\u201d\u201e\u201f\u00ab\u00bb\u2018\u2019\u201a\u201b]"
                          "|(?<![A-Za-z])'|'(?![A-Za-z])")


def _strip_quotes(s: str) -> str:
    return _QUOTE_CHARS.sub("", s)


def _clean(s: str) -> str:
    s = re.sub(r"\s+", " ", _strip_quotes(s)).strip()
    s = _LEADING.sub("", s)
    return s.strip(" ,;:-\u2014\u2013")


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _credit_unclaimed(a: Analysis, unclaimed: list[tuple[int, _Unit, list[Quote]]], text: str,
                      out: list[tuple[Statement, int, bool]], said: list[StatementCue]) -> None:
    """Labelled quotes that open an article before anyone spoke ('Quote: "..."' under a removed "Source: X" line),
    once the article is read: X may be named only later ("X later added ..."), after the quote."""
    if not unclaimed or not out:
        return
    credit = _credited(a, [st.speaker for st, _, _ in out])
    if credit is None:
        return
    for ui, unit, uq in unclaimed:
        labelled = _labelled_quote(a, unit, uq, text, [], credit)
        if labelled is not None:
            out.append((labelled, ui, False))
            said.append(StatementCue(labelled, uq[0].open, [(q.open, q.close) for q in uq]))
    out.sort(key=lambda row: row[1])  # in text order again, for the channels carried


def _labelled_quote(a: Analysis, unit: _Unit, quotes: list[Quote], text: str,
                    out: list[tuple[Statement, int, bool]],
                    credit: tuple[str, str | None] | None = None, last: str | None = None) -> Statement | None:
    """A block quote labelled with its speaker but no reporting verb ("Quote: '...'", "Quote from X: '...'",
    "Klitschko: '...'"): a direct statement with no cue, by the one named, else by the last speaker: ``last``, the
    speaker of the last cue, even one that made no statement ("Putin announced a truce. Quote: '...'"), else the
    last statement's."""
    label = _QUOTE_LABEL.match(text[unit.start:quotes[0].open])
    if label is None:
        return None
    tail = text[quotes[-1].close:unit.end]
    if re.search(r"\w", tail):
        return None  # words after the quote: a cue the parse missed, not a label
    who = label.group("who") or label.group("name")
    channel = None
    if who:
        start = text.index(who, unit.start)
        speaker = actor_for_span(a, start, start + len(who))
        if speaker is None:
            return None
    elif last is not None or out:
        speaker = last if last is not None else out[-1][0].speaker
    else:
        credit = credit or _doc_credit(a)
        if credit is None:
            return None
        speaker, channel = credit
    content = _clean(" ".join(q.text(text) for q in quotes))
    if len(content.split()) < 2:
        return None
    ranges = [(q.open, q.close) for q in quotes]
    first = a.doc.char_span(quotes[0].open, quotes[0].close, alignment_mode="expand")
    anchor = first[0] if first is not None and len(first) else unit.sents[0][0]
    return Statement(speaker=speaker, text=content, kind="direct", cue=None, channel=channel,
                     date=_date(a, unit, text, ranges, anchor),
                     evidence=Span(unit.start, _rstrip_end(text, unit.start, unit.end)))


def _doc_credit(a: Analysis) -> tuple[str, str | None] | None:
    """``_credited(a)``, worked out once per document: every labelled quote before the first statement asks it."""
    if not a._doc_credit:
        a._doc_credit.append(_credited(a))
    return a._doc_credit[0]


def _credited(a: Analysis, speakers: list[str] | None = None) -> tuple[str, str | None] | None:
    """The speaker (and channel) of the page's removed credit line, "Source: X[, role][; Y]": the first source,
    when it names an actor the text mentions, or one of ``speakers`` (its full name, or a person's surname); else
    None."""
    for m in credits(a):
        first = re.split(r";|,| with reference to | citing ", m.group("who"))[0]
        words = set(re.findall(r"[\w'’-]+", first))
        for actor_id in [mention.actor for mention in a.mentions] + (speakers or []):
            actor = a.actors.get(actor_id)
            names = actor.name.split()
            if actor.name in first or (actor.kind == "person" and names and names[-1] in words):
                channel = next((ch for pattern, ch, _ in lexicon().channels if pattern.search(m.group("who"))), None)
                return actor_id, channel
        return None
    return None


def _continue_previous(out: list[tuple[Statement, int, bool]], ui: int, unit: _Unit, quotes: list[Quote],
                       text: str) -> None:
    """A quote alone in its unit, right after a direct statement, continues it."""
    outside = text[unit.start:unit.end]
    for q in quotes:
        outside = outside.replace(text[q.open:q.close], " ")
    if re.search(r"\w", outside):
        return
    last_ui = out[-1][1]
    if last_ui != ui - 1:
        return
    extra = " ".join(q.text(text) for q in quotes)
    for st, sui, _ in out:
        if sui == last_ui and st.kind in ("direct", "mixed"):
            st.text = _clean(st.text + " " + extra)
            st.evidence = Span(st.evidence.start, _rstrip_end(text, unit.start, unit.end))
