"""The places of the incidents stage: where a sentence names a place below country level.

``place_mentions`` finds the places a sentence names (entities, proper nouns the gazetteer knows,
"the village of X", regions in lists) and drops those that are not where a strike fell (an office, an
actor, a speaker, an addressee, a launch point or airspace: :mod:`.incident_place_filters` reads which).
:mod:`.incident_towns` then fixes what the gazetteer gets wrong about a sentence's places.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..resolve import names, places
from .incident_lexicon import _present, lexicon
from .incident_place_filters import _OFFICE_SKIP as _OFFICE_SKIP  # read here by incidents.py
from .incident_place_filters import _PLACE_PREPS, is_office, not_where_hit
from .lexicons import load

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from .analysis import Analysis

_PLACE_LABELS = ("GPE", "LOC", "FAC")
# Word lists (data/incidents.yaml says what each is for).
_WORDS = load("incidents")
_NEAR_WORDS: tuple[str, ...] = tuple(_WORDS["near_words"])
_NOT_REGION_WORDS: tuple[str, ...] = tuple(_WORDS["not_region_words"])
_HOLIDAYS: frozenset[str] = frozenset(_WORDS["holidays"])
_LINE_WORDS: frozenset[str] = frozenset(load("targets")["line_targets"])


@dataclass
class PlaceMention:
    start: int
    end: int
    text: str
    place: places.Place
    precision: int
    name: str


# ---------------------------------------------------------------- places


def place_mentions(a: Analysis, sent: SpacySpan, ctx: places.Context) -> list[PlaceMention]:
    """Places below country level named in the sentence, regions in lists ("Sumy and Kharkiv regions")
    each on their own."""
    g = places.gazetteer()
    out: list[PlaceMention] = []
    taken: list[tuple[int, int]] = []
    if not ctx.scanned:  # the regions the document names anywhere weigh on every ambiguous name
        ctx.document_regions |= places.regions_named(a.document.text)
        ctx.scanned = True
    # a region named in this sentence, before or after the town ("Ivanivka, Kherson region"), comes first
    sent_regions = places.regions_named(sent.text)
    ctx = ctx.with_regions(sorted(sent_regions), here=True).with_countries(places.countries_named(sent.text))
    # the kinds of site the sentence names ("four key airbases: Belaya, ..."): a base, not a village, of the name
    ctx = ctx.with_targets({c for rx, c in _present(sent.text, lexicon()["target_rx"]) if rx.search(sent.text)})
    # "the Kyiv, Sumy and Odesa regions", "the regions of X and Y": each name is a region
    name = r"[A-Z][\w'\u2019-]+(?:\s[A-Z][\w'\u2019-]+)?"
    lists = [(m.start(1), m.end(), m.group(1)) for m in re.finditer(
        rf"((?:{name}(?:,\s*|\s+and\s+|,\s+and\s+))+{name})\s+(?:regions|oblasts|provinces|territories)\b", sent.text)]
    lists += [(m.start(1), m.end(), m.group(1)) for m in re.finditer(
        rf"\b(?:regions|oblasts|provinces) of\s+((?:{name}(?:,\s*|\s+and\s+|,\s+and\s+))+{name})", sent.text)]
    for lo, hi, group in lists:
        base = sent.start_char + lo
        for nm in re.finditer(name, group):
            # "Russia's Bryansk": the last word is the region when the whole is not
            words = [(nm.start(), nm.group(0))]
            if " " in nm.group(0):
                words.append((nm.start() + nm.group(0).rindex(" ") + 1, nm.group(0).rsplit(" ", 1)[1]))
            for off, word in words:
                p = g.region(word, ctx)
                if p is not None and p.admin1:
                    s, e = base + off, base + off + len(word)
                    out.append(PlaceMention(s, e, word, places.mentioned(p), 3, _region_name(p)))
                    break
        taken.append((base, sent.start_char + hi))
    for ent in a.ents_in(sent):
        if any(s < ent.end_char and ent.start_char < e for s, e in taken):
            continue
        ent = _whole_name(ent)
        pm = _resolve_ent(a, ent, ctx)
        if pm is not None and not is_office(ent, a):
            out.append(pm)
            taken.append((pm.start, pm.end))
    # Towns the model did not label: proper nouns found in the gazetteer, in Ukraine or Russia only
    for t in sent:
        if t.pos_ != "PROPN" or t.ent_type_ or len(t.text) < 4 or any(s <= t.idx < e for s, e in taken):
            continue
        if a.in_mention(t.idx):
            continue
        nxt_tok = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
        prev_tok = t.doc[t.i - 1] if t.i > 0 else None
        if (nxt_tok is not None and nxt_tok.pos_ == "PROPN" and nxt_tok.text[:1].isupper()) or \
                (prev_tok is not None and prev_tok.pos_ == "PROPN" and prev_tok.text[:1].isupper()):
            continue  # part of a longer name ("Artem Kobzar")
        cands = [p for p, prim in g.candidates(t.text, ("city", "site")) if p.country in places.HOME
                 and (prim or p.population >= 5000)]
        if not cands:
            continue
        line = _line_mention(t.doc[t.i:t.i + 1], t.text, ctx)
        if line is not None:
            out.append(line)
            taken.append((line.start, line.end))
            continue
        found = g.resolve(t.text, ctx, kinds=("city", "site"), loose=False)
        if found is None and ctx.named_here and _strict_cue(t.doc[t.i:t.i + 1]) \
                and _name_like(a, t.doc[t.i:t.i + 1], t.text):
            # "drones struck Martynovka in the Kursk region", a name only villages elsewhere bear
            out.append(PlaceMention(t.idx, t.idx + len(t.text), t.text, _unresolved(t.text, sent, ctx), 1, t.text))
            taken.append((t.idx, t.idx + len(t.text)))
            continue
        if found is None or found.place.country not in places.HOME:
            continue
        p = found.place
        # a village's name is often a word or a surname too: only where the text makes it a place
        if p.population < 5000 and p.type not in ("city", "town") and p.kind != "site" and not _place_cue(t) \
                and p.admin1 not in sent_regions:
            continue
        span = t.doc[t.i:t.i + 1]
        if is_office(span, a):
            continue
        out.append(PlaceMention(t.idx, t.idx + len(t.text), t.text, found.mentioned(), p.precision, p.name))
        taken.append((t.idx, t.idx + len(t.text)))
    out += _settlement_cues(a, sent, ctx, taken) + _capital_mentions(sent, ctx)
    out.sort(key=lambda m: m.start)
    return _drop_actor_places(a, _by_neighbours(out, ctx))


def _by_neighbours(ms: list[PlaceMention], ctx: places.Context) -> list[PlaceMention]:
    """A name several villages bear, named beside a sure place (a name only one place bears, or a town)
    ("Kupiansk and the nearby village of Petropavlivka"): resolved again with that place's point."""
    def sure(m: PlaceMention) -> bool:
        p = m.place
        return isinstance(p, places.MentionedPlace) and (p.candidates == 1 or p.population >= 10_000) \
            and p.kind in ("city", "site") and p.lat is not None and p.lon is not None and p.coord == "point"

    anchors = [m for m in ms if sure(m)]
    for m in ms:
        mp = m.place
        if m in anchors or not isinstance(mp, places.MentionedPlace) or mp.kind != "city" \
                or (mp.candidates or 0) < 2 or (mp.reason or "").startswith("region named"):
            continue
        points = [(o.place.lat, o.place.lon) for o in anchors
                  if o is not m and o.place.lat is not None and o.place.lon is not None]
        if not points:
            continue
        found = places.gazetteer().resolve(m.text, ctx.with_points(points), kinds=("city",))
        if found is not None and found.place.country in places.HOME:
            m.place, m.name = found.mentioned(), found.place.name
    return ms


