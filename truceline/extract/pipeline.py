"""The extraction pipeline: cleaned documents through spaCy and the stages, out as records.

A stage is a function over an :class:`Analysis` that declares the attributes it
needs and the ones it adds, like a spaCy component. :data:`STAGES` lists them in
order; :func:`check_stages` verifies at import time that each stage's needs are
met by the stages before it, so a reordering mistake fails loudly and early.
"""
from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError, InputError, TrucelineError
from ..models import Document, RawDocument, Record
from ..resolve.actors import ActorBook
from ..settings import Settings
from .analysis import Analysis

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Stage:
    name: str
    func: Callable[[Analysis], None]
    needs: tuple[str, ...]
    adds: tuple[str, ...]


# What the pipeline provides before the first stage runs.
_GIVEN = ("document", "doc", "settings", "actors")


def stages() -> list[Stage]:
    # Imported here so that importing the pipeline module stays cheap for the CLI's --help.
    from . import acts, agreements, coref, incidents, mentions, statements

    return [
        Stage("mentions", mentions.find_mentions, needs=("doc", "actors"), adds=("mentions", "quotes")),
        Stage("issuers", coref.index_issuers, needs=("doc", "mentions"), adds=("issuers",)),
        Stage("statements", statements.find_statements, needs=("doc", "mentions", "quotes", "issuers"),
              adds=("statements",)),
        Stage("acts", acts.find_acts, needs=("doc", "mentions", "statements"), adds=("acts",)),
        Stage("agreements", agreements.build_agreements, needs=("acts",), adds=("agreements",)),
        Stage("incidents", incidents.find_incidents, needs=("doc", "mentions"), adds=("incidents",)),
    ]


def check_stages(order: list[Stage]) -> None:
    have = set(_GIVEN)
    for s in order:
        missing = [n for n in s.needs if n not in have]
        if missing:
            raise ConfigError(f"stage {s.name!r} needs {', '.join(missing)}, which no earlier stage adds")
        have.update(s.adds)


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str) -> Language:
    """Load the spaCy pipeline by name and teach it the registry's and gazetteer's names."""
    import spacy

    from ..resolve import actors

    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ConfigError(f"spaCy pipeline {name!r} is not installed ({exc})") from exc
    patterns = actors.entity_patterns()
    try:
        from ..resolve import places
    except ImportError:  # the gazetteer arrives with the incidents stage
        places = None  # type: ignore[assignment]
    if places is not None and hasattr(places, "entity_patterns"):
        patterns += places.entity_patterns()
    if patterns:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
        # The ruler parses each phrase pattern with every component before it (tagger, parser...), though
        # it matches on the words alone: with those switched off, 13,000 patterns load in 1 s instead of 9.
        with nlp.select_pipes(enable=["entity_ruler"]):
            ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    return nlp


class Extractor:
    """Clean, parse and extract documents into truceline.v1 records.

    >>> ex = Extractor(Settings.load())            # doctest: +SKIP
    >>> [r.document.title for r in ex.run(read_inputs(["article.txt"], ex.settings))]  # doctest: +SKIP
    """

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings.load()
        self.nlp = load_pipeline(self.settings.spacy_model)
        self.nlp.max_length = max(self.nlp.max_length, self.settings.max_input_bytes + 1)
        self.stages = stages()
        check_stages(self.stages)

    def run(self, items: Iterable[RawDocument | InputError]) -> Iterator[Record | InputError]:
        """Records and input errors, in input order; one bad input never stops the others."""
        from ..clean import clean

        batch: list[RawDocument | InputError] = []
        for item in items:
            batch.append(item)
            if len(batch) >= self.settings.batch_size:
                yield from self._run_batch(batch, clean)
                batch = []
        if batch:
            yield from self._run_batch(batch, clean)

    def _run_batch(self, batch: list[RawDocument | InputError],
                   clean: Callable[[RawDocument, Settings], Document]) -> Iterator[Record | InputError]:
        cleaned: list[Document | InputError] = []
        for item in batch:
            if isinstance(item, InputError):
                cleaned.append(item)
                continue
            try:
                cleaned.append(clean(item, self.settings))
            except InputError as exc:
                cleaned.append(exc)
        docs = [d for d in cleaned if isinstance(d, Document)]
        parsed = iter(self._parse([d.text for d in docs]))
        for done in cleaned:
            if isinstance(done, InputError):
                yield done
                continue
            try:
                yield self.analyse(done, next(parsed))
            except InputError as exc:
                yield exc
            except TrucelineError:
                raise
            except Exception as exc:  # a bug in one stage must not lose the rest of the batch
                yield InputError(done.source or done.id, f"extraction failed: {type(exc).__name__}: {exc}")

    def _parse(self, texts: list[str]) -> Iterator[Doc]:
        """spaCy docs of ``texts`` in order; a long text is parsed in pieces cut at paragraph ends and joined
        back into one doc with the same text, so that memory stays bounded by ``parse_chunk_chars``."""
        from spacy.tokens import Doc

        size = self.settings.parse_chunk_chars
        pieces = [chunks(text, size) for text in texts]
        flat = self.nlp.pipe((p for ps in pieces for p in ps), batch_size=self.settings.batch_size,
                             n_process=self.settings.n_process)
        for text, ps in zip(texts, pieces, strict=True):
            parts = [next(flat) for _ in ps]
            doc = parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)
            if doc.text != text:  # pragma: no cover - chunks() keeps every character
                raise AssertionError("a document's pieces do not join back to its text")
            yield doc

    def analyse(self, document: Document, doc: Doc) -> Record:
        a = Analysis(document=document, doc=doc, settings=self.settings, actors=ActorBook())
        budget = time.monotonic() + self.settings.document_seconds
        for s in self.stages:
            s.func(a)
            if time.monotonic() > budget:
                raise InputError(document.source or document.id,
                                 f"extraction took longer than {self.settings.document_seconds:g} s "
                                 f"(document_seconds), given up after the {s.name} stage")
        return a.record()

    def extract_text(self, text: str, **meta: Any) -> Record:
        """One plain text to one record: ``extract_text(text, id="x", published=date(2025, 3, 19))``."""
        raw = RawDocument(id=meta.pop("id", "text"), text=text, **meta)
        out = next(self.run([raw]))
        if isinstance(out, InputError):
            raise out
        return out


def chunks(text: str, size: int) -> list[str]:
    """``text`` in pieces of at most about ``size`` characters that join back to it exactly: cut after a
    paragraph break, else after a sentence end or a line end, else at ``size``."""
    out: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = max(window.rfind("\n\n"), -1)
        cut = cut + 2 if cut > size // 2 else -1
        if cut < 0:
            for mark in (". ", "\n"):
                at = window.rfind(mark)
                if at > size // 2:
                    cut = at + len(mark)
                    break
        if cut < 0:
            cut = size
        out.append(text[start:start + cut])
        start += cut
    out.append(text[start:])
    return out
