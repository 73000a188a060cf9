"""Batch fixtures: a real two-worker Dask cluster (processes) shared by the module's tests, and a small
input tree that holds every kind of input and every way a document can repeat or fail."""
from __future__ import annotations

import io
import json
import logging
import random
import shutil
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from truceline.settings import Settings

ROOT = Path(__file__).resolve().parent.parent.parent

TARGETS = ["a power substation", "a thermal power plant", "an oil depot", "apartment blocks", "a hospital",
           "a gas compressor station", "a railway depot", "grid facilities"]
SPEAKERS = ["the regional governor", "the Russian Defence Ministry", "Ukraine's energy minister",
            "the Kremlin spokesman", "President Zelensky", "the mayor"]
FILLER = ("residents queued for water while repair crews worked through the night and schools moved lessons "
          "online as shelters filled with families from nearby villages").split()
PAGE = ("<html><head><title>{title}</title><meta property=\"article:published_time\" content=\"2025-04-0{day}\">"
        "</head><body><article><p>{body}</p></article></body></html>")


def article(town: str, day: int) -> str:
    """A short strike report; reports of different towns and days share few word 3-grams (no copies)."""
    rng = random.Random(f"{town}{day}")
    words = FILLER[:]
    rng.shuffle(words)
    return (f"{rng.choice(['Drones', 'Missiles', 'Glide bombs'])} hit {rng.choice(TARGETS)} in {town} overnight, "
            f"{rng.choice(SPEAKERS)} said on Telegram on April {day}. {day + 2} people were hurt and power was cut "
            f"to {day * 7} thousand homes. Officials said {' '.join(words[:12])}. The ceasefire on energy "
            f"infrastructure was broken {day * 3} times this week, {rng.choice(SPEAKERS)} claimed, while Moscow "
            f"denied the accusation.")


def build_warc(path: Path, pages: dict[str, str]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=True)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "truceline tests"}))
        for uri, html in pages.items():
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(html.encode()),
                                                http_headers=headers))
            image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(uri + ".png", "response", payload=io.BytesIO(b"\x89PNG"),
                                                http_headers=image))


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """Two files of the same name (ids ``report`` and ``report-2``), JSON Lines with own and derived ids, an
    exact repeat, a near-duplicate copy, a bad line and a record without text, a page with no article (fails
    in extraction), a WARC archive, and the demo corpus."""
    root = tmp_path / "inputs"
    for folder, town, day in (("a", "Sumy", 3), ("b", "Kharkiv", 4)):
        (root / folder).mkdir(parents=True)
        (root / folder / "report.txt").write_text(article(town, day), encoding="utf-8")
    first = {"id": "wire-1", "published": "2025-04-05", "text": article("Odesa", 5)}
    copy = {"id": "wire-copy", "published": "2025-04-05", "text": "Updated. " + article("Odesa", 5)}
    lines = [json.dumps(first), json.dumps({"published": "2025-04-06", "text": article("Dnipro", 6)}),
             "{not json", json.dumps(first), json.dumps({"id": "empty", "title": "no body"}), "",
             json.dumps(copy)]
    (root / "wires.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "nav-only.html").write_text("<html><head><title>x</title></head><body><nav>Home</nav></body></html>",
                                        encoding="utf-8")
    build_warc(root / "crawl.warc.gz", {
        "https://news.example/2025/kherson-strike": PAGE.format(title="Kherson", day=7, body=article("Kherson", 7)),
        "https://news.example/2025/poltava-strike": PAGE.format(title="Poltava", day=8, body=article("Poltava", 8)),
    })
    shutil.copytree(ROOT / "examples" / "demo", root / "demo")
    return root


@pytest.fixture(scope="session")
def dask_cluster() -> Iterator[object]:
    """Two single-threaded worker processes, as ``truceline batch`` starts them (memory as documented)."""
    from distributed import LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, memory_limit="2GiB",
                           silence_logs=logging.ERROR, dashboard_address=":0")
    yield cluster
    cluster.close()


@pytest.fixture
def batch_settings() -> Settings:
    return Settings.load()


@pytest.fixture
def twin_url(db_url: str, tmp_path: Path,
             pg_database: Callable[[str], AbstractContextManager[str]]) -> Iterator[str]:
    """A second new store of the same kind as ``db_url`` (to compare a load with an ingest)."""
    if "://" not in db_url:
        yield str(tmp_path / "twin.db")
        return
    with pg_database("truceline_twin_") as url:
        yield url