# "the village of Krynky", "Robotyne village", "the urban-type settlement of Zarichne": a place, named or not
_NAME = r"[A-Z][\w'\u2019-]+(?:\s(?:[A-Z][\w'\u2019-]+|No\.?\s?\d+|\d+))?"
_CUE_BEFORE = re.compile(r"\b(?:village|town|settlement|hamlet|city)\s+of\s+(" + _NAME + r")")
_CUE_AFTER = re.compile(r"\b(" + _NAME + r")\s+(?:village|settlement)\b")
#: names that are not settlements whatever the words around them (seas, continents, the war's blocs)
_NOT_PLACES = frozenset({"europe", "asia", "africa", "america", "americas", "middle east", "west", "east", "north",
                         "south", "black sea", "sea of azov", "azov sea", "baltic", "mediterranean", "atlantic",
                         "pacific", "arctic", "nato", "eu", "european union", "kremlin", "white house", "pentagon"})


def _place_cue(t: Token) -> bool:
    """Does the text make the word a place: a place preposition or a settlement word next to it?"""
    prev = t.doc[t.i - 1] if t.i > 0 else None
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    if nxt is not None and nxt.lower_ in ("village", "settlement", "town", "district"):
        return True
    if prev is None:
        return False
    if prev.lower_ == "of" and t.i > 1 and t.doc[t.i - 2].lower_ in ("village", "town", "settlement", "hamlet"):
        return True
    return prev.lower_ in _PLACE_PREPS or prev.lower_ in _NEAR_WORDS


