"""Incidents: one attack at one place on one day, with perpetrator, claimant and denials.

A sentence reports incidents when it has an attack word (``data/weapons.yaml``) that is not
negated, hypothetical or the object of a halt ("agreed to stop strikes"), and names places below
country level. Each place gives one incident; its target class and weapon come from the words of
its own clause (``data/targets.yaml``), falling back to the sentence. Interceptions count only when
something was hit. The perpetrator is the side the text names as attacker, else the other side of
the place's country; the claimant is whoever says so (a statement, a verb of saying, "according to",
an unnamed official source), never the outlet. Incidents are then merged to one per place and day.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..models import ENERGY_TARGETS, Incident, Location, Span
from ..resolve import merge, places
from . import dates
from .actors_in_text import actor_at, country_actor, speaker_of
from .lexicons import load

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from .analysis import Analysis

# The two sides of the war this package watches: an attack on one is, unless the text says otherwise,
# an attack by the other.
OTHER_SIDE = {"UKR": "RUS", "RUS": "UKR"}
_PLACE_LABELS = ("GPE", "LOC", "FAC")
_CLAUSE_BREAK = re.compile(r";|,\s+(?:and|while|as well as|but)\s+|\s+while\s+|\s+as well as\s+|\.\s|"
                          r"\s+and\s+(?=(?:\w+\s+){0,2}(?:attacks?|strikes?|shelling)\b)")
# "the strikes caused damage", "confirmed damage in": the sentence goes on about an attack already named
_ANAPHORA = re.compile(r"(?i)\b(?:the|these|those|such)\s+(?:strikes?|attacks?)\b|\bconfirmed\s+damage\b")
# Word lists (data/incidents.yaml, weapons.yaml and incident_cues.yaml say what each is for).
_WORDS = load("incidents")
_NUM: dict[str, int] = dict(_WORDS["numbers"])
_NEAR_WORDS: tuple[str, ...] = tuple(_WORDS["near_words"])
_NOT_REGION_WORDS: tuple[str, ...] = tuple(_WORDS["not_region_words"])
_PLACE_PREPS: frozenset[str] = frozenset(_WORDS["place_preps"])
_NEGATING_NOUNS: tuple[str, ...] = tuple(load("weapons")["negating_nouns"])
_OFFICE_SKIP: tuple[str, ...] = tuple(load("incident_cues")["office_skip"])


@functools.lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ("targets", "weapons", "incident_cues"):
        out.update(load(name))
    out["report"] = set(load("cues")["claim"])
    out["target_rx"] = _phrase_rx(out["targets"])
    out["weapon_rx"] = _phrase_rx(out["weapons"])
    out["damage_rx"] = _words_rx(out["damage"])
    out["intercept_rx"] = _words_rx(out["interception"])
    out["history_rx"] = _words_rx(out["history"])
    return out


def _phrase_rx(classes: dict[str, list[str]]) -> list[tuple[re.Pattern[str], str]]:
    pairs = sorted(((p, c) for c, ps in classes.items() for p in ps), key=lambda x: -len(x[0]))
    return [(re.compile(r"\b" + re.escape(p).replace(r"\ ", r"[\s-]+") + r"\b", re.IGNORECASE), c) for p, c in pairs]


def _words_rx(words: list[str]) -> re.Pattern[str]:
    alts = sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alts) + r")\b", re.IGNORECASE)


@dataclass
class PlaceMention:
    start: int
    end: int
    text: str
    place: places.Place
    precision: int
    name: str


def find_incidents(a: Analysis) -> None:
    """Adds ``a.incidents``."""
    lex = lexicon()
    ctx = places.Context()
    found: list[tuple[Incident, str, bool]] = []
    last_date: tuple[dt.date | None, int | None] | None = None
    prev_end = -1
    recent_targets: list[tuple[int, str]] = []   # (segment number, first target named) of attack segments
    recent_perps: list[tuple[int, str | None]] = []  # (segment number, attacker named) of attack segments
    for n, sent in enumerate(segments(a.doc)):
        stext = sent.text
        mentions = place_mentions(a, sent, ctx)
        for m in mentions:
            ctx.add(m.place)
        same_para = "\n" not in a.document.text[prev_end:sent.start_char] if prev_end >= 0 else False
        prev_end = sent.end_char
        if not same_para:
            last_date = None
        triggers = attack_triggers(sent, lex)
        sent_target = _first_class(stext, lex["target_rx"])
        if triggers and sent_target:
            recent_targets.append((n, sent_target))
        mentions = [m for m in mentions if _linked(m, triggers, stext, sent)]
        if not triggers or not mentions:
            continue
        if lex["history_rx"].search(stext):
            continue
        if lex["intercept_rx"].search(stext) and not _damage_beyond_interception(stext, lex):
            continue
        sdate = _sentence_date(a, sent)
        explicit = sdate is not None
        if sdate is None:
            sdate = last_date or ((a.document.published, 1) if a.document.published else (None, None))
        else:
            last_date = sdate
        if sdate[0] is not None and a.document.published and sdate[0] > a.document.published:
            continue  # a future date: a plan or a deadline, not an attack
        claimant = _claimant(a, sent, mentions)
        for k, m in enumerate(mentions):
            clause = _clause(stext, m.start - sent.start_char, m.end - sent.start_char)
            # several places in one clause ("a hospital in Sumy and a school in Krasnopillia"): each takes the
            # words between the place before it and the place after it
            lo = mentions[k - 1].end - sent.start_char if k > 0 else 0
            hi = mentions[k + 1].start - sent.start_char if k + 1 < len(mentions) else len(stext)
            own = stext[lo:hi]
            if own in clause or clause in own:
                clause = own if len(own) < len(clause) else clause
            # the place's own clause first, then the sentence's first target word, then (for "the strikes"
            # of a previous sentence) the target of an attack reported just before
            local = _classify(clause, lex["target_rx"], lex["priority"])
            whole = _classify(stext, lex["target_rx"], lex["priority"])
            if local == "civilian_infrastructure" and _only_generic(clause) and whole in _ENERGY:
                local = whole  # "the infrastructure of the grid company": the sentence says which
            target = m.place.target or local or sent_target \
                or (_ANAPHORA.search(stext) and next((t for k, t in reversed(recent_targets) if n - k <= 6), None)) \
                or "other"
            weapon = _first_class(clause, lex["weapon_rx"]) or _first_class(stext, lex["weapon_rx"])
            perp, named = _perpetrator(a, sent, m)
            if named:
                recent_perps.append((n, perp))
            elif _ANAPHORA.search(stext) and recent_perps and n - recent_perps[-1][0] <= 6:
                perp = recent_perps[-1][1]  # "the strikes" of a sentence that named the attacker
            claimed = claimant if claimant != perp else None
            if claimed and a.actors.get(claimed).country is None and a.actors.get(claimed).kind == "person":
                # an official reporting an attack on a place speaks for that place's side
                a.actors.get(claimed).country = m.place.country
            for actor in (perp, claimed):
                if actor:
                    a.actors.use(actor)
            inc = Incident(date=sdate[0], date_precision=sdate[1] if sdate[0] else None,
                           location=m.place.location(m.name, m.precision), target=target, weapon=weapon,
                           perpetrator=perp, claimed_by=claimed, denied_by=[],
                           fatalities=_fatalities(clause) if len(mentions) > 1 else _fatalities(stext),
                           evidence=Span(sent.start_char, sent.end_char))
            found.append((inc, stext, explicit))
    a.incidents = _merge(found)
    _denials(a)


# ---------------------------------------------------------------- segments and triggers


def segments(doc: Any) -> list[SpacySpan]:
    """The parser's sentences, cut again at line breaks (list items run together otherwise)."""
    out = []
    for sent in doc.sents:
        start = sent.start_char
        for piece in re.split(r"(\n+)", sent.text):
            if piece.strip() and not piece.startswith("\n"):
                lead = len(piece) - len(piece.lstrip())
                span = doc.char_span(start + lead, start + len(piece.rstrip()), alignment_mode="contract")
                if span is not None and len(span):
                    out.append(span)
            start += len(piece)
    return out


