"""Place-name spelling: comparison keys, the loose "skeleton" of a name, and romanisation of Cyrillic.

Used at run time by :mod:`truceline.resolve.places` and at build time by ``scripts/build_gazetteer.py``
(which writes the alternate spellings into the gazetteer data), so both agree on what counts as the
same name.

- :func:`key`: the exact comparison key. Diacritics, apostrophes and soft signs go, case and the
  difference between hyphens and spaces go, "No. 3" and "№ 3" become "3". Latin and Cyrillic letters
  are both kept (a Cyrillic name matches its Cyrillic spelling).
- :func:`skeleton`: a loose key for spellings the gazetteer does not list: Ukrainian and Russian
  romanisations of one Cyrillic name differ mainly in vowels (и = y/i, і = i, е/є = e/ye/ie, -ivka /
  -ovka, -e / -oye), in h/g (г) and in doubled letters; the skeleton keeps the consonants (digraphs
  such as kh, zh, shch as one sound, h and g alike) with every run of vowels as one mark, and no spaces.
  "Novomykhailivka", "Novomikhaylovka" and "Novo-Mikhailovka" share one skeleton.
- :func:`romanise_uk`: the Ukrainian national system (Cabinet of Ministers resolution No. 55 of
  2010-01-27), the spelling of Ukraine's own names in English ("Kharkiv", "Zaporizhzhia").
- :func:`romanise_ru`: BGN/PCGN 1947 for Russian ("Belgorodskaya", "Nikolayevka"), and its informal
  wire form with plain e and no ye/yo (``simple=True``: "Nikolaevka").
- :func:`ru_form`: a Ukrainian Cyrillic name as Russian usually writes it (Горлівка -> Горловка,
  Миколаївка -> Николаевка, Зелене -> Зеленое), for the Russian-language spellings of Ukrainian places.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_DROP = str.maketrans("", "", "'\u2019\u2018\u02bc\u02b9`\u00b4\u044c\u044a")  # apostrophes, ь, ъ
_NON_WORD = re.compile(r"[^a-z0-9\u0400-\u04ff]+")
_NUMBER_WORD = re.compile(r"\b(?:no|nr|nos|number|nomer|n)\s+(?=\d)")


def has_cyrillic(s: str) -> bool:
    return bool(_CYRILLIC.search(s))


def fold(s: str) -> str:
    """Latin diacritics off; Cyrillic letters kept whole (й, ї, ё stay themselves)."""
    if not _NEEDS_FOLD.search(s):
        return s
    out = []
    for ch in s:
        if ch < "\u0080" or "\u0400" <= ch <= "\u04ff":
            out.append(ch)
            continue
        d = unicodedata.normalize("NFKD", ch)
        out.append("".join(c for c in d if not unicodedata.combining(c)))
    return "".join(out)


_NEEDS_FOLD = re.compile(r"[^\x00-\x7f\u0400-\u04ff]")


def key(name: str) -> str:
    """Comparison key: no diacritics, apostrophes or soft signs, lower case, hyphens and spaces alike."""
    s = name.lower()
    if not s.isascii():
        s = fold(s.replace("№", " no ")).lower().replace("ё", "е")
    s = _NON_WORD.sub(" ", s.translate(_DROP)).strip()
    if s.startswith("the "):
        s = s[4:]
    if "n" in s and _NUMBER_WORD.search(s):
        s = _NUMBER_WORD.sub("", s)
    return s


# ---------------------------------------------------------------- romanisation

_UK = {"а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh", "з": "z",
       "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
       "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
       "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "\u2019": "", "\u02bc": "",
       # Russian letters in a Ukrainian-system romanisation (e.g. of a Russian name)
       "ы": "y", "э": "e", "ё": "io", "ъ": ""}
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}

_RU = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "ë", "ж": "zh", "з": "z", "и": "i",
       "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
       "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y",
       "ь": "", "э": "e", "ю": "yu", "я": "ya",
       # Ukrainian letters in a Russian-system romanisation
       "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "'": "", "\u2019": "", "\u02bc": ""}
_VOWELS_CYR = set("аеёиоуыэюяіїє")


def _case(out: str, src: str) -> str:
    return out[:1].upper() + out[1:] if src[:1].isupper() else out


def _by_word(name: str, romanise: Callable[[str], str]) -> str:
    """``romanise`` applied to each lower-cased word of ``name``, its capital and the separators kept."""
    out = []
    for word in re.split(r"([\s\-]+)", name):
        if not word or word.isspace() or word.startswith("-"):
            out.append(word)
        else:
            out.append(_case(romanise(word.lower()), word))
    return "".join(out)


def romanise_uk(name: str) -> str:
    """Ukrainian national romanisation (2010): Харків -> Kharkiv, Запоріжжя -> Zaporizhzhia."""
    def word(low: str) -> str:
        buf = []
        for i, ch in enumerate(low):
            if i == 0 and ch in _UK_INITIAL:
                buf.append(_UK_INITIAL[ch])
            elif ch == "г" and i > 0 and low[i - 1] == "з":
                buf.append("gh")  # зг -> zgh, not zh
            else:
                buf.append(_UK.get(ch, ch))
        return "".join(buf)
    return _by_word(name, word)


def romanise_ru(name: str, simple: bool = False) -> str:
    """BGN/PCGN romanisation of Russian: Белгородская -> Belgorodskaya, Николаевка -> Nikolayevka;
    ``simple``: the informal wire form, e (not ye) and e for ё (Nikolaevka, Fedorovka)."""
    def word(low: str) -> str:
        buf = []
        for i, ch in enumerate(low):
            prev = low[i - 1] if i else ""
            if ch in "её" and not simple and (i == 0 or prev in _VOWELS_CYR or prev in "ьъ"):
                buf.append("ye" if ch == "е" else "yo")
            elif ch == "ё":
                buf.append("e" if simple else "ë")
            else:
                buf.append(_RU.get(ch, ch))
        s = "".join(buf)
        return s.replace("ë", "e") if simple else s
    return _by_word(name, word)


# Stems that Russian spells differently from Ukrainian (beyond letter-for-letter).
_RU_STEMS = (("василівка", "васильевка"), ("григорівка", "григорьевка"), ("юріївка", "юрьевка"),
             ("костянтин", "константин"), ("микол", "никол"), ("володимир", "владимир"), ("вовч", "волч"),
             ("жовт", "желт"), ("йосип", "иосиф"), ("вугл", "угл"), ("олександр", "александр"), ("олекс", "алекс"),
             ("кирил", "кирилл"), ("пилип", "филипп"), ("ганн", "анн"), ("гнат", "игнат"), ("омел", "емел"),
             ("оріх", "орех"), ("горіх", "орех"), ("сіверськ", "северск"), ("сєвєро", "северо"))
_RU_ENDINGS = tuple(sorted((
    ("іївка", "еевка"), ("ївка", "евка"), ("івка", "овка"), ("ївськ", "евск"), ("івськ", "овск"), ("ське", "ское"),
    ("цьке", "цкое"), ("зьке", "зское"), ("ська", "ская"), ("цька", "цкая"), ("ський", "ский"), ("цький", "цкий"),
    ("ове", "ово"), ("еве", "ево"), ("єве", "ево"), ("ине", "ино"), ("не", "ное"), ("ий", "ый"), ("ів", "ов"),
    ("їв", "ев")), key=lambda p: -len(p[0])))


def ru_form(name: str) -> str:
    """A Ukrainian Cyrillic name as Russian writes it, by rule (Горлівка -> Горловка, Зелене -> Зеленое).
    An approximation: a rule-made spelling only ever adds an alias next to the real names."""
    words = []
    for word in name.split(" "):
        low = word.lower()
        for uk, ru in _RU_STEMS:
            if low.startswith(uk):
                low = ru + low[len(uk):]
                break
        for uk, ru in _RU_ENDINGS:
            if low.endswith(uk) and len(low) > len(uk) + 1:
                low = low[: -len(uk)] + ru
                break
        low = low.replace("'", "").replace("\u2019", "").replace("\u02bc", "")
        low = low.replace("і", "и").replace("ї", "и").replace("є", "е")
        words.append(_case(low, word))
    return " ".join(words)


# ---------------------------------------------------------------- the loose key

# one mark per sound: shch, zh, kh, ch, sh, ts; h and g alike (Ukrainian г is h, Russian г is g)
_DIGRAPHS = (("x", "ks"), ("shch", "\u015d"), ("sch", "\u015d"), ("zh", "\u017e"), ("kh", "\u0125"),
             ("ch", "\u010d"), ("sh", "\u0161"), ("ck", "k"), ("ts", "c"), ("tz", "c"), ("h", "g"), ("w", "v"),
             ("q", "k"))
_VOWEL_RUN = re.compile(r"[aeiouyj]+")
_DOUBLE = re.compile(r"(.)\1+")


def skeleton(name: str) -> str:
    """The loose key: consonants kept (kh, zh, sh, ch, shch, ts as one sound; h and g alike), each run of
    vowels one mark, doubled letters single, no spaces or hyphens. Cyrillic is romanised first."""
    s = key(name)
    if has_cyrillic(s):
        s = romanise_uk(s)
    s = s.replace(" ", "")
    for a, b in _DIGRAPHS:
        if a in s:
            s = s.replace(a, b)
    s = _DOUBLE.sub(r"\1", s)
    return _VOWEL_RUN.sub("*", s)


# ---------------------------------------------------------------- words around a name

#: Words that say what kind of settlement a name is ("the village of Krynky", "Robotyne village").
SETTLEMENT_WORDS = ("urban-type settlement", "urban type settlement", "urban settlement", "village", "villages",
                    "town", "city", "settlement", "township", "hamlet", "smt", "community", "hromada", "microdistrict")
#: Words that make a name a district (raion) rather than the town it is named after.
DISTRICT_WORDS = ("district", "raion", "rayon", "municipality")
_SETTLEMENT_RX = "|".join(re.escape(w).replace(r"\-", r"[\s-]").replace(r"\ ", r"\s+")
                          for w in sorted(SETTLEMENT_WORDS + DISTRICT_WORDS, key=len, reverse=True))
_LEADING = re.compile(rf"(?i)^(?:the\s+)?(?:(?:{_SETTLEMENT_RX})\s+of\s+|"
                      rf"(?:{_SETTLEMENT_RX})\s+(?=[A-Z\u0400-\u04ff]))")
_TRAILING = re.compile(rf"(?i)\s+(?:{_SETTLEMENT_RX})$")
_DISTRICT_TRAILING = re.compile(rf"(?i)\s+(?:{'|'.join(DISTRICT_WORDS)})$")


def strip_settlement_words(name: str) -> tuple[str, bool]:
    """ "the village of Krynky" -> ("Krynky", False); "Pokrovsk district" -> ("Pokrovsk", True): the bare
    name and whether a district word was on it."""
    s = name.strip()
    district = bool(_DISTRICT_TRAILING.search(s))
    for _ in range(2):
        t = _TRAILING.sub("", _LEADING.sub("", s)).strip()
        if t == s:
            break
        s = t
    return s, district
