"""Feeds parsed from bytes, and polled from a real HTTP server on 127.0.0.1."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from intake_server import LoopbackServer

from truceline.errors import FetchError, InputFormatError
from truceline.settings import Settings
from truceline.sources.feeds import parse_feed, poll_feed
from truceline.sources.fetch import Fetcher

BASE = "https://news.example/feeds/world.xml"


def rss(*items: str, title: str = "World news") -> bytes:
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f'<link>https://news.example/</link><description>d</description>{"".join(items)}</channel></rss>'
            ).encode()


def item(link: str, title: str, guid: str | None = None, date: str = "Wed, 19 Mar 2025 08:00:00 GMT") -> str:
    g = f"<guid>{guid}</guid>" if guid else ""
    return f"<item><title>{title}</title><link>{link}</link>{g}<pubDate>{date}</pubDate></item>"


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Desk</title><id>urn:desk</id>
<updated>2025-03-20T10:00:00Z</updated>
<entry><title>Ports reopen</title><id>urn:desk:1</id><link href="/2025/ports-reopen"/>
<updated>2025-03-20T09:00:00Z</updated><summary>Grain ships sail again.</summary></entry>
</feed>"""


def test_rss_items() -> None:
    feed = parse_feed(rss(item("https://news.example/a", "Talks resume", guid="id-a"),
                          item("https://news.example/b", "Strike on grid")), BASE)
    assert feed.title == "World news" and feed.problem is None
    assert [(i.key, i.url, i.title) for i in feed.items] == [
        # feedparser resolves a guid (a permalink unless it says otherwise) against the feed's URL.
        ("https://news.example/feeds/id-a", "https://news.example/a", "Talks resume"),
        ("https://news.example/b", "https://news.example/b", "Strike on grid"),
    ]
    assert feed.items[0].published == dt.date(2025, 3, 19)


def test_atom_relative_link_resolved_against_the_feed() -> None:
    feed = parse_feed(ATOM, BASE)
    (entry,) = feed.items
    assert entry.url == "https://news.example/2025/ports-reopen"
    assert (entry.key, entry.published) == ("urn:desk:1", dt.date(2025, 3, 20))
    assert entry.summary == "Grain ships sail again."


def test_links_other_than_http_dropped() -> None:
    feed = parse_feed(rss(item("javascript:alert(1)", "x", guid="1"), item("file:///etc/passwd", "y", guid="2"),
                          item("ftp://news.example/z", "z", guid="3")), BASE)
    assert [i.url for i in feed.items] == [None, None, None]


def test_item_without_id_or_link_keyed_by_content() -> None:
    body = rss("<item><title>Untitled bulletin</title><description>Text.</description></item>")
    (one,) = parse_feed(body, BASE).items
    (two,) = parse_feed(body, BASE).items
    assert one.url is None and one.key.startswith("sha256:") and one.key == two.key


@pytest.mark.parametrize("body", [
    b"<html><body><p>This is a web page, not a feed.</p></body></html>",
    b"\x00\x01garbage that is not XML at all",
    b"",
])
def test_malformed_feed_refused(body: bytes) -> None:
    with pytest.raises(InputFormatError) as err:
        parse_feed(body, BASE)
    assert "not an RSS or Atom feed" in err.value.reason


def test_slightly_broken_feed_kept_with_the_problem_noted() -> None:
    body = rss(item("https://news.example/a", "Ceasefire &nbsp; holds", guid="a"))  # undefined entity
    feed = parse_feed(body, BASE)
    assert [i.url for i in feed.items] == ["https://news.example/a"]
    assert feed.problem is not None


# --- over loopback ------------------------------------------------------------------------------------

@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(Settings.load(fetch_allow="127.0.0.1", fetch_retries=0, fetch_host_delay=0.0,
                               fetch_robots=False, fetch_timeout=2.0)) as f:
        yield f


def test_poll_feed_conditionally(server: LoopbackServer, fetcher: Fetcher) -> None:
    server.route("/feed.xml", body=rss(item("/news/1", "One", guid="1")), content_type="application/rss+xml",
                 etag='"f1"')
    first = poll_feed(fetcher, server.url("/feed.xml"))
    assert first.feed is not None and first.etag == '"f1"'
    assert [i.url for i in first.feed.items] == [server.url("/news/1")]
    second = poll_feed(fetcher, server.url("/feed.xml"), etag=first.etag)
    assert second.not_modified and second.etag == '"f1"'


def test_poll_malformed_and_missing_feeds(server: LoopbackServer, fetcher: Fetcher) -> None:
    server.route("/bad.xml", body=b"<html><body>oops</body></html>", content_type="text/xml")
    with pytest.raises(InputFormatError):
        poll_feed(fetcher, server.url("/bad.xml"))
    with pytest.raises(FetchError) as err:
        poll_feed(fetcher, server.url("/nope.xml"))
    assert err.value.status == 404


def test_feed_with_wrong_content_type(server: LoopbackServer, fetcher: Fetcher) -> None:
    server.route("/feed.png", body=b"\x89PNG", content_type="image/png")
    with pytest.raises(InputFormatError) as err:
        poll_feed(fetcher, server.url("/feed.png"))
    assert "image/png" in err.value.reason
