"""The spaCy pipeline once per session, and a helper that runs the extraction stages over a short text."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from truceline.extract.analysis import Analysis
from truceline.extract.pipeline import check_stages, load_pipeline, stages
from truceline.models import Document
from truceline.resolve.actors import ActorBook
from truceline.settings import Settings


@pytest.fixture(scope="session")
def nlp(settings: Settings):  # type: ignore[no-untyped-def]
    return load_pipeline(settings.spacy_model)


@pytest.fixture(scope="session")
def analyse(nlp, settings: Settings) -> Callable[..., Analysis]:  # type: ignore[no-untyped-def]
    """``analyse(text, published)`` -> the Analysis after the pipeline's own stages, incidents aside.

    The stages and their order are the pipeline's (checked by ``check_stages``), so a wrong declaration
    fails here too. Cleaning is skipped: the texts are written clean for the purpose.
    """
    order = [s for s in stages() if s.name != "incidents"]
    check_stages(order)

    def run(text: str, published: dt.date | None = dt.date(2025, 3, 19)) -> Analysis:
        doc = Document(id="t", source=None, title=None, published=published, outlet=None, language="en", text=text)
        a = Analysis(document=doc, doc=nlp(text), settings=settings, actors=ActorBook())
        for stage in order:
            stage.func(a)
        return a

    return run
