"""The extraction pipeline: cleaned documents through spaCy and the stages, out as records.

A stage is a function over an :class:`Analysis` that declares the attributes it
needs and the ones it adds, like a spaCy component. :data:`STAGES` lists them in
order; :func:`check_stages` verifies at import time that each stage's needs are
met by the stages before it, so a reordering mistake fails loudly and early.
"""
from __future__ import annotations

import functools
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
        parsed = iter(self.nlp.pipe((d.text for d in docs), batch_size=self.settings.batch_size,
                                    n_process=self.settings.n_process))
        for done in cleaned:
            if isinstance(done, InputError):
                yield done
                continue
            try:
                yield self.analyse(done, next(parsed))
            except TrucelineError:
                raise
            except Exception as exc:  # a bug in one stage must not lose the rest of the batch
                yield InputError(done.source or done.id, f"extraction failed: {type(exc).__name__}: {exc}")

    def analyse(self, document: Document, doc: Doc) -> Record:
        a = Analysis(document=document, doc=doc, settings=self.settings, actors=ActorBook())
        for s in self.stages:
            s.func(a)
        return a.record()

    def extract_text(self, text: str, **meta: Any) -> Record:
        """One plain text to one record: ``extract_text(text, id="x", published=date(2025, 3, 19))``."""
        raw = RawDocument(id=meta.pop("id", "text"), text=text, **meta)
        out = next(self.run([raw]))
        if isinstance(out, InputError):
            raise out
        return out
