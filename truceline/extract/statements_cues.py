"""The statements stage's words and units: verbs of saying, cue words, units of sentences.

The lowest of the statements modules (:mod:`truceline.extract.statements` builds the stage on them):

- :func:`lexicon` reads the verbs of saying (``data/cues.yaml``) and channels (``data/channels.yaml``), and the
  module constants below the function words of ``data/statements.yaml``;
- :class:`_Cue` is one reporting cue with its speakers and content, from the rules
  (:mod:`truceline.extract.statements_content`) or the trained tagger (:mod:`truceline.extract.attribution`);
- :func:`_units` cuts the text into *units*: sentences, merged where a quotation spans them ("'A,' he said,
  'B.'" is one unit), never across a paragraph;
- :func:`_cue_of` says whether a token is a cue, and which ("according to", "point out", "say").
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .coref import DOC_NOUNS
from .intervals import Intervals
from .lexicons import load
from .quotes import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

    from .analysis import Analysis


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, str]
    needs_object: frozenset[str]
    object_content: frozenset[str]
    particles: dict[str, tuple[str, ...]]
    phrases: dict[str, tuple[str, ...]]
    speech: frozenset[str]
    xcomp_content: frozenset[str]
    document_verbs: frozenset[str]
    evaluative: frozenset[str]
    needs_clause: frozenset[str]
    question_only: frozenset[str]
    commentary: frozenset[str]
    act_object_verbs: frozenset[str]
    act_objects: frozenset[str]
    channels: tuple[tuple[re.Pattern[str], str, bool], ...]


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    cues = load("cues")
    chans = load("channels")
    channels = tuple((re.compile(row["pattern"], 0 if row.get("case") else re.IGNORECASE), row["channel"],
                      bool(row.get("carry"))) for row in chans["channels"])
    return Lexicon(
        verbs=dict(cues["verbs"]), needs_object=frozenset(cues.get("needs_object", ())),
        object_content=frozenset(cues.get("object_content", ())),
        particles={k: tuple(v) for k, v in (cues.get("particles") or {}).items()},
        phrases={k: tuple(v) for k, v in (cues.get("phrases") or {}).items()},
        speech=frozenset(cues.get("speech", ())),
        xcomp_content=frozenset(cues.get("xcomp_content", ())),
        document_verbs=frozenset(cues.get("document_verbs", ())),
        evaluative=frozenset(cues.get("evaluative", ())),
        needs_clause=frozenset(cues.get("needs_clause", ())),
        question_only=frozenset(cues.get("question_only", ())),
        commentary=frozenset(cues.get("commentary", ())),
        act_object_verbs=frozenset(cues.get("act_object_verbs", ())),
        act_objects=frozenset(cues.get("act_objects", ())),
        channels=channels,
    )


@dataclass
class _Cue:
    tok: Token
    cue: str
    speakers: list[str]
    speaker_tok: Token | None
    clause: list[Token] = field(default_factory=list)   # reported clause tokens
    quotes: list[Quote] = field(default_factory=list)   # quotes attached from outside the clause
    dropped: bool = False
    channel: str | None = None
    ranges: list[tuple[int, int]] = field(default_factory=list)  # content segments of a trained-model cue


@dataclass
class _Unit:
    start: int
    end: int
    sents: list[SpacySpan]
    para: int


_LEX = load("statements")  # the function words: data/statements.yaml
_CONTENT_PREPS = frozenset(_LEX["content_preps"])
_CHANNEL_WORDS = frozenset(_LEX["channel_words"])
_SCENE_CHANNELS = frozenset(_LEX["scene_channels"])
_BACK_DETERMINERS = frozenset(_LEX["back_determiners"])
_CALL_PREPS = tuple(_LEX["call_preps"])
_RELATIVE_PRONOUNS = tuple(_LEX["relative_pronouns"])
_ADDRESSEE_VERBS = tuple(_LEX["addressee_verbs"])
_OBJECT_CUES = tuple(_LEX["object_cues"])
_SOURCE_PREPS = tuple(_LEX["source_preps"])
_LEADING_CONNECTIVES = tuple(_LEX["leading_connectives"])
_LEADING = re.compile(r"^(?:" + "|".join(map(re.escape, _LEADING_CONNECTIVES)) + r")\s+")
_BACK_SUBJECTS = frozenset(_LEX["back_subjects"])
_REFERENCE_PREPS = frozenset(_LEX["reference_preps"])
_REFERENCE_NOUNS = frozenset(_LEX["reference_nouns"])
_CITING_VERBS = frozenset(_LEX["citing_verbs"])
_CITED_SOURCE_NOUNS = frozenset(_LEX["cited_source_nouns"])
_TIME_NOUNS = frozenset(_LEX["time_nouns"])
_READOUT_KINDS = frozenset(_LEX["readout_kinds"])
_QUOTE_LABEL = re.compile(r"^\W*(?:(?i:" + "|".join(map(re.escape, _LEX["quote_labels"])) +
                          r")(?:\s+from\s+(?P<who>[^:\n]{2,80}?))?|(?P<name>[A-Z][\w.\-'’]*(?:\s+[A-Z][\w.\-'’]*){0,3}))"
                          r"\s*:\s*$")
_FINITE_TAGS = frozenset({"VBD", "VBP", "VBZ", "MD"})
#: a credit line the cleaner removed ("Source: Ivan Fedorov, head of the oblast administration, on Telegram")
_CREDIT = re.compile(r"^\W*(?i:" + "|".join(map(re.escape, _LEX["credit_labels"])) + r")\s*:\s*(?P<who>.+)$")


def credits(a: Analysis) -> list[re.Match[str]]:
    """The page's removed "Source: ..." lines, in page order (group ``who``: what they credit)."""
    return [m for r in a.document.removed if (m := _CREDIT.match(r.text)) is not None]


