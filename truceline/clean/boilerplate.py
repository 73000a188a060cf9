"""Scraped page text to the article's running paragraphs, with every cut line and its reason.

Two kinds of evidence decide what goes:
- patterns (``boilerplate.yaml``): appeals, comment forms, source lines, adverts, promos, notices, share
  prompts, navigation, captions, bylines, in several languages; plus timestamps alone on a line;
- page layout: the headline (the first headline-like line before the body; its repeats go too),
  headline-like lines without sentence punctuation (subheadings, standfirsts, section labels), short
  labels alone on a line ("Background:"), and a lead-in sentence sandwiched in the page header above a
  date or byline line (a standfirst).

Everything else stays, word for word, one paragraph per input line (hard-wrapped texts are re-joined).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from ..dates import lexicon, search_dates
from ..models import Removal

# Characters a sentence or a quoted sentence ends with; a line ending otherwise reads as a heading.
_END = frozenset(".!?…;,:\"”“»’'')]")
_LIST_ITEM = re.compile(r"^(?:[-–—•*·▪►✓]\s*|\d{1,3}[.)]\s+|[a-zа-я][.)]\s+|\(\d{1,3}\)\s+)")
_OPENING_QUOTE = re.compile(r"^[\"“”„«‘’'‹]")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_IMAGE_FILE = re.compile(r"\S+\.(?:png|jpe?g|gif|webp|svg|avif)\b", re.IGNORECASE)
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\b")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_LEAD_WORD = re.compile(r"^[^\W\d_]+\s*[,|—–-]\s*(?=\d)")
_AGO = re.compile(r"\b\d+\s*(?:min|mins|minutes?|h|hrs?|hours?|days?)\s+ago\b", re.IGNORECASE)
_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»‘’‚‛'`´"})
_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](\d{1,2})[/-](\d{1,2})(?:/|\b)")
_DATELINE_PLACE = re.compile(r"^[A-ZА-ЯІЇЄҐ][A-ZА-ЯІЇЄҐ'’. -]{1,30}(?:,\s*[^,()—–\-\d]{2,30})?,\s*")
# Words that may stay lower-case in a label or headline ("Ministry of Defense:", "Ministère de la ...").
_MINOR = frozenset("a an and at by de del der des di die du for from in la le les of on or the to und "
                   "von zu и в на с у з та і".split())

HEADLINE_MAX_WORDS = 30
LABEL_MAX_WORDS = 6
HEADER_LINES = 12
#: lines of a hard-wrapped text are at most this long.
WRAP_WIDTH = 120


@dataclass
class Cleaned:
    paragraphs: list[str]
    removed: list[Removal] = field(default_factory=list)
    title: str | None = None
    outlet: str | None = None
    published: dt.date | None = None


@dataclass(frozen=True)
class _Matcher:
    """Patterns anchored at the line's start are tried with ``match``: ``search`` would scan every position."""

    anchored: re.Pattern[str] | None
    floating: re.Pattern[str] | None

    def hit(self, line: str) -> bool:
        return bool((self.anchored is not None and self.anchored.match(line))
                    or (self.floating is not None and self.floating.search(line)))


@dataclass(frozen=True)
class _Rule:
    name: str
    reason: str
    max_chars: int
    pattern: _Matcher


@dataclass(frozen=True)
class _Block:
    reason: str
    max_lines: int
    start: _Matcher
    end: _Matcher


@dataclass(frozen=True)
class _Patterns:
    rules: tuple[_Rule, ...]
    blocks: tuple[_Block, ...]
    credits: tuple[re.Pattern[str], ...]
    wire: re.Pattern[str]
    fillers: frozenset[str]


def _alternation(patterns: list[str]) -> _Matcher:
    anchored = [p[1:] for p in patterns if p.startswith("^")]
    floating = [p for p in patterns if not p.startswith("^")]

    def join(group: list[str]) -> re.Pattern[str] | None:
        return re.compile("|".join(f"(?:{p})" for p in group), re.IGNORECASE) if group else None

    return _Matcher(join(anchored), join(floating))


@lru_cache(maxsize=1)
def patterns() -> _Patterns:
    """The compiled patterns of ``boilerplate.yaml`` (read once per process)."""
    raw: dict[str, Any] = yaml.safe_load(
        resources.files(__package__).joinpath("boilerplate.yaml").read_text("utf-8"))
    rules = tuple(_Rule(r["name"], r["reason"], int(r["max_chars"]), _alternation(r["patterns"]))
                  for r in raw["rules"])
    blocks = tuple(_Block(b["reason"], int(b["max_lines"]), _alternation(b["start"]), _alternation(b["end"]))
                   for b in raw["blocks"])
    credits = tuple(re.compile(p, re.IGNORECASE) for p in raw["outlet_credits"])
    names = "|".join(re.escape(str(a)) for a in sorted(raw["wire_agencies"], key=len, reverse=True))
    wire = re.compile(rf"^.{{0,80}}?(?:\((?P<a>{names})\)\s*(?:[-—–]|$)|/(?P<b>{names})/)")
    lex = lexicon()
    fillers = frozenset(str(w).lower() for w in raw["date_fillers"]) | lex.weekdays | frozenset(lex.months)
    return _Patterns(rules, blocks, credits, wire, fillers)


