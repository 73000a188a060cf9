"""The channel and date of statements (ANNOTATION.md: a channel named for a post or address carries).

The channel comes from ``data/channels.yaml`` searched outside the content (:func:`_channel`); a channel named
for a post carries to the same speaker's next statements close by (:func:`_carry_channels`), and a speaker's one
channel to all of its statements in the article (:func:`_fill_article_channel`), including a channel named in a
sentence that quotes nothing (:func:`_note_scene_channel`). A document referred back to ("the statement said") is on
its author's channel, else a written statement (:func:`_written_referred_back`). The date is the date phrase
outside the content nearest the cue (:func:`_date`, :mod:`truceline.extract.dates`).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .coref import DOC_NOUNS, actors_for_token
from .statements_cues import _BACK_DETERMINERS, _SCENE_CHANNELS, Lexicon, _Cue, _Unit

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


def _written_referred_back(c: _Cue, unit: _Unit, text: str, content: list[tuple[int, int]], lex: Lexicon) -> bool:
    """Whether the only channel a cue names is its own speaker, a document referred back to ("The statement also
    said", "The ministry's statement stresses"): that is the post or release already reported, on whatever channel
    its author used ("confirmed it in a Telegram statement ... The statement said"), and a written statement only
    when the article names no other (:func:`_fill_referred_back`)."""
    t = c.speaker_tok
    if t is None or t.lemma_.lower() not in DOC_NOUNS:
        return False
    if not any(d.dep_ == "poss" or (d.dep_ == "det" and d.lower_ in _BACK_DETERMINERS) for d in t.children):
        return False
    if _channel(unit, text, content, lex)[0] != "statement":
        return False
    return _channel(unit, text, [*content, (t.left_edge.idx, t.idx + len(t))], lex)[0] is None


def _fill_referred_back(referred: list[Statement]) -> bool:
    """A document referred back to whose author's channel the article never gave is a written statement; whether
    any was."""
    filled = False
    for st in referred:
        if st.channel is None:
            st.channel = "statement"
            filled = True
    return filled


def _note_channel_only(c: _Cue, unit: _Unit, text: str, lex: Lexicon, found: dict[str, set[str]]) -> None:
    """A cue that says nothing itself but names where its speaker spoke ("He said this at a joint press
    conference", "She announced this on her Telegram channel") gives that speaker's channel for the article."""
    channel, carry = _channel(unit, text, [], lex)
    if channel is not None and carry and not _written_referred_back(c, unit, text, [], lex):
        for sp in c.speakers:
            found.setdefault(sp, set()).add(channel)


def _note_scene_channel(a: Analysis, unit: _Unit, text: str, lex: Lexicon, found: dict[str, set[str]]) -> None:
    """A sentence that quotes nothing but says where its subject spoke ("Zelensky posted a video on Telegram",
    "The delegation head addressed the media after the talks") gives that subject's channel for the article (only
    the channels of data/statements.yaml ``scene_channels``), and the agent of a passive verb of saying its own, as a
    cue that says nothing does (:func:`_note_channel_only`): its statements are that post or address."""
    channel, carry = _channel(unit, text, [], lex)
    if channel is None or not carry:
        return
    for sent in unit.sents:
        if channel in _SCENE_CHANNELS:
            for subj in sent.root.children:
                if subj.dep_ in ("nsubj", "nsubjpass"):
                    for sp in actors_for_token(a, subj):
                        found.setdefault(sp, set()).add(channel)
        # the agent of a verb of saying the cues did not take ("This was reported by the minister in a press
        # release", "The strike, reported by the governor in a Telegram post, ..."): the channel is its own
        for tok in sent:
            if tok.dep_ == "agent" and tok.head.lemma_.lower() in lex.verbs:
                for obj in tok.children:
                    if obj.dep_ == "pobj":
                        for sp in actors_for_token(a, obj):
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
