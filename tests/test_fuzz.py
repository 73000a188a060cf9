"""Property-based fuzzing: readers, cleaner, extractor and store meet generated inputs and fail, if at all,
only with the project's own errors (``TrucelineError``), one input at a time.

The budget here is small and fixed (``derandomize`` keeps CI repeatable); ``benchmarks/fuzz.py`` runs the
same generators for as many inputs as it is given.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from truceline.clean import clean
from truceline.errors import InputError, TrucelineError
from truceline.models import RawDocument
from truceline.settings import Settings
from truceline.sources import read_inputs

if TYPE_CHECKING:
    from truceline.extract.pipeline import Extractor

FUZZ = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Text that looks a little like news and a lot like trouble: words of the domain, markup, quotes, control
# characters, very long tokens, Cyrillic, numbers and dates.
WORDS = ["Russia", "Ukraine", "said", "agreed", "ceasefire", "drone", "strike", "Kharkiv", "on", "March", "18",
         "the", "Kremlin", "\u201c", "\u201d", '"', "'", "<p>", "</p>", "<script>", "&amp;", "\u00a0", "\n",
         "\n\n", "\t", "\x00", "\x1b", "Зеленский", "Київ", "2025-03-18", "{", "}", "[", "]", "x" * 300]
news_text = st.lists(st.sampled_from(WORDS) | st.text(max_size=20), max_size=200).map(" ".join)
any_bytes = st.binary(max_size=4000)
json_value = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=30),
                          lambda children: st.lists(children, max_size=4)
                          | st.dictionaries(st.sampled_from(["id", "text", "html", "url", "published", "title",
                                                             "outlet", "x"]), children, max_size=5),
                          max_leaves=20)


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings.load(db=str(tmp_path_factory.mktemp("fuzz") / "f.db"), max_input_bytes=20_000)


def _only_project_errors(items: list[object]) -> None:
    for item in items:
        assert isinstance(item, (RawDocument, InputError)), type(item)


@FUZZ
@given(data=any_bytes, suffix=st.sampled_from([".txt", ".html", ".json", ".jsonl", ".warc", ".warc.gz", ""]))
def test_readers_turn_any_file_into_documents_or_error_lines(tmp_path: Path, small: Settings, data: bytes,
                                                             suffix: str) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    _only_project_errors(list(read_inputs([str(path)], small)))


@FUZZ
@given(records=st.lists(json_value, max_size=6))
def test_json_lines_of_any_shape(tmp_path: Path, small: Settings, records: list[object]) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    out = list(read_inputs([str(path)], small))
    _only_project_errors(out)
    assert len(out) <= len(records)


@FUZZ
@given(text=news_text, html=st.booleans())
def test_cleaner_gives_a_document_or_its_own_error(small: Settings, text: str, html: bool) -> None:
    raw = RawDocument(id="f", html=f"<html><body><article>{text}</article></body></html>" if html else None,
                      text=None if html else text)
    try:
        doc = clean(raw, small)
    except TrucelineError:
        return
    assert doc.text.strip()


@pytest.mark.slow
@FUZZ
@given(text=news_text, published=st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2030, 1, 1)))
def test_extractor_gives_a_valid_record_or_its_own_error(extractor: Extractor, text: str,
                                                         published: dt.date | None) -> None:
    try:
        record = extractor.extract_text(text, id="fuzz", published=published)
    except TrucelineError:
        return
    body = record.document.text
    for item in [*record.statements, *record.acts, *record.incidents]:
        assert 0 <= item.evidence.start <= item.evidence.end <= len(body)
    json.dumps(record.to_dict())


@FUZZ
@given(text=news_text)
def test_store_keeps_any_cleanable_record_once(tmp_path_factory: pytest.TempPathFactory, small: Settings,
                                               text: str) -> None:
    from truceline.models import Document, Record
    from truceline.store import open_store

    if not text.strip():
        return
    path = str(tmp_path_factory.mktemp("fuzzstore") / "s.db")
    with open_store(path, Settings.load(db=path)) as store:
        doc = Document("f", None, None, None, None, "en", text)
        record = Record(doc, [], [], [], [], [])
        first = store.add(record)
        assert first is not None and store.add(record) is None
        assert store.counts()["documents"] == 1
