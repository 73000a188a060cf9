"""The spaCy pipeline once per session, and a helper that runs the extraction stages over a short text."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from truceline.extract.pipeline import Analysis, load_pipeline
from truceline.models import Document
from truceline.resolve.actors import ActorBook, find_mentions
from truceline.settings import Settings


@pytest.fixture(scope="session")
def nlp(settings: Settings):  # type: ignore[no-untyped-def]
    return load_pipeline(settings.spacy_model)


@pytest.fixture(scope="session")
def analyse(nlp, settings: Settings) -> Callable[..., Analysis]:  # type: ignore[no-untyped-def]
    """``analyse(text, published)`` -> the Analysis after mentions, statements, acts and agreements.

    Cleaning is skipped: the texts are written clean for the purpose.
    """
    from truceline.extract import acts, agreements, statements

    def run(text: str, published: dt.date | None = dt.date(2025, 3, 19)) -> Analysis:
        doc = Document(id="t", source=None, title=None, published=published, outlet=None, language="en", text=text)
        a = Analysis(document=doc, doc=nlp(text), settings=settings, actors=ActorBook())
        find_mentions(a)
        statements.find_statements(a)
        acts.find_acts(a)
        agreements.build_agreements(a)
        return a

    return run
