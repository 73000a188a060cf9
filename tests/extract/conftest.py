"""The spaCy pipeline once per session, and a helper that runs the extraction stages over a short text."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from truceline.extract.analysis import Analysis
from truceline.extract.pipeline import check_stages, load_pipeline, new_analysis, run_stage, stages
from truceline.models import Document, Removal
from truceline.settings import Settings


@pytest.fixture(scope="session")
def nlp(settings: Settings):  # type: ignore[no-untyped-def]
    return load_pipeline(settings.spacy_model)


@pytest.fixture(scope="session")
def analyse(nlp, settings: Settings) -> Callable[..., Analysis]:  # type: ignore[no-untyped-def]
    """``analyse(text, published)`` -> the Analysis after all the pipeline's own stages, in its order.

    The stages run in the checking mode: each is held to the fields it declares (``needs``, ``adds``,
    ``early``), so a wrong declaration fails here too. Cleaning is skipped: the texts are written clean
    for the purpose.
    """
    order = stages()
    check_stages(order)

    def run(text: str, published: dt.date | None = dt.date(2025, 3, 19), removed: list[str] = ()) -> Analysis:
        """``removed``: lines the cleaner would have taken off the page (as "source_link")."""
        doc = Document(id="t", source=None, title=None, published=published, outlet=None, language="en", text=text,
                       removed=[Removal(line, "source_link") for line in removed])
        a = new_analysis(doc, nlp(text), settings, check=True)
        for stage in order:
            run_stage(a, stage)
        return a

    return run
