"""A second opinion on the page's lines: a text classifier trained on the corpus's gold boilerplate.

The rules of ``boilerplate.py`` decide first; the classifier then reads each line with the rules' verdict
on it and on its neighbours, its place on the page and its shape written in front of the words as feature
tokens (``features``), and gives the probability that the line is page junk. A line the rules kept goes
when that probability reaches the ``remove`` threshold; a line the rules cut comes back only when it falls
under the ``restore`` threshold (both chosen by cross-validation in ``scripts/training/lines.py`` and read
from the model's manifest entry). Without a trained model (``truceline/trained/lines`` absent) the rules
alone decide, as before. Cross-validated cleaning F1 (benchmarks/crossval.py, 5 folds): rules 0.827, with
the classifier 0.961 (the rules keep few body lines out, but leave many junk lines in).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import trained
from .boilerplate import _DATELINE_PLACE, patterns

if TYPE_CHECKING:
    from spacy.language import Language

    from ..settings import Settings

NAME = "lines"
JUNK = "JUNK"
BODY = "BODY"
#: thresholds used when the manifest names none (a model trained before they were stored)
DEFAULT_REMOVE = 0.5
DEFAULT_RESTORE = 0.0
#: characters of a line the classifier reads (the features come first)
MAX_CHARS = 400
#: lines either side of a line compared with it for repeated words (a summary repeating the body)
WINDOW = 40

_END_SENTENCE = frozenset(".!?…")
_QUOTE_END = frozenset("\"”“»’'")
_BULLET = re.compile(r"^(?:[-–—•*·▪►✓]|\d{1,3}[.)]\s)")
_QUOTE_START = re.compile(r"^[\"“”„«‘’'‹]")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_HANDLE = re.compile(r"@\w|https?://|www\.|pic\.twitter")
_WORD = re.compile(r"[^\W\d_]+")


def _slug(how: str | None) -> str:
    return _NOT_ALNUM.sub("", (how or "none").lower()) or "none"


def _length(n: int) -> str:
    for limit, name in ((1, "1"), (2, "2"), (3, "3"), (5, "5"), (9, "9"), (15, "15"), (25, "25"), (40, "40")):
        if n <= limit:
            return name
    return "many"


def _end(line: str) -> str:
    last = line[-1]
    if last in _END_SENTENCE:
        return "dot"
    if last in _QUOTE_END:
        return "quote"
    if last == ":":
        return "colon"
    if last in ")]":
        return "paren"
    return "open" if last == "," or last == ";" else "none"


def _shape(line: str) -> list[str]:
    out = [f"W{_length(len(line.split()))}", f"E{_end(line)}"]
    if _BULLET.match(line):
        out.append("Sbullet")
    elif _QUOTE_START.match(line):
        out.append("Squote")
    elif line[0].isdigit():
        out.append("Sdigit")
    elif line[0].islower():
        out.append("Slower")
    words = _WORD.findall(line)
    if words and sum(w[0].isupper() for w in words) >= 0.7 * len(words):
        out.append("Ttitle")
    letters = [c for c in line if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        out.append("Tcaps")
    if _YEAR.search(line):
        out.append("Tyear")
    if _HANDLE.search(line):
        out.append("Thandle")
    return out


def _overlap(a: frozenset[str], b: frozenset[str]) -> int:
    """How much of ``a``'s words ``b`` has, in fifths."""
    return 5 * len(a & b) // len(a) if a else 0


def features(lines: list[str], how: list[str | None]) -> list[str]:
    """What the classifier reads for each line: feature tokens, then the line's words (lower-cased).

    ``how`` is the rules' verdict per line (the rule's name, "heading", "title"..., None for body).
    """
    n = len(lines)
    keys = [" ".join(ln.casefold().split()) for ln in lines]
    seen: dict[str, int] = {}
    for k in keys:
        seen[k] = seen.get(k, 0) + 1
    bags = [frozenset(w for w in _WORD.findall(k) if len(w) > 3) for k in keys]
    head = next((i for i, h in enumerate(how) if h == "title"), 0)
    shapes = [_shape(ln) for ln in lines]
    wire = patterns().wire
    free_before = 0
    out = []
    for i, line in enumerate(lines):
        f = [f"H{_slug(how[i])}"]
        pos = f"P{i}" if i < 4 else ("Pearly" if i < 10 else "Pmid")
        if i == n - 1:
            pos = "Plast"
        f.append(pos)
        if i >= n - 4 and i != n - 1:
            f.append("Plate")
        f.append(f"R{min(9, 10 * i // max(n, 1))}")
        if how[i] is None:
            f.append(f"B{min(free_before, 4)}")
            free_before += 1
        if seen[keys[i]] > 1:
            f.append("Ddup")
        if wire.search(line) or _DATELINE_PLACE.match(line[:120]):
            f.append("Sdateline")  # "KYIV, March 26 (Reuters) - ...": the lead, however it is placed
        f += shapes[i]
        # conjunctions a linear model cannot form itself: place with ending, ending with length
        f.append(f"C{pos}{shapes[i][1]}")
        f.append(f"C{shapes[i][0]}{shapes[i][1]}")
        if i != head:
            f.append(f"Otitle{_overlap(bags[i], bags[head])}")
        if len(bags[i]) >= 3:
            near = range(max(0, i - WINDOW), min(n, i + WINDOW + 1))
            best = max((_overlap(bags[i], bags[j]) for j in near if j != i), default=0)
            f.append(f"Oany{best}")
        for side, j in (("p", i - 1), ("n", i + 1)):
            if 0 <= j < n:
                f.append(f"{side}H{_slug(how[j])}")
                f += [side + x for x in shapes[j][:2]]
                if "Thandle" in shapes[j]:
                    f.append(f"{side}Thandle")
            else:
                f.append(f"{side}Hedge")
        text = line if len(line) <= MAX_CHARS else line[:MAX_CHARS]
        out.append(" ".join(f) + " | " + text.casefold())
    return out


@dataclass
class LineModel:
    """The trained classifier and its two thresholds."""

    nlp: Language
    remove: float
    restore: float

    def junk_probabilities(self, lines: list[str], how: list[str | None]) -> list[float]:
        docs = self.nlp.pipe(features(lines, how), batch_size=256)
        return [float(d.cats.get(JUNK, 0.0)) for d in docs]

    def judge(self, lines: list[str], reason: list[str | None], how: list[str | None]) -> list[str | None]:
        """The reasons to use: the rules' own, with lines the classifier is sure of moved across."""
        out = list(reason)
        for i, p in enumerate(self.junk_probabilities(lines, how)):
            if reason[i] is None and p >= self.remove:
                out[i] = "other"
            elif reason[i] is not None and p < self.restore:
                out[i] = None
        return out


def get(settings: Settings) -> LineModel | None:
    """The trained line classifier of the settings' model folder, or None (the rules decide alone)."""
    folder = str(trained.models_dir(settings))
    if folder not in _LOADED:
        nlp = trained.load(settings, NAME)
        _LOADED[folder] = None if nlp is None else LineModel(
            nlp, trained.threshold(settings, NAME, "remove", DEFAULT_REMOVE),
            trained.threshold(settings, NAME, "restore", DEFAULT_RESTORE))
    return _LOADED[folder]


#: model folder -> its line classifier (None: none trained there), loaded once per process
_LOADED: dict[str, LineModel | None] = {}
