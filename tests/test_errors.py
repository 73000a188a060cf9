"""An input error is one readable line, whatever the input held."""
from __future__ import annotations

from truceline.errors import MAX_REASON, InputError


def test_a_long_binary_laden_reason_is_cut_to_one_printable_line() -> None:
    garbage = "Not a gzipped file (b'\\x1f\\x8b') " + "\x00\x01\x02\x1b[31m" * 200 + "\nsecond line"
    err = InputError("crawl.warc.gz", garbage)
    assert len(err.reason) <= MAX_REASON and err.reason.endswith("…")
    assert err.reason.isprintable() and "\n" not in str(err)
    assert str(err).startswith("crawl.warc.gz: Not a gzipped file")


def test_a_short_reason_is_left_as_it_is() -> None:
    assert InputError("a.txt", "empty input").reason == "empty input"