def _linked(m: PlaceMention, triggers: list[Token], stext: str, sent: SpacySpan) -> bool:
    """Is the place where an attack word of the sentence hit? Syntax decides abroad; in Ukraine and
    Russia a place in a sentence with an attack word is taken as hit (the parse of long news
    sentences is too weak to ask more)."""
    span = sent.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    ancestors = set(t.i for t in root.ancestors)
    for t in triggers:
        if t.i in ancestors or root.i in {x.i for x in t.ancestors}:
            return True
    return m.place.country in places.HOME and bool(triggers)



def attack_triggers(sent: SpacySpan, lex: dict[str, Any]) -> list[Token]:
    """Attack words of the sentence that report something that happened."""
    words = set(lex["attack"])
    negating = set(lex["negating"])
    out = []
    for t in sent:
        if t.lower_ not in words and t.lemma_.lower() not in words:
            continue
        if t.pos_ not in ("VERB", "NOUN", "AUX", "PROPN"):
            continue
        if any(c.dep_ == "neg" for c in t.children):
            continue
        if _governed_by(t, negating):
            continue
        out.append(t)
    # "injured by glide bombs": a weapon with harm done is an attack word too
    if not out and lex["damage_rx"].search(sent.text):
        out = [t for t in sent if any(rx.fullmatch(t.text) for rx, _ in lex["weapon_rx"])]
    return out


