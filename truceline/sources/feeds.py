"""RSS and Atom feeds (feedparser): which items a feed lists, with their links and dates.

feedparser is only ever given the bytes the guarded fetcher got: handed a string that looks like a URL
it would fetch it by itself, past the SSRF guard, robots.txt and the rate limits.

Feeds in the wild are often slightly broken; feedparser flags those (``bozo``) and parses what it can.
A feed that yields items is taken with the problem noted; one that yields no items and is not a feed at
all (an HTML page, garbage) is an ``InputFormatError``.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import time
from dataclasses import dataclass, field
from typing import Any

import feedparser
import httpx

from ..errors import InputFormatError
from .fetch import FEED_TYPES, Fetcher, FetchResult


@dataclass
class FeedItem:
    #: identifies the item across polls: its guid/id, else its link, else a hash of its title and summary.
    key: str
    #: the item's page, absolute, http or https only (None when the item has no usable link).
    url: str | None
    title: str | None = None
    published: dt.date | None = None
    summary: str | None = None


@dataclass
class Feed:
    url: str
    title: str | None
    items: list[FeedItem] = field(default_factory=list)
    #: feedparser's complaint when the feed parsed despite it (a "bozo" feed), else None.
    problem: str | None = None


@dataclass
class FeedPoll:
    """One conditional poll of a feed: ``feed`` is None when the server said it has not changed."""

    url: str
    feed: Feed | None
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.feed is None


def parse_feed(content: bytes, url: str, content_type: str | None = None) -> Feed:
    """Parse feed bytes fetched from ``url`` (which relative links are resolved against)."""
    # Without a content type feedparser flags every feed as broken; XML is what a feed claims to be.
    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    parsed: Any = feedparser.parse(content, response_headers=headers, sanitize_html=True,
                                   resolve_relative_uris=True)
    problem = str(parsed.get("bozo_exception") or "") if parsed.get("bozo") else None
    if not parsed.get("version") and not parsed.entries:
        raise InputFormatError(url, f"not an RSS or Atom feed{': ' + problem if problem else ''}")
    items = [_item(entry, url) for entry in parsed.entries]
    title = parsed.feed.get("title") if parsed.get("feed") else None
    return Feed(url=url, title=title or None, items=items, problem=problem or None)


def poll_feed(fetcher: Fetcher, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FeedPoll:
    """Fetch and parse the feed at ``url`` conditionally; raises the fetch and format errors."""
    result: FetchResult = fetcher.get(url, accept=FEED_TYPES, etag=etag, last_modified=last_modified)
    if result.not_modified:
        return FeedPoll(url=url, feed=None, etag=result.etag or etag, last_modified=result.last_modified
                        or last_modified)
    feed = parse_feed(result.content, result.final_url, result.headers.get("content-type"))
    feed.url = url
    return FeedPoll(url=url, feed=feed, etag=result.etag, last_modified=result.last_modified)


def _item(entry: Any, feed_url: str) -> FeedItem:
    link = _http_link(entry.get("link"), feed_url)
    title = (entry.get("title") or "").strip() or None
    summary = (entry.get("summary") or "").strip() or None
    key = (entry.get("id") or "").strip() or link
    if not key:
        key = "sha256:" + hashlib.sha256(f"{title}\n{summary}".encode()).hexdigest()[:24]
    return FeedItem(key=key, url=link, title=title, published=_date(entry), summary=summary)


def _http_link(link: str | None, base: str) -> str | None:
    if not link:
        return None
    try:
        absolute = httpx.URL(base).join(link.strip())
    except httpx.InvalidURL:
        return None
    return str(absolute) if absolute.scheme in ("http", "https") and absolute.host else None


def _date(entry: Any) -> dt.date | None:
    for name in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(name)
        if isinstance(value, time.struct_time):
            return dt.date(value.tm_year, value.tm_mon, value.tm_mday)
    return None