def _settlement_cues(a: Analysis, sent: SpacySpan, ctx: places.Context,
                     taken: list[tuple[int, int]]) -> list[PlaceMention]:
    """Settlements the text calls so ("the village of X", "X village") that nothing else found: resolved
    when the gazetteer has them (any spelling), else kept as written (unresolved)."""
    out: list[PlaceMention] = []
    for rx in (_CUE_BEFORE, _CUE_AFTER):
        for mm in rx.finditer(sent.text):
            s, e = sent.start_char + mm.start(1), sent.start_char + mm.end(1)
            if any(x < e and s < y for x, y in taken):
                continue
            name = mm.group(1)
            if places.key(name) in _NOT_PLACES or a.actors.reg.lookup(name) is not None \
                    or a.actors.reg.demonym_country(name) is not None or _DAY_OR_MONTH.match(name):
                continue
            found = places.gazetteer().resolve(name, ctx, kinds=("city",))
            if found is not None and found.place.country in places.HOME:
                out.append(PlaceMention(s, e, name, found.mentioned(), found.place.precision, found.place.name))
            else:
                out.append(PlaceMention(s, e, name, _unresolved(name, sent, ctx), 1, name))
            taken.append((s, e))
    return out


#: "the Ukrainian capital", "the capital" not followed by the name (which, named, is a mention of its own)
_CAPITALS: dict[str, str] = dict(_WORDS["capitals"])
_CAPITAL_NAMES: dict[str, str] = dict(_WORDS["capital_names"])
_CAPITAL_RX = re.compile(r"\b(?i:(" + "|".join(map(re.escape, _CAPITALS)) + r"|the)\s+capital)\b"
                         r"(?!,?\s+[A-Z]|[\u2019']s)")
_LAST_CAPITAL = re.compile(r"(?i)\b(" + "|".join(_CAPITAL_NAMES) + r")\b")


def _capital_mentions(sent: SpacySpan, ctx: places.Context) -> list[PlaceMention]:
    """The country's capital a text names by what it is ("an attack on the Ukrainian capital"); a bare
    "the capital" is the capital the text named last before it."""
    out: list[PlaceMention] = []
    for mm in _CAPITAL_RX.finditer(sent.text):
        word = mm.group(1).lower()
        if word == "the":
            named = _LAST_CAPITAL.findall(sent.doc.text[:sent.start_char + mm.start()])
            if not named:
                continue
            city = _CAPITAL_NAMES[named[-1].lower()]
        else:
            city = _CAPITALS[word]
        found = places.gazetteer().resolve(city, ctx, kinds=("city",))
        if found is not None:
            s = sent.start_char + mm.start()
            out.append(PlaceMention(s, sent.start_char + mm.end(), mm.group(0), found.mentioned(),
                                    found.place.precision, found.place.name))
    return out


#: lower-case words a line's name may stand apart from its line word by ("the Druzhba main oil pipeline")
_LINE_GAP = 3


def _line_mention(span: SpacySpan, raw: str, ctx: places.Context) -> PlaceMention | None:
    """A name before a pipeline word is the line's own name ("the Druzhba oil pipeline"), which runs across
    many places, not a town that bears the name: kept as written, in the region the sentence (else the
    document) names if only one. Only a name that would otherwise be taken for a town ("Russian gas
    pipelines" names none)."""
    doc = span.doc
    last = next((t for t in span if t.lower_ in _LINE_WORDS), None)
    for t in doc[span.end:min(span.end + _LINE_GAP + 1, span.sent.end)] if last is None else ():
        if t.lower_ in _LINE_WORDS:
            last = t
            break
        if not (t.is_alpha and t.is_lower):
            return None
    if last is None:
        return None
    head = re.sub(r"(?i)^the\s+", "", doc[span.start:min(span.end, last.i)].text)
    if not head[:1].isupper() or not any(p.country in places.HOME for p, _ in
                                         places.gazetteer().candidates(head, ("city",))):
        return None
    name = raw if last.i < span.end else f"{raw} {doc[span.end:last.i + 1].text}"
    return PlaceMention(span.start_char, max(span.end_char, last.idx + len(last.text)), name,
                        _unresolved(name, span.sent, ctx, whole=True), 1, name)