#: a second opinion on the lines (``lines_model.LineModel.judge``): given the lines, the rules' reason for
#: each (None: body) and how the rules decided it, the reasons to use instead
Judge = Callable[[list[str], list[str | None], list[str | None]], list[str | None]]


def strip_boilerplate(text: str, *, title: str | None = None, source: str | None = None,
                      judge: Judge | None = None) -> Cleaned:
    """Split ``text`` into body paragraphs and removed lines.

    ``title``, when known from metadata, is used instead of detecting the headline. ``source`` (a URL)
    may supply a publication date (``/2025/03/19/``) when the text has none. ``judge`` (the trained line
    classifier) may move lines across after the rules.
    """
    lines = _paragraphs(text)
    page = _Page(lines, patterns())
    page.mark_blocks()
    page.mark_rules()
    found_title = page.mark_title(title)
    page.mark_label_runs()
    page.mark_header()
    page.mark_headings()
    page.mark_repeats()
    if judge is not None and lines:
        page.apply(judge(lines, list(page.reason), list(page.how)))
    page.keep_something()
    kept = [ln for ln, r in zip(lines, page.reason, strict=True) if r is None]
    removed = [Removal(ln, r) for ln, r in zip(lines, page.reason, strict=True) if r is not None]
    if found_title is not None and page.title_index >= 0 and page.how[page.title_index] is None:
        found_title = None  # given back to the body by keep_something
    return Cleaned(kept, removed, found_title, page.outlet(), page.published(source))


def norm(line: str) -> str:
    """A line's comparable form: case, quotes, spacing and end punctuation ignored."""
    s = re.sub(r"\s+", " ", line.translate(_QUOTES).casefold()).strip()
    return s.rstrip(" .:;,!?-—–|")


