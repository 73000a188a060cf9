"""Readers over real files, folders and a real stdin buffer; bad inputs are yielded, not raised."""
from __future__ import annotations

import datetime as dt
import io
import json
import sys
from pathlib import Path

import pytest

from truceline.errors import BinaryInputError, EmptyInputError, InputError, InputFormatError, TooLargeError
from truceline.models import RawDocument
from truceline.settings import Settings
from truceline.sources import read_inputs

ARTICLE = ("Drones struck a substation near Sumy overnight, the regional governor said on Wednesday.\n\n"
           "Repair crews restored power to most homes by the morning.\n")
PAGE = ("<html><head><title>Substation hit</title></head><body><article><p>Drones struck a substation "
        "near Sumy overnight, the regional governor said.</p></article></body></html>")


def read(paths: list[str], settings: Settings, **kw: object) -> list[RawDocument | InputError]:
    return list(read_inputs(paths, settings, **kw))  # type: ignore[arg-type]


def test_jsonl_records_with_a_bad_line_in_the_middle(tmp_path: Path, settings: Settings) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "k1", "url": "https://example.org/a", "published": "2025-03-19",
                    "title": "Strike on Sumy", "outlet": "Example Wire", "text": ARTICLE}) + "\n"
        + '{"id": "k2", "text": "unterminated\n'
        + "\n"
        + json.dumps({"html": PAGE, "published": "19 March 2025"}) + "\n"
        + json.dumps({"id": "k4", "title": "no body"}) + "\n", encoding="utf-8")
    out = read([str(feed)], settings)
    assert [type(o).__name__ for o in out] == ["RawDocument", "InputFormatError", "RawDocument",
                                               "InputFormatError"]
    first, bad, third, empty = out
    assert isinstance(first, RawDocument) and isinstance(third, RawDocument)
    assert (first.id, first.source, first.published, first.title, first.outlet) == (
        "k1", "https://example.org/a", dt.date(2025, 3, 19), "Strike on Sumy", "Example Wire")
    assert first.text == ARTICLE and first.html is None
    assert isinstance(bad, InputFormatError) and bad.source == f"{feed}:2"
    assert "invalid JSON" in bad.reason
    assert third.id == "feed-4" and third.html == PAGE and third.text is None
    assert third.source == str(feed) and third.published == dt.date(2025, 3, 19)
    assert isinstance(empty, InputFormatError) and empty.source == f"{feed}:5"
    assert empty.reason == "record without text or html"


def test_json_nested_too_deep_is_one_error_and_the_batch_goes_on(tmp_path: Path, settings: Settings) -> None:
    feed = tmp_path / "deep.jsonl"
    feed.write_text("[" * 100_000 + "]" * 100_000 + "\n"
                    + json.dumps({"id": "ok", "text": ARTICLE}) + "\n", encoding="utf-8")
    deep = tmp_path / "deep.json"
    deep.write_text('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    out = read([str(feed), str(deep)], settings)
    assert [type(o).__name__ for o in out] == ["InputFormatError", "RawDocument", "InputFormatError"]
    assert out[0].source == f"{feed}:1" and "nested too deeply" in out[0].reason  # type: ignore[union-attr]
    assert out[2].source == str(deep) and "nested too deeply" in out[2].reason  # type: ignore[union-attr]


def test_json_object_and_list(tmp_path: Path, settings: Settings) -> None:
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"text": ARTICLE, "published": None}), encoding="utf-8")
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"id": 7, "text": ARTICLE}, {"text": ARTICLE}, "not an object"]),
                    encoding="utf-8")
    out = read([str(one), str(many)], settings)
    assert [o.id if isinstance(o, RawDocument) else o.source for o in out] == [
        "one", "7", "many-2", f"{many}[3]"]
    assert isinstance(out[3], InputFormatError)


def test_invalid_json_file(tmp_path: Path, settings: Settings) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{'single': 'quotes'}", encoding="utf-8")
    (out,) = read([str(bad)], settings)
    assert isinstance(out, InputFormatError) and out.source == str(bad)


def test_plain_and_html_files_with_published_and_url(tmp_path: Path, settings: Settings) -> None:
    txt = tmp_path / "sumy-strike.txt"
    txt.write_text(ARTICLE, encoding="utf-8")
    (doc,) = read([str(txt)], settings, published=dt.date(2025, 3, 19), url="https://example.org/sumy")
    assert isinstance(doc, RawDocument)
    assert (doc.id, doc.source, doc.published, doc.text, doc.html) == (
        "sumy-strike", "https://example.org/sumy", dt.date(2025, 3, 19), ARTICLE, None)
    page = tmp_path / "page.HTM"
    page.write_text(PAGE, encoding="utf-8")
    (html_doc,) = read([str(page)], settings)
    assert isinstance(html_doc, RawDocument) and html_doc.html == PAGE and html_doc.text is None
    assert html_doc.published is None and html_doc.source == str(page)


