"""The sources file and the watch loop, polling real feeds and pages on 127.0.0.1.

Most tests hand the fetched pages to a collecting sink (what the watcher fetched is the subject); the
last one runs the real store and extractor end to end.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from intake_server import LoopbackServer, Route

from truceline.errors import ConfigError, InputError
from truceline.ingest import IngestSummary
from truceline.models import RawDocument
from truceline.settings import Settings
from truceline.sources.fetch import url_id
from truceline.sources.registry import (
    Source,
    add_source,
    list_sources,
    load_sources,
    load_state,
    remove_source,
    state_path,
)
from truceline.sources.watch import Watcher, watch
from truceline.store import content_hash


def page(title: str, body: str) -> bytes:
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>{body}</p>"
            f"</article></body></html>").encode()


def rss(*links: str) -> bytes:
    items = "".join(f"<item><title>Item {link}</title><link>{link}</link><guid>{link}</guid>"
                    f"<pubDate>Thu, 20 Mar 2025 06:00:00 GMT</pubDate></item>" for link in links)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title><link>http://x/</link>'
            f"<description>d</description>{items}</channel></rss>").encode()


class Collect:
    """A sink that keeps what it is given, deduplicated by the store's content hash."""

    def __init__(self) -> None:
        self.docs: list[RawDocument] = []
        self.errors: list[InputError] = []
        self.hashes: set[str] = set()

    def __call__(self, items: list[RawDocument | InputError]) -> IngestSummary:
        summary = IngestSummary()
        for item in items:
            summary.read += 1
            if isinstance(item, InputError):
                self.errors.append(item)
                summary.fail(item.source, item.reason)
                continue
            key = content_hash(item.id, item.html or item.text or "")
            if key in self.hashes:
                summary.duplicate += 1
            else:
                self.hashes.add(key)
                self.docs.append(item)
                summary.new += 1
        return summary


@pytest.fixture
def intake(tmp_path: Path) -> Settings:
    return Settings.load(sources_file=str(tmp_path / "conf" / "sources.toml"), db=str(tmp_path / "t.db"),
                         fetch_allow="127.0.0.1", fetch_retries=0, fetch_host_delay=0.0, fetch_timeout=1.0,
                         poll_interval=600)


# --- the sources file ---------------------------------------------------------------------------------

def test_add_list_remove(intake: Settings) -> None:
    add_source(intake, "desk", "https://news.example/rss", interval=300, language="en")
    add_source(intake, "front", "https://news.example/", kind="page")
    text = Path(intake.sources_file).read_text()
    assert text.startswith("# Truceline sources")
    assert load_sources(intake.sources_file) == [
        Source("desk", "https://news.example/rss", "feed", 300, "en"),
        Source("front", "https://news.example/", "page", None, None),
    ]
    listed = list_sources(intake)
    assert [(s.source.name, s.state.polls, s.state.last_success) for s in listed] == [("desk", 0, None),
                                                                                     ("front", 0, None)]
    assert listed[1].source.every(intake) == 600
    assert remove_source(intake, "desk").url == "https://news.example/rss"
    assert [s.name for s in load_sources(intake.sources_file)] == ["front"]


@pytest.mark.parametrize(("kw", "message"), [
    (dict(name="x", url="ftp://news.example/rss"), "not an http or https URL"),
    (dict(name="x", url="https://news.example/rss", kind="podcast"), "kind 'podcast'"),
    (dict(name="x", url="https://news.example/rss", interval=0), "positive number"),
    (dict(name=" ", url="https://news.example/rss"), "bad source name"),
    (dict(name="desk", url="https://other.example/rss"), "exists already"),
])
def test_add_refuses_bad_sources(intake: Settings, kw: dict[str, object], message: str) -> None:
    add_source(intake, "desk", "https://news.example/rss")
    with pytest.raises(ConfigError) as err:
        add_source(intake, **kw)  # type: ignore[arg-type]
    assert message in str(err.value)
    assert len(load_sources(intake.sources_file)) == 1


def test_remove_unknown_and_bad_files(intake: Settings) -> None:
    with pytest.raises(ConfigError):
        remove_source(intake, "nothing")
    Path(intake.sources_file).parent.mkdir(parents=True)
    Path(intake.sources_file).write_text("[[sources]]\nname = 'a'\n")
    with pytest.raises(ConfigError) as err:
        load_sources(intake.sources_file)
    assert "has no 'url'" in str(err.value)
    Path(intake.sources_file).write_text("[[sources]\n")
    with pytest.raises(ConfigError):
        load_sources(intake.sources_file)