def _unresolved(name: str, sent: SpacySpan, ctx: places.Context, whole: bool = False) -> places.MentionedPlace:
    """A settlement the gazetteer lacks, in the region the sentence names (or the document's latest
    country of the war) when there is one. ``whole``: a line, which no sentence ties to one town, is in the
    region the document names when the sentence names none."""
    regions = places.regions_named(sent.text)
    if whole and not regions:
        regions = ctx.document_regions
    admin1 = sorted(regions)[0] if len(regions) == 1 else None
    region = places.gazetteer().region_by_code(admin1) if admin1 else None
    country = region.country if region is not None else \
        next((c for c in reversed(ctx.countries) if c in places.HOME), None)
    return places.unresolved(name, country, admin1)


def _resolve_ent(a: Analysis, ent: SpacySpan, ctx: places.Context) -> PlaceMention | None:
    g = places.gazetteer()
    raw = re.sub(r"^(?:the\s+)", "", ent.text, flags=re.IGNORECASE)
    raw = re.sub(r"['\u2019]s$", "", raw).strip()
    if raw.lower() in _HOLIDAYS:
        return None  # "the Easter truce": a spelling of a village ("Oster") only by accident
    line = _line_mention(ent, raw, ctx)
    if line is not None:
        return line
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    words = places.REGION_WORDS
    region_word = raw.split()[-1].lower() in words if raw.split() else False
    tail = ent.doc[ent.end:min(ent.end + 4, ent.sent.end)]
    for k in range(len(tail), 0, -1):
        rest = tail[:k].text
        # the part of speech first: it is one attribute, the targets are hundreds of patterns
        if tail[k - 1].pos_ in ("NOUN", "PROPN") and \
                any(rx.fullmatch(rest) for rx, _ in _present(rest, lexicon()["target_rx"])):
            # a site the gazetteer knows by these words ("the Engels airfield"), else the town it is named after
            p = g.lookup(f"{raw} {rest}", ctx, kinds=("site",)) or g.lookup(raw, ctx, kinds=("city",))
            if p is not None and p.country in places.HOME and not tail[0].is_punct:
                return PlaceMention(ent.start_char, tail[k - 1].idx + len(tail[k - 1].text), f"{raw} {rest}", p, 1,
                                    f"{raw} {rest}")
            break
    if nxt is not None and nxt.lower_ in words and nxt.lower_ not in _NOT_REGION_WORDS:
        region_word = True
    if region_word:
        p = g.region(raw, ctx)
        if p is not None:
            return PlaceMention(ent.start_char, ent.end_char, ent.text, places.mentioned(p), 3, _region_name(p))
    if nxt is not None and nxt.lower_ in ("district", "raion", "rayon"):
        # "Pokrovsk district": the district (raion) named after the town, when the gazetteer has it; or a
        # district of a city the gazetteer lists as a place of its own under that name ("the Pecherskyi
        # district" of Kyiv), which a bare "Pecherskyi" would spell as a namesake village elsewhere
        dist = g.resolve(f"{raw} district", ctx, kinds=("district", "city"), loose=False)
        if dist is not None:
            return PlaceMention(ent.start_char, nxt.idx + len(nxt.text), f"{ent.text} {nxt.text}",
                                dist.mentioned(), dist.place.precision, dist.place.name)
    if ent.label_ not in _PLACE_LABELS:
        cands = [p for p, _ in g.candidates(raw) if p.country in places.HOME and p.kind != "country"]
        if not cands:
            return _facility(ent, raw, ctx) or _spelt_place(a, ent, raw, ctx)
    # exact names first; a spelling no source lists only for what the model took for a place
    found = g.resolve(raw, ctx, loose=False) or \
        (g.resolve(raw, ctx, kinds=("city",)) if ent.label_ in _PLACE_LABELS and _name_like(a, ent, raw) else None)
    if found is None:
        return _facility(ent, raw, ctx) or _unresolved_ent(a, ent, raw, ctx) or _elsewhere(a, ent, raw, ctx)
    p = found.place
    if p.kind == "country":
        return None
    near = ent.start > ent.sent.start and ent.doc[ent.start - 1].lower_ in _NEAR_WORDS
    precision = 2 if near and p.kind != "region" else p.precision
    name = p.name if p.kind != "site" else ent.text
    return PlaceMention(ent.start_char, ent.end_char, ent.text, found.mentioned(), precision, name)


