"""The channel and date of statements (ANNOTATION.md: a channel named for a post or address carries).

The channel comes from ``data/channels.yaml`` searched outside the content (:func:`_channel`); a channel named
for a post carries to the same speaker's next statements close by (:func:`_carry_channels`), and a speaker's one
channel to all of its statements in the article (:func:`_fill_article_channel`). The date is the date phrase
outside the content nearest the cue (:func:`_date`, :mod:`truceline.extract.dates`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .statements_cues import Lexicon, _Cue, _Unit

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..models import Statement
    from .analysis import Analysis


def _channel(unit: _Unit, text: str, content: list[tuple[int, int]], lex: Lexicon) -> tuple[str | None, bool]:
    chars = list(text[unit.start:unit.end])
    for s, e in content:
        for i in range(max(s, unit.start), min(e, unit.end)):
            chars[i - unit.start] = " "
    outside = "".join(chars)
    for pattern, channel, carry in lex.channels:
        if pattern.search(outside):
            return channel, carry
    return None, False


def _date(a: Analysis, unit: _Unit, text: str, content: list[tuple[int, int]], cue: Token) -> Any:
    published = a.document.published
    if published is None:
        return None
    try:
        from .dates import find_dates
    except ImportError:  # the dates module is optional for this stage
        return None
    best = None
    for dm in find_dates(text[unit.start:unit.end], published, unit.start):
        if dm.date is None or any(s <= dm.start < e for s, e in content):
            continue
        d = abs(dm.start - cue.idx)
        if best is None or d < best[0]:
            best = (d, dm.date)
    return best[1] if best else None


def _carry_channels(out: list[tuple[Statement, int, bool]], units: list[_Unit]) -> None:
    """A channel named for a post or address carries to the same speaker's next statements: within two
    paragraphs when they follow at once, within four when others speak between (a briefing or a post quoted in
    turns with reactions to it; cross-validated channel accuracy 0.733 -> 0.747)."""
    last: dict[str, tuple[str, int]] = {}
    prev_speaker: str | None = None
    for st, ui, carry in out:
        if st.channel is None and st.speaker in last:
            ch, from_ui = last[st.speaker]
            if units[ui].para - units[from_ui].para <= (2 if prev_speaker == st.speaker else 4):
                st.channel = ch
        elif st.channel is not None and carry:
            last[st.speaker] = (st.channel, ui)
        elif st.channel is not None:
            last.pop(st.speaker, None)
        if st.channel is not None and st.speaker in last:
            last[st.speaker] = (st.channel, ui)
        prev_speaker = st.speaker


def _note_channel_only(c: _Cue, unit: _Unit, text: str, lex: Lexicon, found: dict[str, set[str]]) -> None:
    """A cue that says nothing itself but names where its speaker spoke ("He said this at a joint press
    conference", "She announced this on her Telegram channel") gives that speaker's channel for the article."""
    channel, carry = _channel(unit, text, [], lex)
    if channel is not None and carry:
        for sp in c.speakers:
            found.setdefault(sp, set()).add(channel)


def _fill_article_channel(out: list[tuple[Statement, int, bool]], channel_only: dict[str, set[str]]) -> None:
    """A speaker quoted through one channel only, named for one of its statements (a Telegram post, a press
    conference), spoke through it throughout the article: its statements with no channel of their own take it,
    before and after the one naming it (gold carries such channels over whole articles; ~40 statements lacked
    one). A speaker with two channels keeps what _carry_channels gave."""
    seen: dict[str, set[str]] = {sp: set(chs) for sp, chs in channel_only.items()}
    for st, _, carry in out:
        if st.channel is not None and carry:
            seen.setdefault(st.speaker, set()).add(st.channel)
    for st, _, _ in out:
        if st.channel is None and len(seen.get(st.speaker, ())) == 1:
            st.channel = next(iter(seen[st.speaker]))
