"""Planning and reading a batch, without a cluster: shards read back exactly what one ``read_inputs`` pass
reads (ids, sources, contents, error lines), however the items are cut."""
from __future__ import annotations

from pathlib import Path

import pytest

from truceline.batch import plan as planning
from truceline.errors import InputError
from truceline.models import RawDocument
from truceline.settings import Settings
from truceline.sources import read_inputs


def _plans(paths: list[str], settings: Settings) -> list[planning.FilePlan | InputError]:
    return [e if isinstance(e, InputError) else planning.plan_file(*e, settings) for e in planning.expand(paths)]


def _read(shards: list[planning.Shard], settings: Settings) -> list[RawDocument | InputError]:
    out: list[RawDocument | InputError] = []
    for shard in shards:
        out += [InputError(s, r) for s, r in shard.errors]
        for seg in shard.segments:
            out += list(planning.read_segment(seg, settings))
    return out


def _docs(items: list[RawDocument | InputError]) -> list[RawDocument]:
    return [i for i in items if isinstance(i, RawDocument)]


def _errors(items: list[RawDocument | InputError]) -> list[tuple[str, str]]:
    return sorted((i.source, i.reason) for i in items if isinstance(i, InputError))


@pytest.mark.parametrize("size", [1, 2, 3, 500])
def test_shards_read_what_read_inputs_reads(inputs: Path, size: int) -> None:
    settings = Settings.load()
    paths = [str(inputs), str(inputs / "missing.txt"), str(inputs / "a")]  # a/ again: each file once
    expected = list(read_inputs(paths, settings))
    shards = planning.shards(_plans(paths, settings), size)
    got = _read(shards, settings)
    assert _docs(got) == _docs(expected)
    assert _errors(got) == _errors(expected)
    ids = [d.id for d in _docs(got)]
    assert "report" in ids and "report-2" in ids and "wires-2" in ids  # derived across files, as ingest
    assert len(_errors(got)) == 3  # the missing file, the bad JSON line, the record without text
    # JSON Lines and WARC files are cut between records; no shard is bigger than asked but by one whole file.
    whole = max((len(s.items) for sh in shards for s in sh.segments if s.kind == planning.SINGLE), default=0)
    assert all(sh.size <= size + whole for sh in shards)


def test_a_file_changed_after_planning_fails_its_items_instead_of_misnaming_them(inputs: Path) -> None:
    settings = Settings.load()
    wires = inputs / "wires.jsonl"
    shards = planning.shards(_plans([str(wires)], settings), 500)
    wires.write_text('{"id": "new", "text": "Something else entirely."}\n', encoding="utf-8")
    got = list(planning.read_segment(shards[0].segments[0], settings))
    assert got and all(isinstance(g, InputError) and "changed since the batch was planned" in g.reason
                       for g in got)


def test_a_broken_or_empty_archive_is_one_error_line(tmp_path: Path) -> None:
    settings = Settings.load()
    broken = tmp_path / "broken.warc.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00not gzip at all")
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    paths = [str(broken), str(empty)]
    got = _read(planning.shards(_plans(paths, settings), 10), settings)
    assert _errors(got) == _errors(list(read_inputs(paths, settings)))
    assert len(got) == 2


def test_the_spec_changes_with_the_inputs(inputs: Path) -> None:
    settings = Settings.load()
    one = planning.shards(_plans([str(inputs / "wires.jsonl")], settings), 500)[0].spec()
    (inputs / "wires.jsonl").write_text('{"id": "x", "text": "Other."}\n', encoding="utf-8")
    assert planning.shards(_plans([str(inputs / "wires.jsonl")], settings), 500)[0].spec() != one


def test_urls_are_read_through_fsspec_with_the_ids_of_local_paths(inputs: Path) -> None:
    settings = Settings.load()
    url = inputs.as_uri()  # file://…: the code path of s3:// and gs://, without a network
    got = _read(planning.shards(_plans([url + "/", url + "/*.jsonl"], settings), 4), settings)
    expected = list(read_inputs([str(inputs)], settings))
    assert [d.id for d in _docs(got)] == [d.id for d in _docs(expected)]
    assert [(d.text, d.html, d.published) for d in _docs(got)] == [(d.text, d.html, d.published)
                                                                   for d in _docs(expected)]
    assert all(d.source.startswith(("file://", "https://")) for d in _docs(got) if d.source)
    assert len(_errors(got)) == len(_errors(expected)) == 2
    missing = planning.expand([url + "/nothing-here.txt", "nosuchfs://x/y"])
    assert [type(m) for m in missing] == [InputError, InputError]
