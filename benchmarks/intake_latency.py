"""Intake latency and throughput: a feed served on loopback, polled by the real watcher into a real store.

    .venv/bin/python benchmarks/intake_latency.py [--trials 5] [--interval 4] [--items 40]

1. Latency. A source is polled every ``--interval`` seconds (default fetch settings otherwise: 1 s per
   host between requests, robots.txt honoured). At a random moment a new item is added to the feed; the
   figure is the time until its statements, acts and incidents can be read from the store (a second
   connection, as a dashboard would read them). It splits into the wait for the next poll (on average
   half the interval) and the processing (poll, page fetch, clean, extract, store). The latency at the
   default ``poll_interval`` (900 s) follows: on average interval/2 + processing, at worst interval +
   processing; waiting 15 minutes of wall time per trial would measure nothing more.
2. Throughput. A feed listing ``--items`` new articles is polled once; items per minute, with the
   default per-host delay (all items on one host: the politeness limit binds) and with none (the
   extraction binds).

The articles are generated here from a few sentence patterns with varied names, places and numbers.
The spaCy pipeline's load time is printed apart and left out of every figure.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "sources"))

from intake_server import LoopbackServer  # noqa: E402

from truceline.settings import Settings  # noqa: E402

SPEAKERS = ["President Volodymyr Zelensky", "Kremlin spokesman Dmitry Peskov", "President Donald Trump",
            "Foreign Minister Sergei Lavrov", "Prime Minister Denys Shmyhal", "President Vladimir Putin"]
CITIES = ["Odesa", "Kharkiv", "Dnipro", "Zaporizhzhia", "Sumy", "Mykolaiv", "Kherson", "Poltava", "Lviv"]
TARGETS = ["a power plant", "an electrical substation", "a gas facility", "a residential building",
           "a railway depot", "a grain terminal"]
STATEMENTS = [
    "{who} said on Tuesday that a {days}-day ceasefire on energy infrastructure could begin within days.",
    "{who} told reporters in the capital that any truce had to cover the ports and the grid.",
    "{who} insisted on Monday that talks would continue only if attacks on power plants stopped.",
    "\"We are ready for a pause of {days} days,\" {who} said in a televised address.",
    "{who} warned that sanctions would stay in place until a full ceasefire was agreed.",
    "{who} accused the other side of breaking the moratorium within hours of the call.",
]
INCIDENTS = [
    "Overnight, {n} Russian drones struck {target} in {city}, the regional governor said.",
    "A missile hit {target} near {city} on Wednesday morning, leaving {n} homes without heat.",
    "Shelling damaged {target} on the outskirts of {city}, local officials reported on Telegram.",
    "Air defences downed most of {n} drones aimed at {city}, but debris set {target} on fire.",
]
FILLERS = [
    "Repair crews in {city} worked through the night to restore heating to about {k} households.",
    "Diplomats from {m} countries are expected to attend the next round in Riyadh.",
    "Power cuts of up to {h} hours a day were announced for the eastern regions.",
    "Analysts noted that grain exports fell by {k} tonnes in the first week of the month.",
    "The energy ministry published a list of {m} substations that need urgent repairs.",
    "Schools in {city} switched to remote lessons for {h} days after the latest strikes.",
    "Insurance costs for ships calling at Black Sea ports rose again, brokers said.",
    "A convoy of {m} trucks carrying transformers crossed the western border on Thursday.",
]


def article(n: int) -> tuple[str, bytes]:
    """A short article of its own: one statement, one incident, two other sentences, varied fillers."""
    rnd = random.Random(n)
    values = dict(who=rnd.choice(SPEAKERS), city=rnd.choice(CITIES), target=rnd.choice(TARGETS),
                  days=rnd.choice([14, 30, 60, 90]), n=rnd.randint(5, 120), k=rnd.randint(100, 90000),
                  m=rnd.randint(3, 40), h=rnd.randint(2, 16))
    sentences = [rnd.choice(STATEMENTS), rnd.choice(INCIDENTS), *rnd.sample(FILLERS, 3)]
    rnd.shuffle(sentences)
    body = "".join(f"<p>{s.format(**values)}</p>" for s in sentences)
    title = f"Report {n}: strikes and talks"
    html = (f"<html><head><title>{title}</title><meta property='article:published_time' "
            f"content='2025-03-19T08:00:00Z'></head><body><article><h1>{title}</h1>{body}</article></body></html>")
    return f"/news/report-{n}", html.encode()


def rss(server: LoopbackServer, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>{p}</title><link>{server.url(p)}</link><guid>{server.url(p)}</guid></item>"
                    for p in paths)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>bench</title><link>{server.url("/")}'
            f"</link><description>d</description>{items}</channel></rss>").encode()


def queryable(store: Any, doc_id: str) -> bool:
    return any(r.document == doc_id for rows in (store.statements(), store.acts()) for r in rows) or \
        any(rep.document == doc_id for inc in store.incidents() for rep in inc.reports)


def latency(extractor: Any, trials: int, interval: int, work: Path) -> tuple[list[float], list[float]]:
    from truceline.ingest import store_sink
    from truceline.sources.fetch import url_id
    from truceline.sources.registry import add_source
    from truceline.sources.watch import Watcher
    from truceline.store import open_store

    server = LoopbackServer()
    settings = Settings.load(sources_file=str(work / "lat" / "sources.toml"), db=str(work / "lat.db"),
                             fetch_allow="127.0.0.1", spacy_model=extractor.settings.spacy_model)
    add_source(settings, "bench", server.url("/feed.xml"), interval=interval)
    paths: list[str] = []
    server.route("/feed.xml", body=rss(server, paths), content_type="application/rss+xml")
    writer, reader = open_store(settings.db, settings), open_store(settings.db, settings)
    polls: list[float] = []
    watcher = Watcher(settings, sink=store_sink(settings, store=writer, extractor=extractor))
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            watcher.run(max_iterations=1)
            polls.append(time.monotonic())
            stop.wait(max(0.0, watcher.due["bench"] - time.monotonic()))

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    totals, processing = [], []
    rnd = random.Random(7)
    try:
        for n in range(trials):
            time.sleep(rnd.uniform(0, interval))  # the item appears at a random moment of the cycle
            path, html = article(1000 + n)
            server.route(path, body=html)
            paths.append(path)
            server.route("/feed.xml", body=rss(server, paths), content_type="application/rss+xml")
            appeared = time.monotonic()
            doc_id = url_id(server.url(path))
            while not queryable(reader, doc_id):
                if time.monotonic() - appeared > interval + 120:
                    stored = [d for d in reader.documents() if d.document == doc_id]
                    raise SystemExit(f"item {n + 1} not queryable after {interval + 120} s "
                                     f"(stored: {stored or 'no'}); no statements, acts or incidents found?")
                time.sleep(0.02)
            done = time.monotonic()
            feed_reads = [s.at for s in server.seen("/feed.xml") if s.at >= appeared]
            totals.append(done - appeared)
            processing.append(done - feed_reads[0])
            print(f"  item {n + 1}: queryable {totals[-1]:.2f} s after it appeared "
                  f"(processing {processing[-1]:.2f} s from the poll that saw it)")
    finally:
        stop.set()
        thread.join(timeout=interval + 30)
        watcher.close()
        writer.close()
        reader.close()
        server.close()
    return totals, processing


def throughput(extractor: Any, items: int, host_delay: float, work: Path, tag: str) -> tuple[float, float]:
    from truceline.ingest import store_sink
    from truceline.sources.registry import add_source
    from truceline.sources.watch import Watcher
    from truceline.store import open_store

    server = LoopbackServer()
    settings = Settings.load(sources_file=str(work / tag / "sources.toml"), db=str(work / f"{tag}.db"),
                             fetch_allow="127.0.0.1", fetch_host_delay=host_delay,
                             spacy_model=extractor.settings.spacy_model)
    paths = []
    for n in range(items):
        path, html = article(5000 + n)
        server.route(path, body=html)
        paths.append(path)
    server.route("/feed.xml", body=rss(server, paths), content_type="application/rss+xml")
    add_source(settings, "bench", server.url("/feed.xml"))
    store = open_store(settings.db, settings)
    try:
        with Watcher(settings, sink=store_sink(settings, store=store, extractor=extractor)) as w:
            start = time.perf_counter()
            report = w.run(once=True)
            seconds = time.perf_counter() - start
    finally:
        store.close()
        server.close()
    new = report.polls[0].new
    if new != items:
        print(f"  warning: {new} of {items} items stored ({report.polls[0].error or 'see failures'})")
    return seconds, new / seconds * 60


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--interval", type=int, default=4, help="poll interval for the latency trials (s)")
    parser.add_argument("--items", type=int, default=40)
    args = parser.parse_args()
    from truceline.extract.pipeline import Extractor

    defaults = Settings.load()
    started = time.perf_counter()
    extractor = Extractor(defaults)
    from truceline.models import RawDocument

    # Warm up: the first document also loads the language detector and the gazetteers.
    list(extractor.run([RawDocument(id="warm-up", html=article(0)[1].decode())]))
    print(f"spaCy pipeline {defaults.spacy_model} loaded and warmed up in {time.perf_counter() - started:.1f} s "
          "(not counted)")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(f"\nLatency, source polled every {args.interval} s, fetch_host_delay {defaults.fetch_host_delay} s:")
        totals, processing = latency(extractor, args.trials, args.interval, work)
        mean_proc = statistics.mean(processing)
        print(f"  mean {statistics.mean(totals):.2f} s (max {max(totals):.2f} s); processing mean {mean_proc:.2f} s "
              f"(max {max(processing):.2f} s)")
        interval = defaults.poll_interval
        print(f"At the default poll_interval ({interval} s): mean {interval / 2 + mean_proc:.1f} s "
              f"(interval/2 + processing), worst {interval + max(processing):.1f} s")
        print(f"\nThroughput, one poll of a feed listing {args.items} new items (one host):")
        for delay, tag in ((defaults.fetch_host_delay, "polite"), (0.0, "nodelay")):
            seconds, per_min = throughput(extractor, args.items, delay, work, tag)
            print(f"  fetch_host_delay {delay:.1f} s: {args.items} items in {seconds:.1f} s = {per_min:.0f} items/min")


if __name__ == "__main__":
    main()
