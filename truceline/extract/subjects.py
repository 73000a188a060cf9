"""Subject and scope lexicon: which negotiation subject and which target classes a phrase names.

The lexicon is data (``data/subjects.yaml``). Lookups work on plain strings with
character offsets, so callers can pass a trigger's subtree, a sentence or a whole
paragraph and ask for the match nearest to a position.
"""
from __future__ import annotations

import dataclasses
import functools
import re
from collections import Counter
from dataclasses import dataclass
from importlib import resources

import yaml

from ..errors import ConfigError
from .intervals import Intervals

#: The subjects that are truces (a ceasefire of some scope), as opposed to talks, aid, sanctions, deals.
CEASEFIRES = ("full_ceasefire", "energy_ceasefire", "maritime_ceasefire")


#: how many first letters of a key word index it: enough to tell most words apart, few enough for short ones
_PREFIX_LEN = 3
_WORD_START = re.compile(r"(?<!\w)\w")


@dataclass(frozen=True)
class Hit:
    label: str
    start: int
    end: int
    generic: bool = False


def _compile(phrase: str) -> re.Pattern[str]:
    body = ""
    for word in phrase.lower().split():
        if word == "*":
            body += r"(?:[\w'’-]+,?\s+){0,3}?"
        else:
            body += re.escape(word) + r",?\s+"
    body = body[: -len(r",?\s+")] if body.endswith(r",?\s+") else body
    # A phrase may end inside a word ("refiner" matches "refinery", "refineries"), but a short last word
    # only takes a plural: "pow" must not match "power", "dam" "damage", nor "war" "warning".
    words = phrase.split()
    tail = r"(?:s|es)?\b" if words and len(words[-1]) <= 3 else r"[\w-]*"
    return re.compile(r"(?<![\w])" + body + tail, re.IGNORECASE)


def _words(phrase: str) -> list[str]:
    return [w for w in phrase.lower().split() if w != "*"]


def _key_word(phrase: str, uses: Counter[str]) -> str:
    """A word every match of ``phrase`` contains, lower-cased: the one fewest phrases of the lexicon share
    (``uses``), then the longest, so that few patterns wait on one word ("" for a phrase of wildcards)."""
    words = _words(phrase)
    return min(words, key=lambda w: (uses[w], -len(w))) if words else ""


@dataclass
class Lexicon:
    #: (label, pattern, its key word): a pattern runs only on texts that hold its key word, which skips
    #: nearly all of them (the search was a tenth of extraction's time when every pattern ran)
    subjects: list[tuple[str, re.Pattern[str], str]]
    generic: list[tuple[str, re.Pattern[str], str]]
    targets: list[tuple[str, re.Pattern[str], str]]
    #: phrases that name no subject although they hold a subject's word ("memorandum of understanding")
    blocked: list[tuple[str, re.Pattern[str], str]] = dataclasses.field(default_factory=list)

    def __post_init__(self) -> None:
        # Each word of a pattern starts a word of the text where it matches (after "(?<![\w])" or a space),
        # so the key words are looked up by their first letters at the text's word starts: a handful of
        # lookups per sentence instead of a search of the sentence for each of the ~150 key words.
        firsts = {w for t in (self.subjects, self.generic, self.targets, self.blocked) for _, _, w in t}
        self._by_head: dict[str, list[str]] = {}
        self._other: list[str] = []  # too short for a head, or not opening with a letter: searched for
        for w in sorted(firsts):
            if len(w) >= _PREFIX_LEN and re.match(r"\w", w):
                self._by_head.setdefault(w[:_PREFIX_LEN], []).append(w)
            else:
                self._other.append(w)

    def _present(self, low: str) -> set[str]:
        """The key words that occur in ``low`` where a pattern could match them."""
        heads = {low[m.start():m.start() + _PREFIX_LEN] for m in _WORD_START.finditer(low)}
        out = {w for h in heads for w in self._by_head.get(h, ()) if w in low}
        out.update(w for w in self._other if w in low)
        return out

    def subject_hits(self, text: str) -> list[Hit]:
        present = self._present(text.lower())
        hits = [Hit(label, m.start(), m.end()) for label, rx, w in self.subjects if w in present
                for m in rx.finditer(text)]
        hits += [Hit(label, m.start(), m.end(), True) for label, rx, w in self.generic if w in present
                 for m in rx.finditer(text)]
        spans = [(m.start(), m.end()) for _, rx, w in self.blocked if w in present for m in rx.finditer(text)]
        return [h for h in hits if not any(s <= h.start and h.end <= e for s, e in spans)] if spans else hits

    def subject(self, text: str, near: int | None = None, generic: bool = True) -> str | None:
        """The subject ``text`` names: the specific phrase nearest ``near`` (or first), else a generic one."""
        hits = self.subject_hits(text)
        for tier in (False, True):
            if tier and not generic:
                break
            pool = [h for h in hits if h.generic == tier]
            if pool:
                if near is None:
                    return min(pool, key=lambda h: (h.start, -(h.end - h.start))).label
                return min(pool, key=lambda h: (_distance(h, near), -(h.end - h.start))).label
        return None

    def targets_in(self, text: str) -> list[str]:
        """Target classes named in ``text``, most specific first, each once; "energy" only when nothing
        more specific covers the same words."""
        found: list[tuple[int, int, str]] = []
        present = self._present(text.lower())
        for label, rx, w in self.targets:
            if w not in present:
                continue
            for m in rx.finditer(text):
                if any(s <= m.start() and m.end() <= e for s, e, _ in found):
                    continue  # inside a longer, more specific phrase already found
                found.append((m.start(), m.end(), label))
        out: list[str] = []
        for _, _, label in sorted(found):
            if label not in out:
                out.append(label)
        return out


def own_hits(hits: list[Hit]) -> list[Hit]:
    """``hits`` less the generic ones inside a specific one: the "ceasefire" of "energy ceasefire" is that one,
    not a second subject."""
    named = Intervals((h.start, h.end) for h in hits if not h.generic)
    return [h for h in hits if not (h.generic and named.covers(h.start, h.end))]


def _distance(h: Hit, pos: int) -> int:
    if h.start <= pos < h.end:
        return 0
    return min(abs(h.start - pos), abs(h.end - pos))


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    try:
        raw = resources.files("truceline.extract").joinpath("data/subjects.yaml").read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"subject lexicon missing: {exc}") from exc
    data = yaml.safe_load(raw)
    sections = {"subjects": data["subjects"], "generic": data["generic"], "targets": data["targets"],
                "blocked": {"": data.get("not_subjects") or []}}
    uses = Counter(w for section in sections.values() for phrases in section.values() for p in phrases
                   for w in set(_words(p)))

    def table(section: dict[str, list[str]]) -> list[tuple[str, re.Pattern[str], str]]:
        rows = [(label, phrase) for label, phrases in section.items() for phrase in phrases]
        # Longer phrases first so "nuclear power plant" claims its words before "power plant".
        rows.sort(key=lambda r: -len(r[1]))
        return [(label, _compile(phrase), _key_word(phrase, uses)) for label, phrase in rows]

    return Lexicon(**{name: table(section) for name, section in sections.items()})


def subject_of(text: str, near: int | None = None, generic: bool = True) -> str | None:
    return lexicon().subject(text, near, generic)


def targets_of(text: str) -> list[str]:
    return lexicon().targets_in(text)
