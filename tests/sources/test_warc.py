"""WARC and WARC.gz archives built here with warcio's writer, read back as pages."""
from __future__ import annotations

import datetime as dt
import gzip
import io
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from truceline.errors import EmptyInputError, InputError, TooLargeError
from truceline.models import RawDocument, Record
from truceline.settings import Settings
from truceline.sources.fetch import url_id
from truceline.sources.warc import is_warc, read_warc

DATED = """<html><head><title>Energy truce talks</title>
<meta property="article:published_time" content="2025-03-18T09:30:00+00:00"></head>
<body><article><p>Negotiators met in Jeddah on Tuesday to discuss a pause in strikes on power plants.</p>
<p>President Volodymyr Zelensky said the talks were constructive and would continue next week.</p>
</article></body></html>"""

UNDATED = """<html><head><title>Grid repairs</title></head><body><article>
<p>Engineers restored power to the eastern district after an overnight drone attack, the regional
governor wrote on Telegram.</p></article></body></html>"""

CYRILLIC = """<html><head><title>Переговори</title></head><body><article>
<p>Міністр заявив, що переговори тривають.</p></article></body></html>"""

PAGES = {
    "https://news.example/2025/energy-truce-talks": DATED,
    "https://news.example/world/grid-repairs": UNDATED,
}
CAPTURED = "2025-03-20T07:45:12Z"


def _response(w: WARCWriter, uri: str, body: bytes, *, status: str = "200 OK",
              content_type: str = "text/html; charset=utf-8", extra: list[tuple[str, str]] | None = None) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type), *(extra or [])], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers,
                                        warc_headers_dict={"WARC-Date": CAPTURED}))


def build_warc(path: Path, *, compress: bool) -> None:
    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=compress)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "truceline tests"}))
        for uri, html in PAGES.items():
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True)
            w.write_record(w.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=request))
            _response(w, uri, html.encode("utf-8"))
        # Not pages: an image, a 404, a redirect, a script.
        _response(w, "https://news.example/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
        _response(w, "https://news.example/missing", b"<html>gone</html>", status="404 Not Found")
        _response(w, "https://news.example/old", b"", status="301 Moved Permanently",
                  extra=[("Location", "https://news.example/new")])
        _response(w, "https://news.example/app.js", b"var x = 1;", content_type="application/javascript")


@pytest.mark.parametrize(("name", "compress"), [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_pages_read_from_warc(tmp_path: Path, settings: Settings, name: str, compress: bool) -> None:
    path = tmp_path / name
    build_warc(path, compress=compress)
    out = list(read_warc(str(path), settings))
    assert all(isinstance(d, RawDocument) for d in out)
    docs = [d for d in out if isinstance(d, RawDocument)]
    assert [d.source for d in docs] == list(PAGES)
    assert [d.html for d in docs] == list(PAGES.values())
    assert [d.id for d in docs] == [url_id(u) for u in PAGES]
    assert docs[0].id.startswith("energy-truce-talks-")
    # The page's own date first; the capture date only when the page declares none.
    assert docs[0].published == dt.date(2025, 3, 18)
    assert docs[1].published == dt.date(2025, 3, 20)


def test_compressed_and_plain_archives_agree(tmp_path: Path, settings: Settings) -> None:
    build_warc(tmp_path / "a.warc", compress=False)
    build_warc(tmp_path / "a.warc.gz", compress=True)
    assert list(read_warc(str(tmp_path / "a.warc"), settings)) == list(read_warc(str(tmp_path / "a.warc.gz"),
                                                                              settings))


def test_legacy_charset_from_http_header(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "cp1251.warc.gz"
    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=True)
        _response(w, "https://news.example/ua/talks", CYRILLIC.encode("cp1251"),
                  content_type="text/html; charset=windows-1251")
    (doc,) = list(read_warc(str(path), settings))
    assert isinstance(doc, RawDocument) and doc.html == CYRILLIC


def test_gzip_content_encoding_of_the_payload_is_undone(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "enc.warc"
    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=False)
        _response(w, "https://news.example/zipped", gzip.compress(DATED.encode()),
                  extra=[("Content-Encoding", "gzip")])
    (doc,) = list(read_warc(str(path), settings))
    assert isinstance(doc, RawDocument) and doc.html == DATED


def test_repeated_uri_gets_a_distinct_id(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "twice.warc.gz"
    uri = "https://news.example/live/updates"
    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=True)
        _response(w, uri, DATED.encode())
        _response(w, uri, UNDATED.encode())
    ids = [d.id for d in read_warc(str(path), settings) if isinstance(d, RawDocument)]
    assert ids == [url_id(uri), f"{url_id(uri)}-2"]


def test_record_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.warc.gz"
    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=True)
        _response(w, "https://news.example/huge", b"<html><body>" + b"x" * 3000 + b"</body></html>")
        _response(w, "https://news.example/small", UNDATED.encode())
    got = list(read_warc(str(path), Settings.load(max_input_bytes=2000)))
    assert isinstance(got[0], TooLargeError) and got[0].source == f"{path}#https://news.example/huge"
    assert isinstance(got[1], RawDocument) and got[1].source == "https://news.example/small"


def test_archive_without_pages(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "images.warc"
    with open(path, "wb") as out:
        _response(WARCWriter(out, gzip=False), "https://news.example/a.png", b"\x89PNG", content_type="image/png")
    (err,) = list(read_warc(str(path), settings))
    assert isinstance(err, EmptyInputError)


def test_not_a_warc(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "fake.warc.gz"
    path.write_bytes(b"this is not an archive\n" * 5)
    out = list(read_warc(str(path), settings))
    assert len(out) == 1 and isinstance(out[0], InputError)
    missing = list(read_warc(str(tmp_path / "absent.warc"), settings))
    assert len(missing) == 1 and "cannot read" in missing[0].reason  # type: ignore[union-attr]


def test_is_warc() -> None:
    assert is_warc("a/b/crawl.warc") and is_warc("CC-NEWS-1.WARC.GZ")
    assert not is_warc("page.html") and not is_warc("feed.jsonl") and not is_warc("x.warc.gz.txt")


@pytest.mark.slow
def test_warc_extracts_to_the_same_records_as_the_html_pages(tmp_path: Path, extractor: object) -> None:
    from truceline.extract.pipeline import Extractor

    assert isinstance(extractor, Extractor)
    path = tmp_path / "crawl.warc.gz"
    build_warc(path, compress=True)
    from_warc = [r.to_dict() for r in extractor.run(read_warc(str(path), extractor.settings)) if isinstance(r, Record)]
    # The same pages as HTML documents, with the metadata a reader of the pages would have: the URL and,
    # for the page that declares no date, the capture date the crawl records.
    pages = [RawDocument(id=url_id(uri), source=uri, html=html,
                         published=None if html is DATED else dt.date(2025, 3, 20)) for uri, html in PAGES.items()]
    # trafilatura's deduplicate option (clean/html.py) remembers bodies process-wide and drops a page seen
    # before; the second reading of the same pages must start from a clean slate.
    from trafilatura.meta import reset_caches

    reset_caches()
    from_html = [r.to_dict() for r in extractor.run(pages) if isinstance(r, Record)]
    assert [r["document"]["published"] for r in from_warc] == ["2025-03-18", "2025-03-20"]
    assert from_warc == from_html
    assert from_warc[0]["statements"] != []
