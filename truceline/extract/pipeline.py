"""The extraction pipeline: cleaned documents through spaCy and the stages, out as records.

A stage is a function over an :class:`Analysis` that declares the fields it needs and the ones it adds,
like a spaCy component. :func:`stages` lists them in order; :func:`check_stages` verifies, whenever an
:class:`Extractor` is made, that every name is a field of :class:`Analysis` and that each stage's needs
are met by the stages before it, so a reordering mistake fails loudly and early. The checking mode
(``Extractor(check=True)``, :func:`new_analysis` and :func:`run_stage`, used by the tests) verifies the
declarations themselves: each stage runs on an Analysis whose fields it did not declare are out of reach.
"""
from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError, InputError, TrucelineError
from ..models import Actor, Agreement, Document, RawDocument, Record, Span
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
    #: fields of :class:`Analysis` the stage reads, which the pipeline or an earlier stage provides
    needs: tuple[str, ...]
    #: fields the stage sets (it may read them too, once set)
    adds: tuple[str, ...]
    #: fields the stage consults before the stage that adds them has run, seeing them empty (the issuers
    #: stage resolves "he said in a statement" before any speaker is known)
    early: tuple[str, ...] = ()


#: the most characters spaCy parses in one batch (a batch's docs are held in memory together)
PARSE_BATCH_CHARS = 150_000