def _governed_by(t: Token, words: set[str]) -> bool:
    """Is the attack word under a halt, a plan, a modal or a ceasefire ("a ceasefire on strikes")?"""
    head = t
    for _ in range(4):
        for c in head.children:
            if c.dep_ == "aux" and c.lower_ in words:
                return True
            if c.dep_ == "neg":
                return True
        if head.lemma_.lower() in words or head.lower_ in words:
            return head.i != t.i
        if head.head.i == head.i:
            break
        head = head.head
    # "ceasefire on energy strikes", "moratorium on attacks": a noun before the preposition
    left = t.doc[max(t.sent.start, t.i - 4):t.i]
    return any(x.lower_ in _NEGATING_NOUNS for x in left)


_ATTACK_ON = re.compile(r"(?i)\b(?:attack|strike|raid|assault)s?\s+(?:on|against)\b")
_REPELLED = re.compile(r"(?i)\b(?:repel(?:led)?|repuls(?:ed|e)|thwart(?:ed)?|foil(?:ed)?|prevent(?:ed)?|averted)\b")


def _damage_beyond_interception(text: str, lex: dict[str, Any]) -> bool:
    """An interception sentence still reports an incident when something was hit or people were hurt."""
    masked = lex["intercept_rx"].sub(" ", text)
    masked = re.sub(r"(?i)\b(?:destroyed|downed)\s+(?:\d+|[a-z-]+)?\s*(?:drones?|uavs?|missiles?)", " ", masked)
    masked = re.sub(r"(?i)\b(?:drones?|uavs?|missiles?)\s+(?:were\s+)?(?:destroyed|downed)", " ", masked)
    if lex["damage_rx"].search(masked):
        return True
    # "an attack on the airbase, with the ministry claiming to have downed 54 drones": the attack on a named
    # target is reported whatever was shot down, unless it was repelled.
    if _REPELLED.search(text):
        return False
    return any(_first_class(masked[m.end():m.end() + 60], lex["target_rx"]) not in (None, "other")
               for m in _ATTACK_ON.finditer(masked))


# ---------------------------------------------------------------- places


def place_mentions(a: Analysis, sent: SpacySpan, ctx: places.Context) -> list[PlaceMention]:
    """Places below country level named in the sentence, regions in lists ("Sumy and Kharkiv regions")
    each on their own."""
    g = places.gazetteer()
    out: list[PlaceMention] = []
    taken: list[tuple[int, int]] = []
    # "the Kyiv, Sumy and Odesa regions", "the regions of Luhansk and Kherson": each name is a region
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
                    out.append(PlaceMention(s, e, word, p, 3, _region_name(p)))
                    break
        taken.append((base, sent.start_char + hi))
    for ent in a.ents_in(sent):
        if any(s < ent.end_char and ent.start_char < e for s, e in taken):
            continue
        pm = _resolve_ent(a, ent, ctx)
        if pm is not None and not _is_office(ent, a):
            out.append(pm)
            taken.append((pm.start, pm.end))
    # Towns the model did not label: proper nouns found in the gazetteer, in Ukraine or Russia only
    for t in sent:
        if t.pos_ != "PROPN" or t.ent_type_ or len(t.text) < 4 or any(s <= t.idx < e for s, e in taken):
            continue
        if any(m.start <= t.idx < m.end for m in a.notes.get("mentions", [])):
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
        p = g.lookup(t.text, ctx, kinds=("city", "site"))
        if p is None or p.country not in places.HOME:
            continue
        span = t.doc[t.i:t.i + 1]
        if _is_office(span, a):
            continue
        out.append(PlaceMention(t.idx, t.idx + len(t.text), t.text, p, p.precision, p.name))
    out.sort(key=lambda m: m.start)
    return _drop_actor_places(a, out)