def _paragraphs(text: str) -> list[str]:
    """Non-empty stripped lines, one paragraph each; a hard-wrapped text is re-joined first.

    A text is hard-wrapped when no line is longer than a terminal's width, most lines come close to the
    longest and most of those stop mid-sentence; there, a near-full line that does not end a sentence
    runs on into the next line of its block. Scraped pages (a paragraph a line) are never re-joined.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    blocks = [[ln.strip() for ln in b.split("\n") if ln.strip()] for b in re.split(r"\n\s*\n", text)]
    lines = [ln for b in blocks for ln in b]
    if not lines:
        return []
    width = max(len(ln) for ln in lines)
    full = [ln for ln in lines if len(ln) >= 0.6 * width]
    # Wrapping cuts sentences anywhere, so most near-full lines end without sentence punctuation.
    wrapped = (width <= WRAP_WIDTH and len(lines) >= 4 and len(full) >= 0.5 * len(lines)
               and sum(ln[-1] not in _END for ln in full) >= 0.6 * len(full))
    if not wrapped:
        return lines
    out: list[str] = []
    for block in blocks:
        para: list[str] = []
        for ln in block:
            if para:
                prev = para[-1]
                runs_on = len(prev) >= 0.6 * width and (prev[-1] not in ".!?…\"”»" or ln[0].islower())
                if not runs_on or _LIST_ITEM.match(ln):
                    out.append(" ".join(para))
                    para = []
            para.append(ln)
        if para:
            out.append(" ".join(para))
    return out


def _words(line: str) -> list[str]:
    return line.split()


def _ends_sentence(line: str) -> bool:
    return line[-1] in _END


def _title_cased(line: str) -> bool:
    words = [w for w in _WORD.findall(line) if w.casefold() not in _MINOR]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _headline_like(line: str) -> bool:
    words = _words(_strip_trailing_date(line))
    letters = [c for c in line if c.isalpha()]
    # A line ending in a colon introduces what follows, unless it is a Title-Cased heading.
    if line.endswith(":") and not _title_cased(line):
        return False
    return (not _ends_sentence(line.rstrip(":")) and 3 <= len(words) <= HEADLINE_MAX_WORDS
            and not _OPENING_QUOTE.match(line) and not _LIST_ITEM.match(line) and not line.startswith("(")
            and not all(c.isupper() for c in letters))


def _body_like(line: str) -> bool:
    n = len(_words(line))
    return (_ends_sentence(line) and n >= 6) or n > HEADLINE_MAX_WORDS


def _label_like(line: str) -> bool:
    """A short label alone on a line: "Background:", "The Ministry of Energy:"."""
    if not line.endswith(":"):
        return False
    words = _WORD.findall(line)
    if not words or len(_words(line)) > LABEL_MAX_WORDS:
        return False
    return all(w[0].isupper() or w.casefold() in _MINOR for w in words) and words[0][0].isupper()


def _strip_trailing_date(line: str) -> str:
    """A headline with a timestamp glued on ("... the grid Monday, May 5, 2025 09:15 AM") without it."""
    dates = search_dates(line)
    if not dates or not _YEAR.search(line[dates[-1].start:]):
        return line
    head, tail = line[:dates[-1].start], line[dates[-1].end:]
    if _WORD.findall(_CLOCK.sub(" ", tail)) and not all(
            w.casefold() in patterns().fillers for w in _WORD.findall(_CLOCK.sub(" ", tail))):
        return line
    head = head.rstrip(" ,|-—–")
    words = head.split()
    while words and words[-1].rstrip(",").casefold() in lexicon().weekdays:
        words.pop()
    head = " ".join(words).rstrip(" ,|-—–")
    return head if len(head.split()) >= 3 else line


def _is_timestamp(line: str, fillers: frozenset[str]) -> bool:
    """A date or time alone on a line, with at most words like "Published", "Updated", "GMT".

    One leading word before a comma, bar or dash may name the section or place ("Politics, 17 Apr 2025").
    """
    if len(line) > 90 or not any(c.isdigit() for c in line):
        return False
    s = _IMAGE_FILE.sub(" ", line)
    lead = _LEAD_WORD.match(s)
    if lead and (_YEAR.search(s) or _CLOCK.search(s)):
        s = s[lead.end():]
    if not (search_dates(s) or _CLOCK.search(s) or _YEAR.fullmatch(s.strip()) or _AGO.search(s)):
        return False
    return all(w.casefold() in fillers for w in _WORD.findall(s))


class _Page:
    """The lines of one page and what has been decided about each."""

    def __init__(self, lines: list[str], pats: _Patterns) -> None:
        self.lines = lines
        self.pats = pats
        self.reason: list[str | None] = [None] * len(lines)
        self.how: list[str | None] = [None] * len(lines)
        self.title_index = -1

    def _mark(self, i: int, reason: str, how: str) -> None:
        self.reason[i] = reason
        self.how[i] = how

    def _free(self) -> list[int]:
        return [i for i, r in enumerate(self.reason) if r is None]

    def mark_blocks(self) -> None:
        n = len(self.lines)
        for block in self.pats.blocks:
            i = 0
            while i < n:
                if self.reason[i] is None and len(self.lines[i]) <= 120 and block.start.hit(self.lines[i]):
                    last = None
                    for j in range(i + 1, min(n, i + block.max_lines + 1)):
                        if len(self.lines[j]) <= 120 and block.end.hit(self.lines[j]):
                            last = j
                    if last is not None:
                        for j in range(i, last + 1):
                            self._mark(j, block.reason, "block")
                        i = last
                i += 1

    def mark_rules(self) -> None:
        fillers = self.pats.fillers
        for i, line in enumerate(self.lines):
            if self.reason[i] is not None:
                continue
            if _is_timestamp(line, fillers):
                self._mark(i, "byline", "date")
                continue
            for rule in self.pats.rules:
                if len(line) <= rule.max_chars and rule.pattern.hit(line):
                    self._mark(i, rule.reason, rule.name)
                    break

    def mark_title(self, given: str | None) -> str | None:
        title = given
        if title is None:
            free = self._free()
            for i in free[:HEADER_LINES]:
                line = self.lines[i]
                if _headline_like(line) and len(free) > 1:
                    title = _strip_trailing_date(line).rstrip(":").strip()
                    self.title_index = i
                    break
                if _body_like(line):
                    break
        if not title:
            return None
        key = norm(title)
        for i, line in enumerate(self.lines):
            if self.reason[i] is None or i == self.title_index:
                if norm(line) == key or norm(_strip_trailing_date(line)) == key:
                    self._mark(i, "duplicate_title", "title")
        return title

    def mark_label_runs(self) -> None:
        """Short lines under a bare navigation or promo label ("Tags", "Read more") are its items."""
        n = len(self.lines)
        for i in range(n):
            if self.how[i] not in ("navigation", "promo") or len(_words(self.lines[i])) > 3:
                continue
            j = i + 1
            while j < n and self.reason[j] is None:
                line = self.lines[j]
                if _ends_sentence(line) or len(_words(line)) > 8 or _LIST_ITEM.match(line):
                    break
                self._mark(j, self.reason[i] or "navigation", "label run")
                j += 1

    def mark_header(self) -> None:
        """Standfirsts and captions above the body: a sentence followed by a date, byline or its copy."""
        n = len(self.lines)
        for i in range(min(n, HEADER_LINES)):
            if self.reason[i] is not None:
                continue
            line = self.lines[i]
            nxt = i + 1
            if nxt < n and (self.how[nxt] in ("date", "byline") or norm(self.lines[nxt]) == norm(line)):
                self._mark(i, "other", "standfirst")
                continue
            if _body_like(line):
                return

    def mark_headings(self) -> None:
        free = self._free()
        if not free:
            return
        last = free[-1]
        candidates = [i for i in free[:-1] if not _ends_sentence(self.lines[i])]
        sentences = [i for i in free if _ends_sentence(self.lines[i])]
        # A text mostly without sentence punctuation (lists, verse, captions) gives no layout signal.
        if len(candidates) >= 3 and len(candidates) > len(sentences):
            return
        listed = self._unmarked_list_items(free)
        for k, i in enumerate(free):
            line = self.lines[i]
            nxt = self.lines[free[k + 1]] if k + 1 < len(free) else ""
            if i in listed:
                continue
            if _label_like(line) and nxt and not _LIST_ITEM.match(nxt):
                self._mark(i, "other", "label")
                continue
            if i == last or _ends_sentence(line) or _LIST_ITEM.match(line) or _OPENING_QUOTE.match(line):
                continue
            if len(_words(line)) > HEADLINE_MAX_WORDS or (nxt and nxt[0].islower()):
                continue
            self._mark(i, "other", "heading")

    def _unmarked_list_items(self, free: list[int]) -> set[int]:
        """Runs of two or more short unpunctuated lines right after a line ending in ":" are list items.

        A single such line after the colon is a section heading over what follows ("Fighting").
        """
        items: set[int] = set()
        for k, i in enumerate(free):
            if not self.lines[i].endswith(":"):
                continue
            run = []
            for j in free[k + 1:]:
                line = self.lines[j]
                if _ends_sentence(line) or _LIST_ITEM.match(line) or len(_words(line)) > HEADLINE_MAX_WORDS:
                    break
                run.append(j)
            if len(run) >= 2:
                items.update(run)
        return items

    def mark_repeats(self) -> None:
        """A paragraph repeated right after itself (a caption or pull quote shown twice) goes once."""
        free = self._free()
        for a, b in zip(free, free[1:], strict=False):
            if b == a + 1 and norm(self.lines[a]) == norm(self.lines[b]) and len(self.lines[b]) < 400:
                self._mark(b, "other", "repeat")

    def apply(self, reasons: list[str | None]) -> None:
        """The judge's verdicts where they differ from the rules' ("model" says who decided)."""
        for i, r in enumerate(reasons):
            if r != self.reason[i]:
                self.reason[i] = r
                self.how[i] = "model" if r is not None else None

    def keep_something(self) -> None:
        """Layout guesses that would leave no body at all are taken back."""
        if any(r is None for r in self.reason):
            return
        for i, how in enumerate(self.how):
            if how in ("title", "heading", "label", "standfirst", "repeat", "model"):
                self.reason[i] = None
                self.how[i] = None

    def outlet(self) -> str | None:
        for line in self.lines:
            if len(line) > 300:
                continue
            for credit in self.pats.credits:
                m = credit.search(line)
                if m and m.group("outlet").strip():
                    return m.group("outlet").strip(" .:")
        for i in self._free()[:3]:
            m = self.pats.wire.search(self.lines[i])
            if m:
                return m.group("a") or m.group("b")
        return None

    def published(self, source: str | None) -> dt.date | None:
        top = range(min(len(self.lines), HEADER_LINES))
        # Timestamp lines first, then other removed header lines with a full date ("Name — 19 March 2025").
        for header in ([i for i in top if self.how[i] == "date"],
                       [i for i in top if self.how[i] in ("byline", "heading", "label run", "navigation")]):
            for i in header:
                for match in search_dates(self.lines[i]):
                    day = match.date()
                    if day is not None:
                        return day
        if source:
            m = _URL_DATE.search(source)
            if m:
                try:
                    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    pass
        for i in self._free()[:3]:
            line = self.lines[i][:120]
            place = _DATELINE_PLACE.match(line)
            if not place:
                continue
            for match in search_dates(line):
                if match.start == place.end():
                    return match.date(match.year or self._likely_year())
        return None

    def _likely_year(self) -> int | None:
        """The year a dateline without one most likely means: the one the text's full dates give most."""
        counts: dict[int, int] = {}
        for line in self.lines:
            for year in _YEAR.findall(line):
                counts[int(year)] = counts.get(int(year), 0) + 1
        return max(counts, key=lambda y: (counts[y], y)) if counts else None