def test_hand_written_file(intake: Settings) -> None:
    Path(intake.sources_file).parent.mkdir(parents=True)
    Path(intake.sources_file).write_text(
        '# mine\n[[sources]]\nname = "a"\nurl = "https://a.example/feed"\n\n'
        '[[sources]]\nname = "b"\nurl = "https://b.example/"\nkind = "page"\ninterval = 60\n')
    assert [(s.name, s.kind, s.interval) for s in load_sources(intake.sources_file)] == [
        ("a", "feed", None), ("b", "page", 60)]


# --- polling ------------------------------------------------------------------------------------------

def test_failing_sources_never_stop_the_others(server: LoopbackServer, intake: Settings) -> None:
    server.route("/good.xml", body=rss(server.url("/news/1"), server.url("/news/2")),
                 content_type="application/rss+xml")
    server.route("/news/1", body=page("Talks", "Negotiators met in Jeddah."))
    server.route("/news/2", body=page("Strike", "A drone hit a substation."))
    server.route("/bad.xml", body=b"<html><body>not a feed</body></html>", content_type="text/xml")
    server.route("/down.xml", status=500, body=b"", content_type="text/plain")
    server.route("/trap.xml", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    server.route("/image", body=b"\x89PNG", content_type="image/png")
    for name, path in [("bad", "/bad.xml"), ("down", "/down.xml"), ("trap", "/trap.xml"), ("good", "/good.xml"),
                       ("gone", "/missing.xml")]:
        add_source(intake, name, server.url(path))
    add_source(intake, "picture", server.url("/image"), kind="page")
    sink = Collect()
    report = watch(intake, once=True, sink=sink)
    assert [(p.source, p.ok) for p in report.polls] == [("bad", False), ("down", False), ("trap", False),
                                                        ("good", True), ("gone", False), ("picture", False)]
    assert [d.source for d in sink.docs] == [server.url("/news/1"), server.url("/news/2")]
    assert sink.docs[0].id == url_id(server.url("/news/1"))
    states = load_state(intake.sources_file)
    assert "not an RSS or Atom feed" in (states["bad"].last_error or "")
    assert "HTTP 500" in (states["down"].last_error or "")
    assert "169.254.169.254" in (states["trap"].last_error or "")
    assert "HTTP 404" in (states["gone"].last_error or "")
    assert "image/png" in (states["picture"].last_error or "")
    good = states["good"]
    assert (good.items_seen, good.items_new, good.items_failed, good.last_error) == (2, 2, 0, None)
    assert good.last_success is not None and states["bad"].last_success is None


def test_items_repeating_across_polls_are_taken_once(server: LoopbackServer, intake: Settings) -> None:
    one, two, three = server.url("/n/1"), server.url("/n/2"), server.url("/n/3")
    for n in (1, 2, 3):
        server.route(f"/n/{n}", body=page(f"Report {n}", f"Text of report {n}."))
    server.route("/feed.xml", Route(body=rss(one, two), content_type="application/rss+xml"),
                 Route(body=rss(three, two, one), content_type="application/rss+xml"))
    add_source(intake, "desk", server.url("/feed.xml"))
    sink = Collect()
    with Watcher(intake, sink=sink) as w:
        first = w.run(once=True).polls[0]
        second = w.run(once=True).polls[0]
    assert (first.listed, first.fetched, first.new) == (2, 2, 2)
    assert (second.listed, second.fetched, second.new) == (3, 1, 1)
    assert [server.hits(f"/n/{n}") for n in (1, 2, 3)] == [1, 1, 1]
    assert [d.source for d in sink.docs] == [one, two, three]
    state = load_state(intake.sources_file)["desk"]
    assert (state.polls, state.items_seen, state.items_new) == (2, 5, 3)


def test_unchanged_feed_answers_304(server: LoopbackServer, intake: Settings) -> None:
    server.route("/n/1", body=page("One", "First text."))
    server.route("/feed.xml", body=rss(server.url("/n/1")), content_type="application/rss+xml", etag='"e1"')
    add_source(intake, "desk", server.url("/feed.xml"))
    sink = Collect()
    with Watcher(intake, sink=sink) as w:
        w.run(once=True)
        again = w.run(once=True).polls[0]
    assert again.ok and again.listed == 0 and again.fetched == 0
    assert server.seen("/feed.xml")[1].headers["if-none-match"] == '"e1"'
    assert load_state(intake.sources_file)["desk"].etag == '"e1"'


def test_transient_item_failures_retried_permanent_ones_not(server: LoopbackServer, intake: Settings) -> None:
    flaky, gone = server.url("/flaky"), server.url("/gone")
    server.route("/flaky", Route(status=503, body=b"", content_type="text/plain"), Route(body=page("F", "Back.")))
    server.route("/feed.xml", body=rss(flaky, gone), content_type="application/rss+xml")
    add_source(intake, "desk", server.url("/feed.xml"))
    sink = Collect()
    with Watcher(intake, sink=sink) as w:
        first = w.run(once=True).polls[0]
        second = w.run(once=True).polls[0]
    assert (first.ok, first.fetched, first.failed, first.new) == (True, 2, 2, 0)
    assert (second.fetched, second.new) == (1, 1)
    assert (server.hits("/flaky"), server.hits("/gone")) == (2, 1)
    assert [d.source for d in sink.docs] == [flaky]


def test_page_source_stored_again_only_when_changed(server: LoopbackServer, intake: Settings) -> None:
    server.route("/live", Route(body=page("Live", "First update.")), Route(body=page("Live", "First update.")),
                 Route(body=page("Live", "Second update.")))
    add_source(intake, "live", server.url("/live"), kind="page")
    sink = Collect()
    with Watcher(intake, sink=sink) as w:
        outcomes = [w.run(once=True).polls[0] for _ in range(3)]
    assert [(o.new, o.duplicate) for o in outcomes] == [(1, 0), (0, 1), (1, 0)]
    assert [d.id for d in sink.docs] == [url_id(server.url("/live"))] * 2


def test_loop_polls_each_source_on_its_interval(server: LoopbackServer, intake: Settings) -> None:
    server.route("/a.xml", body=rss(), content_type="application/rss+xml")
    server.route("/b.xml", body=rss(), content_type="application/rss+xml")
    add_source(intake, "a", server.url("/a.xml"), interval=10)
    add_source(intake, "b", server.url("/b.xml"), interval=25)
    now = [0.0]
    times: dict[str, list[float]] = {"a": [], "b": []}

    def sleep(seconds: float) -> None:  # a virtual clock: the loop's schedule, not wall time, is tested
        now[0] += seconds

    with Watcher(intake, sink=Collect(), clock=lambda: now[0], sleep=sleep) as w:
        report = w.run(duration=60, on_poll=lambda o: times[o.source].append(now[0]))
    assert times == {"a": [0, 10, 20, 30, 40, 50, 60], "b": [0, 25, 50]}
    assert server.hits("/a.xml") == 7 and server.hits("/b.xml") == 3
    assert report.seconds == 60


def test_max_iterations_and_removed_sources(server: LoopbackServer, intake: Settings) -> None:
    server.route("/a.xml", body=rss(), content_type="application/rss+xml")
    add_source(intake, "a", server.url("/a.xml"), interval=1)
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds
        if now[0] >= 2 and load_sources(intake.sources_file):
            remove_source(intake, "a")

    with Watcher(intake, sink=Collect(), clock=lambda: now[0], sleep=sleep) as w:
        report = w.run(max_iterations=5)
    assert report.iterations == 5 and len(report.polls) == 2
    assert "a" not in load_state(intake.sources_file)
    assert json.loads(state_path(intake.sources_file).read_text())["version"] == 1


# --- end to end: the real extractor and store -----------------------------------------------------------

ARTICLE_1 = ("Energy truce", "President Volodymyr Zelensky said on Tuesday that Ukraine would accept a 30-day "
             "ceasefire on energy infrastructure.")
ARTICLE_2 = ("Overnight attack", "Russian drones struck a power plant in Odesa overnight, the regional governor "
             "said on Wednesday.")


@pytest.mark.slow
def test_watch_and_fetch_into_the_store(server: LoopbackServer, intake: Settings, extractor: object) -> None:
    from truceline.ingest import fetch_urls, store_sink
    from truceline.store import open_store

    one, two = server.url("/news/energy-truce"), server.url("/news/overnight-attack")
    server.route("/news/energy-truce", body=page(*ARTICLE_1))
    server.route("/news/overnight-attack", body=page(*ARTICLE_2))
    server.route("/feed.xml", body=rss(one, two), content_type="application/rss+xml")
    add_source(intake, "desk", server.url("/feed.xml"))
    store = open_store(intake.db, intake)
    try:
        sink = store_sink(intake, store=store, extractor=extractor)
        first = watch(intake, once=True, sink=sink).polls[0]
        assert (first.ok, first.new, first.failed) == (True, 2, 0)
        assert sorted(r.document.source or "" for r in store.records()) == sorted([one, two])
        assert any("30-day ceasefire" in s.text for s in store.statements())
        # Idempotent: the same items again (state forgotten) and the same URL fetched again store nothing.
        state_path(intake.sources_file).unlink()
        again = watch(intake, once=True, sink=sink).polls[0]
        assert (again.fetched, again.new, again.duplicate) == (2, 0, 2)
        summary = fetch_urls([one], intake, store=store, extractor=extractor)
        assert (summary.new, summary.duplicate) == (0, 1)
        assert len(store.documents()) == 2
    finally:
        store.close()