def _resolve_ent(a: Analysis, ent: SpacySpan, ctx: places.Context) -> PlaceMention | None:
    g = places.gazetteer()
    raw = re.sub(r"^(?:the\s+)", "", ent.text, flags=re.IGNORECASE)
    raw = re.sub(r"['\u2019]s$", "", raw).strip()
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    words = places.REGION_WORDS
    region_word = raw.split()[-1].lower() in words if raw.split() else False
    tail = ent.doc[ent.end:min(ent.end + 4, ent.sent.end)]
    for k in range(len(tail), 0, -1):
        rest = tail[:k].text
        if any(rx.fullmatch(rest) for rx, _ in lexicon()["target_rx"]) and tail[k - 1].pos_ in ("NOUN", "PROPN"):
            p = g.lookup(raw, ctx, kinds=("city",))
            if p is not None and p.country in places.HOME and not tail[0].is_punct:
                return PlaceMention(ent.start_char, tail[k - 1].idx + len(tail[k - 1].text), f"{raw} {rest}", p, 1,
                                    f"{raw} {rest}")
            break
    if nxt is not None and nxt.lower_ in words and nxt.lower_ not in _NOT_REGION_WORDS:
        region_word = True
    if region_word:
        p = g.region(raw, ctx)
        if p is not None:
            return PlaceMention(ent.start_char, ent.end_char, ent.text, p, 3, _region_name(p))
    if ent.label_ not in _PLACE_LABELS:
        cands = [p for p, _ in g.candidates(raw) if p.country in places.HOME and p.kind != "country"]
        if not cands:
            return _facility(ent, raw, ctx)
    p = g.lookup(raw, ctx)
    if p is None:
        return _facility(ent, raw, ctx)
    if p.kind == "country":
        return None
    near = ent.start > ent.sent.start and ent.doc[ent.start - 1].lower_ in _NEAR_WORDS
    precision = 2 if near and p.kind != "region" else p.precision
    name = p.name if p.kind != "site" else ent.text
    return PlaceMention(ent.start_char, ent.end_char, ent.text, p, precision, name)


def _facility(ent: SpacySpan, raw: str, ctx: places.Context) -> PlaceMention | None:
    """A named facility the gazetteer lacks ("Engels airbase", "Kherson Thermal Power Plant"): the town it
    is named after, with the facility's name; only when the rest of the name is a target word."""
    words = raw.split()
    if len(words) < 2:
        return None
    for n in range(len(words) - 1, 0, -1):
        rest = " ".join(words[n:])
        if not any(rx.fullmatch(rest) or rx.search(rest) for rx, _ in lexicon()["target_rx"]):
            continue
        p = places.gazetteer().lookup(" ".join(words[:n]), ctx, kinds=("city",))
        if p is not None and p.country in places.HOME:
            return PlaceMention(ent.start_char, ent.end_char, ent.text, p, 1, raw)
    return None


def _region_name(p: places.Place) -> str:
    base = re.sub(r"\s+(?:Oblast|Krai|Region)$", "", p.name)
    return base if base == p.name and p.admin1 in ("UA-30", "UA-40", "RU-MOW", "RU-SPE") else f"{base} region"