# ---------------------------------------------------------------------------- units and quotes

def _quote_mask(n: int, quotes: list[Quote]) -> bytearray:
    mask = bytearray(n + 1)
    for q in quotes:
        mask[q.open:q.close] = b"\x01" * (q.close - q.open)
    return mask


def _sentences(doc: Doc) -> list[SpacySpan]:
    """spaCy's sentences, cut again at line breaks (a paragraph never continues a sentence)."""
    out = []
    for s in doc.sents:
        start = s.start
        for t in s:
            if "\n" in t.text and t.is_space:
                if t.i > start:
                    out.append(doc[start:t.i])
                start = t.i + 1
        if start < s.end:
            out.append(doc[start:s.end])
    return out


def _units(doc: Doc, quotes: list[Quote], text: str) -> list[_Unit]:
    sents = _sentences(doc)
    units: list[_Unit] = []
    quoted = Intervals((q.open, q.close) for q in quotes)
    for s in sents:
        if not s.text.strip():
            continue
        if units:
            u = units[-1]
            spanned = quoted.overlaps(s.start_char, u.end)
            gap = text[u.end:s.start_char]
            tail = text[max(u.start, u.end - 2):u.end]
            lower_after_quote = s.text[:1].islower() and any(ch in tail for ch in "\"”’»'“") and "\n" not in gap
            if spanned or lower_after_quote or _cue_after_question(u, s, text, gap):
                u.sents.append(s)
                u.end = s.end_char
                continue
        units.append(_Unit(s.start_char, s.end_char, [s], 0))
    para = 0
    prev_end = 0
    for u in units:
        para += text.count("\n", prev_end, u.start) > 0
        u.para = para
        prev_end = u.end
    return units


