"""Quoted passages in running text, whatever the quote marks.

Handles „…“ «…» “…” "…" ‘…’ '…', doubled single marks used as double ones (‘‘…’’, ''…''),
and a quotation that runs into the next paragraph (the paragraph ends unclosed and the next one
opens with a quote mark, or goes on unopened to a close mark ending it): that is one quote.
Whether a mark opens or closes is read from what
surrounds it (space before: opens; space or punctuation after: closes), so straight and
typographic marks in any mix work. Apostrophes inside words ("Russia’s") are never marks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_DOUBLE = set('"\u201c\u201d\u201e\u201f\u00ab\u00bb')
_SINGLE = set("'\u2018\u2019\u201a\u201b`\u00b4")
_ALWAYS_OPEN = set("\u201e\u00ab\u201a")
_ALWAYS_CLOSE = set("\u00bb")
_BEFORE_OPEN = set("([{\u2014\u2013-/:")
_AFTER_CLOSE = set(",.;:!?)]}\u2014\u2013-\u2026")


@dataclass
class Quote:
    """A quotation: marks from ``open`` to ``close`` (exclusive); words in ``segments``."""

    open: int
    close: int
    segments: list[tuple[int, int]] = field(default_factory=list)

    def text(self, source: str) -> str:
        return " ".join(source[s:e].strip() for s, e in self.segments if source[s:e].strip())


@dataclass
class _Mark:
    pos: int
    length: int
    family: str  # "double" or "single"
    role: str    # "open" or "close"


def _marks(text: str) -> list[_Mark]:
    out: list[_Mark] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in _DOUBLE or (c in _SINGLE and i + 1 < n and text[i + 1] in _SINGLE):
            length, family = (1 if c in _DOUBLE else 2), "double"
        elif c in _SINGLE:
            length, family = 1, "single"
        else:
            i += 1
            continue
        prev = text[i - 1] if i > 0 else "\n"
        nxt = text[i + length] if i + length < n else "\n"
        opens = prev.isspace() or prev in _BEFORE_OPEN or prev in _DOUBLE or prev in _SINGLE
        closes = nxt.isspace() or nxt in _AFTER_CLOSE or nxt in _DOUBLE or nxt in _SINGLE
        role = None
        if c in _ALWAYS_OPEN and not nxt.isspace():
            role = "open"
        elif c in _ALWAYS_CLOSE and not prev.isspace():
            role = "close"
        elif opens and not closes:
            role = "open"
        elif closes and not opens:
            role = "close"
        elif opens and closes and family == "double" and not (prev.isspace() and nxt.isspace()):
            # '("' or '",': punctuation on both sides; the space side decides
            role = "open" if prev.isspace() else "close"
        if role is not None:
            out.append(_Mark(i, length, family, role))
        i += length
    return out


def find_quotes(text: str) -> list[Quote]:
    """All quotations in ``text``, in order; nested quotes stay inside their outer quote."""
    marks = _marks(text)
    quotes = _pair([m for m in marks if m.family == "double"], text, single=False)
    inside = [(q.open, q.close) for q in quotes]
    singles = [m for m in marks if m.family == "single" and not any(s <= m.pos < e for s, e in inside)]
    quotes += _pair(singles, text, single=True)
    quotes.sort(key=lambda q: q.open)
    return quotes


#: a quotation left open at its paragraph's end runs on, unopened, through at most this many paragraph breaks and
#: characters to a close mark ending a paragraph after a full stop
_RUN_ON_BREAKS = 2
_RUN_ON_CHARS = 1500
#: how far back a close mark's sentence end is looked for (spaces between the stop and the mark)
_LOOK_BACK = 200


def _ends_paragraph(text: str, m: _Mark) -> bool:
    """Whether close mark ``m`` follows the end of a sentence and ends its paragraph ('... suit."' + newline)."""
    end = m.pos + m.length
    nl = text.find("\n", end)
    rest = text[end:] if nl < 0 else text[end:nl]  # up to the line's end only: each mark costs its own line
    before = text[max(0, m.pos - _LOOK_BACK):m.pos].rstrip()
    return not rest.strip() and before[-1:] in (".", "!", "?", "\u2026")


def _paragraphs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The stretches of ``text[start:end]`` between line breaks, as segments of a quotation."""
    out = []
    for line_start, line in _lines(text[start:end], start):
        if line.strip():
            out.append((line_start, line_start + len(line)))
    return out


def _lines(s: str, offset: int) -> list[tuple[int, str]]:
    out = []
    pos = 0
    for line in s.split("\n"):
        out.append((offset + pos, line))
        pos += len(line) + 1
    return out


def _pair(marks: list[_Mark], text: str, single: bool) -> list[Quote]:
    out: list[Quote] = []
    cur: _Mark | None = None
    segs: list[tuple[int, int]] = []
    seg_start = 0
    for m in marks:
        if cur is None:
            if m.role == "open":
                cur, segs, seg_start = m, [], m.pos + m.length
            continue
        between = text[seg_start:m.pos]
        if "\n" in between:
            last_break = seg_start + between.rfind("\n")
            para_start_gap = text[last_break:m.pos]
            one_break = "\n" not in text[seg_start:last_break].rstrip()
            if not single and m.role == "open" and not para_start_gap.strip() and one_break:
                # the quote runs on: the paragraph ended unclosed and this one opens again
                segs.append((seg_start, last_break))
                seg_start = m.pos + m.length
                continue
            if not single and m.role == "close" and len(between) <= _RUN_ON_CHARS and \
                    len(re.findall(r"\n\s*(?=\S)", between)) <= _RUN_ON_BREAKS and _ends_paragraph(text, m):
                # the quote runs on into the next paragraph unopened ('Quote: "A. B.\n\nC."'), closing where
                # that paragraph ends: one quote of its paragraphs
                segs.extend(_paragraphs(text, seg_start, m.pos))
                out.append(Quote(cur.pos, m.pos + m.length, segs))
                cur, segs = None, []
                continue
            # an opener that never closed in its paragraph: not a quote; start again here
            cur = m if m.role == "open" else None
            segs, seg_start = [], m.pos + m.length
            continue
        if m.role == "close":
            segs.append((seg_start, m.pos))
            q = Quote(cur.pos, m.pos + m.length, segs)
            words = q.text(text).split()
            if not single or (len(words) >= 2 and q.text(text)[:1].isalnum()):
                out.append(q)
            cur, segs = None, []
        else:
            cur, segs, seg_start = m, [], m.pos + m.length
    return out