def _is_office(span: SpacySpan, a: Analysis) -> bool:
    """ "Kharkiv's mayor", "the Kursk governor", "from Kursk region": the place is not where the attack hit."""
    heads = set(lexicon()["office_heads"])
    after = span.doc[span.end:span.end + 3]
    for t in after:
        if t.lower_ in _OFFICE_SKIP:
            continue
        if t.lower_ in heads:
            return True
        break
    root = span.root
    if root.dep_ in ("compound", "poss", "nmod", "amod") and root.head.lower_ in heads:
        return True
    before = span.doc[span.start - 1] if span.start > span.sent.start else None
    if before is not None and before.lower_ == "from":
        return True
    if span.text.isupper():
        return True  # an acronym ("UK") or a dateline ("KYIV (Reuters) -")
    if span.end < len(span.doc) and span.doc[span.end].pos_ == "PROPN" and span.doc[span.end].text[:1].isupper() \
            and span.doc[span.end].lower_ not in places.REGION_WORDS:
        return True  # the first word of a longer name ("Artem Kobzar")
    entry = a.actors.reg.lookup(span.text)
    if entry is not None and entry.kind in ("government", "country"):
        # a capital that can stand for its government ("Kyiv continues to attack", "Moscow's acceptance") is a
        # place only where the syntax makes it one: after a place preposition or as what was hit
        if root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPS:
            return False
        return not (root.dep_ in ("dobj", "nsubjpass") and root.head.lemma_.lower() in lexicon()["attack"])
    return False


def _drop_actor_places(a: Analysis, ms: list[PlaceMention]) -> list[PlaceMention]:
    """A capital used as an agent ("Moscow said") is an actor, not a place."""
    agents = [m for m in a.notes.get("mentions", []) if getattr(m, "agent", False)
              and getattr(m, "source", "") == "metonym"]
    return [m for m in ms if not any(x.start <= m.start < x.end for x in agents) and not _addressee(a, m)]


# A place named as the one spoken to ("called on Washington to ...") is an addressee, not where a strike fell.
_ADDRESSEE_HEADS: frozenset[str] = frozenset(load("incident_cues")["addressee_heads"])


def _addressee(a: Analysis, m: PlaceMention) -> bool:
    span = a.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    head = tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else tok.head
    return tok.dep_ in ("dobj", "pobj", "dative") and head.lemma_ in _ADDRESSEE_HEADS


# ---------------------------------------------------------------- fields


def _sentence_date(a: Analysis, sent: SpacySpan) -> tuple[dt.date | None, int | None] | None:
    found = [d for d in dates.find_dates(sent.text, a.document.published, sent.start_char) if d.date is not None]
    if not found:
        return None
    d = found[0]
    return d.date, d.precision or 1


def _clause(stext: str, start: int, end: int) -> str:
    """The stretch of the sentence around a place, between clause breaks."""
    cuts = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(stext)] + [len(stext)]
    lo = max(c for c in cuts if c <= start)
    hi = min((c for c in cuts if c >= end), default=len(stext))
    return stext[lo:hi]


def _classify(text: str, rxs: list[tuple[re.Pattern[str], str]], priority: list[str]) -> str | None:
    hits = {c for rx, c in rxs if rx.search(text)}
    for c in priority:
        if c in hits:
            return c
    return None


def _only_generic(text: str) -> bool:
    """Is the bare word "infrastructure" the clause's only target word?"""
    hits = [rx.pattern for rx, _ in lexicon()["target_rx"] if rx.search(text)]
    return hits == [r"\binfrastructure\b"]


def _first_class(text: str, rxs: list[tuple[re.Pattern[str], str]]) -> str | None:
    best: tuple[int, str] | None = None
    for rx, c in rxs:
        m = rx.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), c)
    return best[1] if best else None


_ATTACKER_NOUNS: frozenset[str] = frozenset(_WORDS["attacker_nouns"])
_MILITARY_NOUNS: tuple[str, ...] = tuple(_WORDS["military_nouns"])
_ATTACKER_VERBS: tuple[str, ...] = tuple(_WORDS["attacker_verbs"])
_AGENT_VERBS: tuple[str, ...] = tuple(_WORDS["agent_verbs"])
_DEMONYMS: dict[str, str] = dict(_WORDS["demonyms"])