_DAY_OR_MONTH = re.compile(r"(?i)^(?:mon|tues|wednes|thurs|fri|satur|sun)day$|^(?:january|february|march|april|may|"
                           r"june|july|august|september|october|november|december)$")


def _whole_name(ent: SpacySpan) -> SpacySpan:
    """The entity as the place name it is part of: a town the model ran into a time ("Lgov overnight"), the
    rest of a hyphenated name ("Seredyna" of "Seredyna-Buda") or a next word it left out ("Golaya" of
    "Golaya Pristan") when the whole is a name the gazetteer knows."""
    doc, g = ent.doc, places.gazetteer()
    start, end, label = ent.start, ent.end, ent.label_
    if label in ("TIME", "DATE") and doc[start].pos_ == "PROPN":
        stop = start
        while stop < end and doc[stop].pos_ == "PROPN" and doc[stop].text[:1].isupper():
            stop += 1
        name = doc[start:stop].text
        if _DAY_OR_MONTH.match(name) or not g.matches(name, ("city",))[1]:
            return ent
        end, label = stop, "GPE"
    last = min(len(doc), ent.sent.end)
    while end + 1 < last and doc[end].text in ("-", "\u2013") and not doc[end - 1].whitespace_ \
            and not doc[end].whitespace_ and doc[end + 1].text[:1].isalpha():
        end += 2
    for _ in range(2):
        t = doc[end] if end < last else None
        if t is None or t.pos_ != "PROPN" or not t.text[:1].isupper() or t.ent_type_ \
                or not g.matches(doc[start:end + 1].text, ("city",))[1]:
            break
        end += 1
    if (start, end, label) == (ent.start, ent.end, ent.label_):
        return ent
    from spacy.tokens import Span

    return Span(doc, start, end, label=label)


_CUE_NOUNS = frozenset({"shelling", "bombardment", "attack", "attacks", "strike", "strikes", "outskirts", "village",
                        "town", "settlement", "centre", "center"})


def _strict_cue(ent: SpacySpan) -> bool:
    """Is the name where a place stands: after "in", "near", "at", "on"..., after "the shelling of", or as
    what an attack verb hit?"""
    doc = ent.doc
    prev = doc[ent.start - 1] if ent.start > ent.sent.start else None
    nxt = doc[ent.end] if ent.end < ent.sent.end else None
    if nxt is not None and nxt.lower_ in ("village", "settlement", "town", "district"):
        return True
    if prev is not None and prev.lower_ in ("in", "near", "at", "outside", "around", "on", "into", "over"):
        return True
    if prev is not None and prev.lower_ == "of" and ent.start - 2 >= ent.sent.start \
            and doc[ent.start - 2].lower_ in _CUE_NOUNS:
        return True
    root = ent.root
    return root.dep_ == "dobj" and root.head.lemma_.lower() in lexicon()["attack"]


def _spelt_place(a: Analysis, ent: SpacySpan, raw: str, ctx: places.Context) -> PlaceMention | None:
    """A name the model did not take for a place (a person, an organisation, a product) that stands where
    a place does and is a spelling of a town or village of Ukraine or Russia ("shelling in Gulyaipole")."""
    if ent.label_ not in ("PERSON", "ORG", "PRODUCT", "WORK_OF_ART") or not _name_like(a, ent, raw) \
            or not _strict_cue(ent):
        return None
    found = places.gazetteer().resolve(raw, ctx, kinds=("city",))
    if found is None or found.place.country not in places.HOME:
        return None
    return PlaceMention(ent.start_char, ent.end_char, ent.text, found.mentioned(), found.place.precision,
                        found.place.name)


