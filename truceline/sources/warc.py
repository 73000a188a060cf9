"""Read WARC and WARC.gz archives (how news crawls such as Common Crawl's CC-NEWS are distributed).

Each HTML page the archive holds becomes a ``RawDocument``: ``response`` records with a 2xx HTTP status
and ``resource`` records, both with an HTML content type. Everything else (requests, metadata, revisits,
images, scripts, redirects) is skipped. The record's ``WARC-Target-URI`` is the document's source and
gives it a stable id (:func:`truceline.sources.fetch.url_id`), the same id a live fetch of that URL gets;
a URI met again in the same archive gets ``-2``, ``-3``.... The publication date is the page's own
(meta tags, URL), else the capture's ``WARC-Date``.

A broken archive yields one ``InputError`` for the rest of the file after the records read so far; a
record over ``max_input_bytes`` or not decodable yields an ``InputError`` naming ``file#uri`` and reading
goes on.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from ..errors import EmptyInputError, InputError, TooLargeError
from ..models import RawDocument
from ..settings import Settings
from .fetch import PAGE_TYPES, html_text, page_date, url_id

WARC_SUFFIXES = (".warc", ".warc.gz")


def is_warc(path: str) -> bool:
    """Whether ``path`` names a WARC file by its suffix (``.warc`` or ``.warc.gz``, any case)."""
    return path.lower().endswith(WARC_SUFFIXES)


def read_warc(path: str, settings: Settings) -> Iterator[RawDocument | InputError]:
    """Yield a ``RawDocument`` for each HTML page in the WARC file at ``path``, in archive order."""
    try:
        fh = open(path, "rb")
    except OSError as exc:
        yield InputError(path, f"cannot read: {exc.strerror or exc}")
        return
    seen: dict[str, int] = {}
    pages = 0
    with fh:
        try:
            for record in ArchiveIterator(fh):
                item = _page(record, path, settings, seen)
                if item is not None:
                    pages += isinstance(item, RawDocument)
                    yield item
        except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
            yield InputError(path, f"not a readable WARC archive: {exc}".strip())
            return
    if pages == 0:
        yield EmptyInputError(path, "no HTML pages in the WARC archive")


def _page(record: ArcWarcRecord, path: str, settings: Settings,
          seen: dict[str, int]) -> RawDocument | InputError | None:
    if record.rec_type not in ("response", "resource"):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")
    if not uri:
        return None
    if record.rec_type == "response":
        if record.http_headers is None:
            return None
        status = record.http_headers.get_statuscode()
        if not (status and status.startswith("2")):
            return None
        content_type = record.http_headers.get_header("Content-Type")
    else:
        content_type = record.rec_headers.get_header("Content-Type")
    media, _, params = (content_type or "").partition(";")
    if media.strip().lower() not in PAGE_TYPES:
        return None
    where = f"{path}#{uri}"
    limit = settings.max_input_bytes
    # content_stream() undoes chunked and gzip transfer encodings as the server sent them.
    body = record.content_stream().read(limit + 1)
    if len(body) > limit:
        return TooLargeError(where, f"over the limit of {limit} bytes (max_input_bytes)")
    try:
        html = html_text(body, _charset(params), where)
    except InputError as exc:
        return exc
    doc_id = url_id(uri)
    count = seen.get(doc_id, 0) + 1
    seen[doc_id] = count
    if count > 1:
        doc_id = f"{doc_id}-{count}"
    published = page_date(html, uri) or _warc_date(record.rec_headers.get_header("WARC-Date"))
    return RawDocument(id=doc_id, source=uri, html=html, published=published)


def _charset(params: str) -> str | None:
    for part in params.split(";"):
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            return value.strip("\"' ")
    return None


def _warc_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None