#: the fields of :class:`Analysis` a stage may declare (``_``-named ones are caches, free to all)
FIELDS = tuple(f.name for f in dataclasses.fields(Analysis) if not f.name.startswith("_"))
#: what the pipeline provides before the first stage runs
_GIVEN = tuple(f.name for f in dataclasses.fields(Analysis)
               if f.name in FIELDS and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
# What the resolution functions of coref and actors_in_text read: every stage that asks "who is this?"
# after the statements stage needs all of it.
_RESOLVING = ("mentions", "text_roles", "issuers", "statements", "statement_cues", "speakers", "reported")


def stages() -> list[Stage]:
    # Imported here so that importing the pipeline module stays cheap for the CLI's --help.
    from . import acts, agreements, attribution, coref, incidents, mentions, statements

    return [
        Stage("mentions", mentions.find_mentions, needs=("document", "doc", "actors"),
              adds=("mentions", "quotes", "text_roles")),
        Stage("issuers", coref.index_issuers, needs=("doc", "actors", "mentions", "quotes", "text_roles"),
              adds=("issuers",), early=("speakers", "reported")),
        Stage("statements", functools.partial(statements.find_statements, tagger=attribution),
              needs=("document", "doc", "settings", "actors", "mentions", "quotes", "text_roles", "issuers"),
              adds=("statements", "statement_cues", "speakers", "reported")),
        Stage("acts", acts.find_acts, needs=("document", "doc", "settings", "actors", *_RESOLVING),
              adds=("acts", "calls", "proposals", "planned")),
        Stage("agreements", agreements.build_agreements,
              needs=("document", "doc", "actors", *_RESOLVING, "acts", "planned"),
              adds=("agreements",)),
        Stage("incidents", incidents.find_incidents,
              needs=("document", "doc", "settings", "actors", *_RESOLVING, "acts"), adds=("incidents",)),
    ]


def check_stages(order: list[Stage]) -> None:
    """Every name a field of :class:`Analysis`, each field added once, each need added by an earlier stage."""
    added_by = {name: "the pipeline" for name in _GIVEN}
    later = {n for s in order for n in s.adds}
    for s in order:
        unknown = [n for n in (*s.needs, *s.adds, *s.early) if n not in FIELDS]
        if unknown:
            raise ConfigError(f"stage {s.name!r} names {', '.join(unknown)}, which Analysis does not have")
        missing = [n for n in s.needs if n not in added_by]
        if missing:
            raise ConfigError(f"stage {s.name!r} needs {', '.join(missing)}, which no earlier stage adds")
        twice = [f"{n} (added by {added_by[n]})" for n in s.adds if n in added_by]
        if twice:
            raise ConfigError(f"stage {s.name!r} adds {', '.join(twice)}")
        early = [n for n in s.early if n in added_by or n not in later]
        if early:
            raise ConfigError(f"stage {s.name!r} reads {', '.join(early)} early, but no later stage adds it")
        added_by.update((n, repr(s.name)) for n in s.adds)


# ---------------------------------------------------------------------------- the checking mode

class _Unset:
    def __repr__(self) -> str:
        return "<unset>"


_UNSET: Any = _Unset()


class _Checked(Analysis):
    """An Analysis that holds the running stage to its declaration.

    Every field a stage reads must be in its ``needs``, ``adds`` or ``early``, and every field it sets in its
    ``adds``; a field no stage has set yet is unset (an ``early`` one reads as empty, and so does one of the
    stage's own ``adds`` until it sets it); each of the stage's ``adds`` must be set when it returns.
    """

    _stage: Stage | None = None

    def __getattribute__(self, name: str) -> Any:
        value = object.__getattribute__(self, name)
        if name not in FIELDS:
            return value
        stage: Stage | None = object.__getattribute__(self, "_stage")
        if stage is None:
            if value is _UNSET:
                raise ConfigError(f"{name!r} is unset: the stage that adds it has not run")
            return value
        if name not in stage.needs and name not in stage.adds and name not in stage.early:
            raise ConfigError(f"stage {stage.name!r} reads {name!r}, which it does not declare")
        if value is _UNSET:
            if name in stage.needs:
                raise ConfigError(f"stage {stage.name!r} needs {name!r}, which is unset")
            return _empty(name)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        stage: Stage | None = object.__getattribute__(self, "_stage")
        if stage is not None and name in FIELDS and name not in stage.adds:
            raise ConfigError(f"stage {stage.name!r} sets {name!r}, which it does not declare in adds")
        object.__setattr__(self, name, value)


def _empty(name: str) -> Any:
    """A fresh empty value of the field ``name`` (what a plain Analysis holds before the field is added)."""
    f = next(f for f in dataclasses.fields(Analysis) if f.name == name)
    return f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default


def new_analysis(document: Document, doc: Doc, settings: Settings, check: bool = False) -> Analysis:
    """A fresh Analysis of one document; with ``check``, for the checking mode (:func:`run_stage`)."""
    if not check:
        return Analysis(document=document, doc=doc, settings=settings, actors=ActorBook())
    a = _Checked(document=document, doc=doc, settings=settings, actors=ActorBook())
    for name in FIELDS:
        if name not in _GIVEN:
            object.__setattr__(a, name, _UNSET)
    return a


def run_stage(a: Analysis, stage: Stage) -> None:
    """Run one stage; on a checking Analysis, hold it to its declaration (a :class:`ConfigError` if it strays)."""
    if not isinstance(a, _Checked):
        stage.func(a)
        return
    object.__setattr__(a, "_stage", stage)
    try:
        stage.func(a)
    finally:
        object.__setattr__(a, "_stage", None)
    left = [n for n in stage.adds if object.__getattribute__(a, n) is _UNSET]
    if left:
        raise ConfigError(f"stage {stage.name!r} declares {', '.join(left)} in adds but leaves it unset")


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

    def __init__(self, settings: Settings | None = None, check: bool = False) -> None:
        self.settings = settings or Settings.load()
        self.check = check  # the checking mode: each stage held to its declaration (for tests; slower)
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
        pieces = {id(d): chunks(d.text, self.settings.parse_chunk_chars) for d in docs}
        # spaCy holds a whole batch in memory at once: batch by characters too, so that the sections of a long
        # document go a few at a time while short articles still go batch_size at a time.
        longest = max((len(p) for ps in pieces.values() for p in ps), default=1)
        per_batch = max(1, min(self.settings.batch_size, PARSE_BATCH_CHARS // max(longest, 1)))
        parsed = self.nlp.pipe((p for d in docs for p in pieces[id(d)]), batch_size=per_batch,
                               n_process=self.settings.n_process)
        # the statements tagger, when one is trained, runs over the same batches (it is faster on a batch)
        from . import attribution

        parsed = iter(attribution.tag_batch(self.settings, parsed, per_batch))
        for done in cleaned:
            if isinstance(done, InputError):
                yield done
                continue
            try:
                yield self._analyse_sections(done, pieces[id(done)], parsed)
            except InputError as exc:
                yield exc
            except TrucelineError:
                raise
            except Exception as exc:  # a bug in one stage must not lose the rest of the batch
                yield InputError(done.source or done.id, f"extraction failed: {type(exc).__name__}: {exc}")

    def _analyse_sections(self, document: Document, pieces: list[str], parsed: Iterator[Doc]) -> Record:
        """One document, whose text is ``pieces`` joined, from the next ``len(pieces)`` parsed docs.

        A document longer than ``parse_chunk_chars`` is analysed section by section (cut at paragraph
        ends) and the sections' records merged, offsets shifted: spaCy's memory and every stage's work stay
        bounded by the section, so cost grows linearly with length. References across a cut (a "he"
        whose name is in the previous section) are the price; news articles are far shorter than a section.
        """
        deadline = time.monotonic() + self.settings.document_seconds
        if len(pieces) == 1:
            return self.analyse(document, next(parsed), deadline)
        done = 0
        try:
            sections = []
            offset = 0
            for piece in pieces:
                section = Document(id=document.id, source=document.source, title=document.title,
                                   published=document.published, outlet=document.outlet,
                                   language=document.language, text=piece)
                doc = next(parsed)
                done += 1
                sections.append((offset, self.analyse(section, doc, deadline)))
                offset += len(piece)
        finally:
            for _ in range(len(pieces) - done):  # keep the next document's sections in step
                next(parsed)
        return merge_sections(document, sections)

    def analyse(self, document: Document, doc: Doc, deadline: float | None = None) -> Record:
        a = new_analysis(document, doc, self.settings, check=self.check)
        budget = deadline if deadline is not None else time.monotonic() + self.settings.document_seconds
        for s in self.stages:
            run_stage(a, s)
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


def merge_sections(document: Document, sections: list[tuple[int, Record]]) -> Record:
    """The records of a document's sections as one record of the whole document.

    Items keep their order with evidence shifted by their section's offset; actors are merged by id (their
    aliases joined); an agreement is kept once per subject, the first section's, with the parties, versions
    and conditions the later sections add.
    """
    actors: dict[str, Actor] = {}
    statements, acts, incidents = [], [], []
    agreements: dict[str, Agreement] = {}
    for offset, rec in sections:
        for actor in rec.actors:
            have = actors.setdefault(actor.id, replace(actor, aliases=list(actor.aliases)))
            have.aliases.extend(x for x in actor.aliases if x not in have.aliases)
        statements += [replace(s, evidence=_shift(s.evidence, offset)) for s in rec.statements]
        acts += [replace(x, evidence=_shift(x.evidence, offset)) for x in rec.acts]
        incidents += [replace(i, evidence=_shift(i.evidence, offset)) for i in rec.incidents]
        for g in rec.agreements:
            g = replace(g, evidence=_shift(g.evidence, offset) if g.evidence else None,
                        versions=[replace(v, evidence=_shift(v.evidence, offset) if v.evidence else None)
                                  for v in g.versions],
                        conditions=[replace(c, evidence=_shift(c.evidence, offset) if c.evidence else None)
                                    for c in g.conditions])
            first = agreements.setdefault(g.subject, g)
            if first is not g:
                first.parties += [p for p in g.parties if p not in first.parties]
                first.versions += g.versions
                first.conditions += g.conditions
    return Record(document=document, actors=list(actors.values()), statements=statements, acts=acts,
                  agreements=list(agreements.values()), incidents=incidents)


def _shift(span: Span, offset: int) -> Span:
    return Span(span.start + offset, span.end + offset)