def _cue_after_question(u: _Unit, s: SpacySpan, text: str, gap: str) -> bool:
    """Whether ``s`` is the bare cue of the quote ending ``u`` with a question or exclamation mark, which the
    parser ends a sentence at: '"Will it hold?" Zelensky asked.' is one unit, the quote its content."""
    if "\n" in gap or not re.search("[?!][\"\u201d\u2019\u00bb']\\s*$", text[max(u.start, u.end - 3):u.end]):
        return False
    root = s.root
    return root.lemma_.lower() in lexicon().verbs and root.i - s.start <= 4 and \
        not any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in root.children)


def quotes_in(quotes: list[Quote], start: int, end: int) -> list[Quote]:
    return [q for q in quotes if q.open < end and q.close > start]


def _end(t: Token) -> int:
    return t.idx + len(t.text)


def _trim(toks: list[Token]) -> list[Token]:
    while toks and (toks[0].is_punct or toks[0].lower_ in _LEADING_CONNECTIVES and toks[0].dep_ in
                    ("mark", "cc") or toks[0].is_space):
        toks = toks[1:]
    closing = ("\u201d", '"', "\u2019", "\u00bb")
    while toks and (toks[-1].is_punct and toks[-1].text not in closing or toks[-1].is_space):
        toks = toks[:-1]
    return toks


# ---------------------------------------------------------------------------- cues

def according_to(tok: Token) -> bool:
    """Is ``tok`` the cue word of "according to X" or "as per X"?"""
    low = tok.lower_
    return (low == "according" and tok.i + 1 < len(tok.doc) and tok.nbor(1).lower_ == "to") or \
        (low == "per" and tok.i > 0 and tok.nbor(-1).lower_ == "as")


def _cue_of(tok: Token, lex: Lexicon) -> str | None:
    if according_to(tok):
        return "according to"
    if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("amod", "aux", "auxpass"):
        return None
    lemma = tok.lemma_.lower()
    if lemma in lex.particles:
        if any(c.dep_ == "prt" and c.lower_ in lex.particles[lemma] for c in tok.children):
            return f"{lemma} {next(c.lower_ for c in tok.children if c.dep_ == 'prt')}"
        return None
    if lemma in lex.phrases:
        for c in tok.children:
            if c.lower_ in lex.phrases[lemma] and c.dep_ in ("acomp", "ccomp", "oprd", "dobj", "xcomp", "advmod"):
                return f"{lemma} {c.lower_}"
        return None
    cue = lex.verbs.get(lemma)
    if cue is None or not document_verb_ok(tok, lex):
        return None
    if any(c.dep_ == "neg" for c in tok.children):
        return None
    if cue in lex.question_only and tok.tag_ == "VBN":
        return None  # "when asked about it, he said ...": the question is someone else's
    if cue == "call":
        if not any(c.dep_ in ("prep",) and c.lower_ in _CALL_PREPS or c.dep_ in ("oprd", "xcomp", "ccomp")
                   for c in tok.children):
            return None
    return cue


def document_verb_ok(tok: Token, lex: Lexicon) -> bool:
    """A verb that reports speech only through a document ("the statement read") has a document as subject."""
    if tok.lemma_.lower() not in lex.document_verbs:
        return True
    return any(c.dep_ == "nsubj" and c.lemma_.lower() in DOC_NOUNS for c in tok.children)


def _agent(tok: Token) -> Token | None:
    """The "by X" of a passive cue ("was reported by X", "as announced by X"), or None. A participle on a noun
    ("the truce declared by Putin", "sources cited by AFP") names an act or a source, not what was said."""
    if tok.tag_ != "VBN":
        return None
    main = tok.dep_ in ("ROOT", "conj") and any(c.dep_ == "auxpass" for c in tok.children)
    as_clause = any(c.dep_ in ("mark", "advmod") and c.lower_ == "as" for c in tok.children)
    if not (main or as_clause):
        return None
    for c in tok.children:
        if c.dep_ == "agent":
            return next((o for o in c.children if o.dep_ == "pobj"), None)
    return None
