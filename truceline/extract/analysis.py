"""The typed state one document carries through the extraction stages.

It lives apart from the pipeline so that every stage can import it without importing the stages'
driver (which imports every stage). The pipeline gives the first four fields; each later one says
which stage adds it, and :func:`truceline.extract.pipeline.stages` declares the same: its checking
mode (:func:`truceline.extract.pipeline.run_checked`) holds every stage to its declaration. Fields
whose names start with ``_`` are caches, worked out from the parse on first use; no stage declares them.
"""
from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..models import Act, Agreement, Document, Incident, Record, Statement
from ..models import Span as TextSpan
from ..settings import Settings
from .intervals import Intervals
from .quotes import Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from ..resolve.actors import ActorBook


@dataclass
class Mention:
    """A stretch of ``document.text`` that refers to an actor.

    ``source``: ``name`` (a registry name or alias), ``title`` ("the Kremlin spokesman"),
    ``metonym`` ("Moscow" used as an agent), ``text`` (a person or body the registry lacks).
    ``agent``: the mention heads a subject or an "according to"/"by" phrase.
    ``quoted``: the mention lies inside a quotation (never an antecedent for "he", "the ministry").
    """

    start: int
    end: int
    text: str
    actor: str
    source: str = "name"
    agent: bool = False
    quoted: bool = False


@dataclass
class StatementCue:
    """Where a statement was said: its cue and its content, so a sentence with two speakers ("hours after
    the Kremlin announced its order, Zelensky wrote that drones hit Sumy") tells them apart."""

    statement: Statement
    cue: int                          #: offset of the cue word ("wrote", "according")
    content: list[tuple[int, int]]    #: character ranges of what was said


@dataclass
class Call:
    """A call or talks the text reports, for a later passive "it was agreed" and its date."""

    at: int                      #: offset of the trigger word
    participants: list[str]      #: actor ids, in the order the text gives them
    date: dt.date | None


@dataclass
class Planned:
    """A meeting the text announces for later, or reports called off (see talks.py)."""

    at: int                      #: offset of the meeting word
    evidence: TextSpan           #: its sentence
    participants: list[str]      #: actor ids, in the order the text gives them
    date: dt.date | None         #: the day it is to take place, when given
    called_off: bool             #: cancelled, postponed or put on hold


