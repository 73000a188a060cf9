"""The typed state one document carries through the extraction stages.

It lives apart from the pipeline so that every stage can import it without importing the stages'
driver (which imports every stage).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..models import Act, Agreement, Document, Incident, Record, Statement
from ..settings import Settings

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from ..resolve.actors import ActorBook


@dataclass
class Analysis:
    """Everything known about one document while the stages run."""

    document: Document
    doc: Doc
    settings: Settings
    actors: ActorBook
    statements: list[Statement] = field(default_factory=list)
    acts: list[Act] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    #: scratch space shared between stages (e.g. resolved mentions), never serialised.
    notes: dict[str, Any] = field(default_factory=dict)

    def ents_in(self, span: Span) -> list[Span]:
        """The entities inside ``span``, from an index built once per document.

        spaCy's ``Span.ents`` walks every entity of the document on each call (and ``Doc.text`` rebuilds
        the whole text), which made the stages quadratic in the document's length; stages use this and
        ``document.text`` instead.
        """
        index = self.notes.get("_ents")
        if index is None:
            ents = list(self.doc.ents)
            index = self.notes["_ents"] = (ents, [e.start for e in ents])
        ents, starts = index
        lo = bisect.bisect_left(starts, span.start)
        out = []
        for e in ents[lo:]:
            if e.start >= span.end:
                break
            if e.end <= span.end:
                out.append(e)
        return out

    def record(self) -> Record:
        return Record(document=self.document, actors=self.actors.referenced(), statements=self.statements,
                      acts=self.acts, agreements=self.agreements, incidents=self.incidents)