def _unresolved_ent(a: Analysis, ent: SpacySpan, raw: str, ctx: places.Context) -> PlaceMention | None:
    """A name the model takes for a settlement (GPE) where the text puts one ("in X", "the village of X"),
    that the gazetteer lacks: kept as written, without coordinates, rather than losing the incident. Not a
    district ("the Osnovianskyi district" is part of its city) nor a word used as an adjective ("Ukrainian
    cities")."""
    if ent.label_ != "GPE" or not _name_like(a, ent, raw):
        return None
    name, district = names.strip_settlement_words(raw)
    nxt = ent.doc[ent.end] if ent.end < ent.sent.end else None
    if district or (nxt is not None and nxt.lower_ in names.DISTRICT_WORDS + ("microdistrict",)):
        return None
    if nxt is not None and nxt.pos_ == "NOUN" and nxt.lower_ not in names.SETTLEMENT_WORDS:
        return None
    if places.gazetteer().resolve(name, ctx, loose=False) is not None:
        return None
    prev = ent.doc[ent.start - 1] if ent.start > ent.sent.start else None
    settlement_word = any(t.lower_ in names.SETTLEMENT_WORDS for t in ent) or \
        (nxt is not None and nxt.lower_ in ("village", "settlement", "town")) or \
        (prev is not None and prev.lower_ == "of" and ent.start - 2 >= ent.sent.start
         and ent.doc[ent.start - 2].lower_ in ("village", "town", "settlement", "hamlet"))
    if not (settlement_word or (prev is not None and prev.lower_ in _LOCATIVE)):
        return None
    return PlaceMention(ent.start_char, ent.end_char, ent.text, _unresolved(name, ent.sent, ctx), 1, name)


def _elsewhere(a: Analysis, ent: SpacySpan, raw: str, ctx: places.Context) -> PlaceMention | None:
    """A village name the gazetteer has only outside the region the sentence names, where a place stands
    ("drones struck Martynovka in the Kursk region"): that region's, unresolved."""
    if not ctx.named_here or not places.gazetteer().candidates(raw, ("city",)) or not _strict_cue(ent) \
            or not _name_like(a, ent, raw):
        return None
    return PlaceMention(ent.start_char, ent.end_char, ent.text, _unresolved(raw, ent.sent, ctx), 1, raw)


_LOCATIVE = frozenset({"in", "near", "at", "outside", "around"})


def _name_like(a: Analysis, span: SpacySpan, raw: str) -> bool:
    """Could the words be a settlement's name: capitalised proper nouns, not a demonym ("Russian"), a day,
    a month, a known actor or something the gazetteer knows under another kind (a country)?"""
    if len(raw) < 4 or raw.isupper() or not raw[:1].isupper() or _DAY_OR_MONTH.match(raw) or raw.lower() in _HOLIDAYS:
        return False
    words = [t for t in span if t.text.lower() not in ("the", "-", "\u2013")]
    if not words or any(t.pos_ != "PROPN" or not t.text[:1].isupper() for t in words):
        return False
    if places.key(raw) in _NOT_PLACES or a.actors.reg.lookup(raw) is not None \
            or a.actors.reg.demonym_country(raw) is not None:
        return False
    return not any(p.kind in ("country", "region", "area") for p, _ in places.gazetteer().candidates(raw))


def _facility(ent: SpacySpan, raw: str, ctx: places.Context) -> PlaceMention | None:
    """A named facility the gazetteer lacks ("Millerovo airbase", "Zmiiv Thermal Power Plant"): the town it
    is named after, with the facility's name; only when the rest of the name is a target word."""
    words = raw.split()
    if len(words) < 2:
        return None
    for n in range(len(words) - 1, 0, -1):
        rest = " ".join(words[n:])
        if not any(rx.search(rest) for rx, _ in _present(rest, lexicon()["target_rx"])):  # a full match is a match
            continue
        found = places.gazetteer().resolve(" ".join(words[:n]), ctx, kinds=("city",), loose=False)
        if found is not None and found.place.country in places.HOME:
            return PlaceMention(ent.start_char, ent.end_char, ent.text, found.mentioned(), 1, raw)
    return None


def _region_name(p: places.Place) -> str:
    base = re.sub(r"\s+(?:Oblast|Krai|Region)$", "", p.name)
    return base if base == p.name and p.admin1 in ("UA-30", "UA-40", "RU-MOW", "RU-SPE") else f"{base} region"


def _drop_actor_places(a: Analysis, ms: list[PlaceMention]) -> list[PlaceMention]:
    """The places that may be where something was hit (:mod:`.incident_place_filters` reads the others)."""
    return [m for m in ms if not not_where_hit(a, m.start, m.end, m.place.kind == "region")]