def test_published_and_url_are_not_applied_to_several_inputs(tmp_path: Path, settings: Settings) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(ARTICLE, encoding="utf-8")
    out = read([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], settings,
               published=dt.date(2025, 3, 19), url="https://example.org/x")
    assert [(o.id, o.published, o.source) for o in out if isinstance(o, RawDocument)] == [
        ("a", None, str(tmp_path / "a.txt")), ("b", None, str(tmp_path / "b.txt"))]


def test_folders_are_read_recursively_sorted_without_hidden_files(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "note.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a" / "deep" / "note.txt").write_text(ARTICLE, encoding="cp1251")
    (tmp_path / "a" / "z.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    out = read([str(tmp_path)], settings)
    assert [(o.id, o.source) for o in out if isinstance(o, RawDocument)] == [
        ("note", str(tmp_path / "a" / "deep" / "note.txt")),
        ("z", str(tmp_path / "a" / "z.txt")),
        ("note-2", str(tmp_path / "b" / "note.txt")),
    ]


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path: Path, settings: Settings) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)))
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as fh:  # a sparse 50 MB file: refused by its size, never read
        fh.truncate(50_000_000)
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE, encoding="koi8-r")
    out = read([str(empty), str(binary), str(huge), str(tmp_path / "missing.txt"), str(good)], settings)
    assert [type(o) for o in out] == [EmptyInputError, BinaryInputError, TooLargeError, InputError,
                                      RawDocument]
    assert [o.source for o in out[:4] if isinstance(o, InputError)] == [
        str(empty), str(binary), str(huge), str(tmp_path / "missing.txt")]
    assert "max_input_bytes" in str(out[2])
    assert isinstance(out[4], RawDocument) and out[4].text == ARTICLE


def test_size_limit_comes_from_settings(tmp_path: Path) -> None:
    small = Settings.load(max_input_bytes=50)
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    (out,) = read([str(path)], small)
    assert isinstance(out, TooLargeError)
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "s", "text": "short text"}) + "\n"
                    + json.dumps({"id": "l", "text": ARTICLE}) + "\n", encoding="utf-8")
    out2 = read([str(feed)], small)
    assert isinstance(out2[0], RawDocument) and out2[0].id == "s"
    assert isinstance(out2[1], TooLargeError) and out2[1].source == f"{feed}:2"


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_plain_text(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    _stdin(monkeypatch, ARTICLE.encode("cp1251"))
    (doc,) = read(["-"], settings, published=dt.date(2025, 3, 19))
    assert isinstance(doc, RawDocument)
    assert (doc.id, doc.source, doc.text, doc.published) == ("stdin", None, ARTICLE, dt.date(2025, 3, 19))


def test_stdin_json_lines_and_html_are_sniffed(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    lines = json.dumps({"id": "x1", "text": ARTICLE}) + "\n" + json.dumps({"id": "x2", "text": ARTICLE}) + "\n"
    _stdin(monkeypatch, lines.encode("utf-8"))
    assert [o.id for o in read(["-"], settings) if isinstance(o, RawDocument)] == ["x1", "x2"]
    _stdin(monkeypatch, b"<!DOCTYPE html>\n" + PAGE.encode("utf-8"))
    (doc,) = read(["-"], settings)
    assert isinstance(doc, RawDocument) and doc.html is not None and doc.text is None


def test_stdin_empty(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    _stdin(monkeypatch, b"")
    (out,) = read(["-"], settings)
    assert isinstance(out, EmptyInputError) and out.source == "-"


def test_stdin_json_lines_with_long_records(monkeypatch: pytest.MonkeyPatch, settings: Settings) -> None:
    long_text = ARTICLE * 20
    lines = "".join(json.dumps({"id": f"L{i}", "text": long_text}) + "\n" for i in range(3))
    _stdin(monkeypatch, lines.encode("utf-8"))
    out = read(["-"], settings)
    assert [(o.id, o.text) for o in out if isinstance(o, RawDocument)] == [
        ("L0", long_text), ("L1", long_text), ("L2", long_text)]


def test_a_file_reached_through_two_paths_is_read_once(tmp_path: Path, settings: Settings) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "report.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "alias").symlink_to(news)
    out = read([str(news), str(tmp_path / "alias" / "report.txt"), str(news / ".." / "news" / "report.txt")],
               settings)
    assert [type(o).__name__ for o in out] == ["RawDocument"]
    assert out[0].id == "report"  # type: ignore[union-attr]