def _perpetrator(a: Analysis, sent: SpacySpan, m: PlaceMention) -> tuple[str | None, bool]:
    """The side named as attacker: subject of the attack verb, or a demonym on the weapon ("Russian
    drones"); else the other side of the place's country."""
    reg = a.actors.reg
    for t in sent:
        word = t.lower_
        # "Russian drones", "Ukraine's forces", "Russian forces" (military actor when the registry has one)
        code = reg.demonym_country(t.text) if t.pos_ in ("ADJ", "PROPN", "NOUN") else None
        if code and code in OTHER_SIDE and code != m.place.country:
            head = t.head if t.dep_ in ("amod", "compound", "poss", "nmod") else None
            if head is not None and head.lower_ in _ATTACKER_NOUNS:
                if head.lower_ in _MILITARY_NOUNS:
                    mil = a.actors.resolve(f"{t.text} {head.text}")
                    if mil:
                        return mil, True
                return country_actor(a, code), True
        if t.dep_ in ("nsubj",) and t.head.lemma_.lower() in _ATTACKER_VERBS:
            actor = actor_at(a, t)
            if actor:
                country = a.actors.get(actor).country
                if country in OTHER_SIDE and country != m.place.country:
                    return actor, True
        if word == "by" and t.head.lemma_.lower() in _AGENT_VERBS:
            for c in t.children:
                if c.dep_ == "pobj":
                    actor = actor_at(a, c)
                    if actor and a.actors.get(actor).country in OTHER_SIDE:
                        return actor, True
    return country_actor(a, OTHER_SIDE.get(m.place.country or "")), False


def _claimant(a: Analysis, sent: SpacySpan, mentions: list[PlaceMention]) -> str | None:
    """Who reports the attack: a speaker of the sentence, else an unnamed official source."""
    for t in sent:
        if t.lemma_.lower() in lexicon()["report"] and t.pos_ in ("VERB", "AUX"):
            who = speaker_of(a, t)
            if who is None:
                for c in t.children:
                    if c.dep_ in ("nsubj", "nsubjpass", "agent"):
                        who = actor_at(a, c if c.dep_ != "agent" else next(iter(c.children), c))
            if who:
                return who
    who = speaker_of(a, sent.root)
    if who:
        return who
    return _unnamed(a, sent, mentions)


def _unnamed(a: Analysis, sent: SpacySpan, mentions: list[PlaceMention]) -> str | None:
    """ "officials said", "the regional governor said": a government actor of the right country."""
    cues = lexicon()["unnamed"]
    low = sent.text.lower()
    if not re.search(r"\b(?:said|say|says|reported|reports|confirmed|according to|claimed|wrote)\b", low):
        return None
    for phrase in sorted(cues, key=len, reverse=True):
        mm = re.search(r"(?:\b([A-Z][a-z]+(?:'s)?)\s+)?\b" + re.escape(phrase) + r"\b", sent.text, re.IGNORECASE)
        if not mm:
            continue
        code = a.actors.reg.demonym_country(mm.group(1)) if mm.group(1) else None
        if code is None:
            code = next((m.place.country for m in mentions if m.place.country), None)
        if code is None:
            return None
        demonym = _DEMONYMS.get(code, code)
        return a.actors.new(f"{demonym} {cues[phrase].lower()}", "government", code, mm.group(0))
    return None


def _fatalities(text: str) -> int | None:
    counts = []
    for m in re.finditer(r"(?i)\b(?:killing|killed|kills)\s+(?:at\s+least\s+|up\s+to\s+|more\s+than\s+)?"
                         r"(\d+|[a-z]+)\b", text):
        counts.append(_number(m.group(1)))
    for m in re.finditer(r"(?i)\b(?:at\s+least\s+)?(\d+|[a-z]+)\s+(?:people|persons?|civilians?|men|women|"
                         r"children|residents)?\s*(?:were\s+|was\s+|have\s+been\s+)?(?:killed|dead|died)\b", text):
        counts.append(_number(m.group(1)))
    vals = [c for c in counts if c is not None]
    return min(vals) if vals else None


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUM.get(word.lower())


# ---------------------------------------------------------------- merging and denials