@dataclass
class Analysis:
    """Everything known about one document while the stages run; never serialised."""

    # Given by the pipeline before the first stage.
    document: Document
    doc: Doc
    settings: Settings
    actors: ActorBook
    # The mentions stage.
    #: actor mentions in text order
    mentions: list[Mention] = field(default_factory=list)
    #: quotations in text order
    quotes: list[Quote] = field(default_factory=list)
    #: actor id -> role nouns the text puts beside a person the registry lacks ("the city's mayor, X")
    text_roles: dict[str, set[str]] = field(default_factory=dict)
    # The issuers stage.
    #: (offset, issuer actor ids) of every document the text attributes ("a joint statement by X and Y")
    issuers: list[tuple[int, list[str]]] = field(default_factory=list)
    # The statements stage.
    statements: list[Statement] = field(default_factory=list)
    #: the cue and content of each statement, in the order of ``statements``
    statement_cues: list[StatementCue] = field(default_factory=list)
    #: (offset of the cue, actor id) of every speaker, in reading order
    speakers: list[tuple[int, str]] = field(default_factory=list)
    #: (start, end) of every reported clause ("said the president ..."): its names are not the speaker
    reported: list[tuple[int, int]] = field(default_factory=list)
    # The acts stage.
    acts: list[Act] = field(default_factory=list)
    #: calls and talks, in reading order
    calls: list[Call] = field(default_factory=list)
    #: (offset, subject) of every proposal, for a later reply that names no subject ("welcomed the idea")
    proposals: list[tuple[int, str]] = field(default_factory=list)
    #: meetings announced, not yet held (the agreements to meet)
    planned: list[Planned] = field(default_factory=list)
    # The agreements stage.
    agreements: list[Agreement] = field(default_factory=list)
    # The incidents stage.
    incidents: list[Incident] = field(default_factory=list)
    # Caches.
    #: the mentions' start offsets, for bisecting (set with ``mentions``)
    _mention_starts: list[int] | None = field(default=None, init=False, repr=False)
    #: the document's entities and their token starts (:meth:`ents_in`)
    _ents: tuple[list[Span], list[int]] | None = field(default=None, init=False, repr=False)
    #: the ceasefire the document is about (``acts_subject.document_subject``)
    _doc_subject: str | None = field(default=None, init=False, repr=False)
    _truce_named: bool | None = field(default=None, init=False, repr=False)
    #: the page's credit line as a speaker, once worked out (``statements._doc_credit``): empty until then
    _doc_credit: list[tuple[str, str | None] | None] = field(default_factory=list, init=False, repr=False)
    #: (number of mentions, the countries they name) (``actors_in_text.countries_named``)
    _countries_named: tuple[int, frozenset[str | None]] | None = field(default=None, init=False, repr=False)
    #: subject -> the measures the sentences report (measures.py; read by the acts and agreements stages)
    _measures: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    #: each sentence's (start, end, specific subject, any subject) (``agreements._sentence_subjects``)
    _sentence_subjects: list[tuple[int, int, str | None, str | None]] | None = \
        field(default=None, init=False, repr=False)
    #: (number of reported clauses, their index) (:meth:`reported_at`)
    _reported_index: tuple[int, Intervals] | None = field(default=None, init=False, repr=False)
    #: (number of mentions, their index) (:meth:`in_mention`); (number of statement cues, their contents' index, the
    #: contents with their cue's number) (:meth:`said_in`)
    _mention_index: tuple[int, Intervals] | None = field(default=None, init=False, repr=False)
    _said_index: tuple[int, Intervals, list[tuple[int, int, int]]] | None = \
        field(default=None, init=False, repr=False)

    def ents_in(self, span: Span) -> list[Span]:
        """The entities inside ``span``, from an index built once per document.

        spaCy's ``Span.ents`` walks every entity of the document on each call (and ``Doc.text`` rebuilds
        the whole text), which made the stages quadratic in the document's length; stages use this and
        ``document.text`` instead.
        """
        index = self._ents
        if index is None:
            ents = list(self.doc.ents)
            index = self._ents = (ents, [e.start for e in ents])
        ents, starts = index
        lo = bisect.bisect_left(starts, span.start)
        out = []
        for e in ents[lo:]:
            if e.start >= span.end:
                break
            if e.end <= span.end:
                out.append(e)
        return out

    def reported_at(self, pos: int) -> list[tuple[int, int]]:
        """The reported clauses (``reported``) around character ``pos``, from an index built once per document:
        a scan of every clause for each word asked about was quadratic in the document's length. A clause lies
        within its sentence, so only those starting less than the longest clause's length before ``pos`` are
        looked at."""
        index = self._reported_index
        if index is None or index[0] != len(self.reported):
            index = self._reported_index = (len(self.reported), Intervals(self.reported))
        clauses = index[1]
        return [clauses.spans[j] for j in clauses.near(pos, pos + 1) if pos < clauses.spans[j][1]]

    def in_mention(self, pos: int) -> bool:
        """Whether character ``pos`` lies inside a mention, from an index built once per set of mentions."""
        index = self._mention_index
        if index is None or index[0] != len(self.mentions):
            index = self._mention_index = (len(self.mentions), Intervals((m.start, m.end) for m in self.mentions))
        return index[1].holds(pos)

    def said_in(self, start: int, end: int) -> list[StatementCue]:
        """The statement cues whose content overlaps ``start``..``end``, in their order, from an index built
        once per set of cues (a scan of every cue for each sentence asked about was quadratic)."""
        index = self._said_index
        if index is None or index[0] != len(self.statement_cues):
            # content segments sorted as the Intervals sorts them, each with the number of its cue
            segs = sorted((s, e, k) for k, said in enumerate(self.statement_cues) for s, e in said.content)
            index = self._said_index = (len(self.statement_cues), Intervals((s, e) for s, e, _ in segs), segs)
        _, spans, segs = index
        hits = {segs[j][2] for j in spans.near(start, end) if segs[j][0] < end and start < segs[j][1]}
        return [self.statement_cues[k] for k in sorted(hits)]

    def record(self) -> Record:
        return Record(document=self.document, actors=self.actors.referenced(), statements=self.statements,
                      acts=self.acts, agreements=self.agreements, incidents=self.incidents)