def _merge(found: list[tuple[Incident, str, bool]]) -> list[Incident]:
    """One incident per place per day; a whole region yields to a town in it the same day, unless the
    two differ in being energy or the text says "elsewhere". An undated mention of a place already
    reported with its date is the same incident retold."""
    out: list[tuple[Incident, str, bool]] = []
    for inc, stext, explicit in found:
        dup = next((o for o, _, ox in out if (_same_place(o.location, inc.location) or _same_site(o, inc)) and
                    (o.date == inc.date or (not explicit and ox and _near(o.date, inc.date, 3)))), None)
        if dup is not None:
            dup.weapon = dup.weapon or inc.weapon
            dup.fatalities = dup.fatalities if dup.fatalities is not None else inc.fatalities
            dup.claimed_by = dup.claimed_by or inc.claimed_by
            if dup.target == "other" and inc.target != "other":
                dup.target = inc.target
            continue
        out.append((inc, stext, explicit))
    out = [(inc, stext, ox) for inc, stext, ox in out if not _retold(inc, [o for o, _, _ in out])]
    keep = []
    for inc, stext, _ in out:
        loc = inc.location
        if loc is not None and loc.precision == 3 and loc.admin1 and "elsewhere" not in stext.lower():
            energy = inc.target in _ENERGY
            if any(o is not inc and o.location is not None and o.location.admin1 == loc.admin1
                   and (o.location.precision or 1) < 3 and _near(o.date, inc.date, 1)
                   and (o.target in _ENERGY) == energy for o, _, _ in out):
                continue
        keep.append(inc)
    return keep


def _same_site(x: Incident, y: Incident) -> bool:
    """"Sudzha" and "the Sudzha gas metering station", both hit as gas sites: one site named two ways."""
    a, b = x.location, y.location
    if a is None or b is None or x.target != y.target or x.target == "other" or a.admin1 != b.admin1:
        return False
    ka, kb = places.key(a.name).split(), places.key(b.name).split()
    return bool(ka) and bool(kb) and ka[0] == kb[0]


def _retold(inc: Incident, others: list[Incident]) -> bool:
    """A strike on a town with no target named, beside a strike on a named site a few km away the same
    night ("Saratov and Engels suffered an attack" beside "the attack on the Engels airbase"), retells it."""
    loc = inc.location
    if inc.target != "other" or loc is None or loc.lat is None or loc.lon is None:
        return False
    for o in others:
        ol = o.location
        if o is inc or o.target == "other" or ol is None or ol.lat is None or ol.lon is None:
            continue
        if ol.admin1 == loc.admin1 and _near(o.date, inc.date, 1) and \
                merge.km_between(ol.lat, ol.lon, loc.lat, loc.lon) <= RETOLD_KM:
            return True
    return False


def _near(x: dt.date | None, y: dt.date | None, days: int) -> bool:
    if x is None or y is None:
        return x is y
    return abs((x - y).days) <= days


_ENERGY = set(ENERGY_TARGETS)
#: how far from a struck site an untargeted report of the same night still retells that strike.
RETOLD_KM = 30.0


def _same_place(x: Location | None, y: Location | None) -> bool:
    if x is None or y is None:
        return x is y
    return places.key(x.name) == places.key(y.name) and x.admin1 == y.admin1


def _denials(a: Analysis) -> None:
    """A denial by the accused side applies to the incidents the other side claims."""
    deniers: set[str] = set()
    for act in a.acts:
        if act.type == "deny":
            deniers.add(act.actor)
    cues = set(lexicon()["deny"])
    for sent in a.doc.sents:
        for t in sent:
            if t.lemma_.lower() in cues and t.pos_ == "VERB" and not any(c.dep_ == "neg" for c in t.children):
                for c in t.children:
                    if c.dep_ == "nsubj":
                        who = actor_at(a, c)
                        if who:
                            deniers.add(who)
    for inc in a.incidents:
        if inc.perpetrator is None:
            continue
        side = a.actors.get(inc.perpetrator).country
        claim_side = a.actors.get(inc.claimed_by).country if inc.claimed_by else None
        if claim_side == side:
            continue
        for d in sorted(deniers):
            if a.actors.has(d) and a.actors.get(d).country == side:
                inc.denied_by.append(a.actors.use(d))
