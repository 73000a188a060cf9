"""Typed records: one dataclass per domain object of the truceline.v1 record.

Every stage of the pipeline reads and writes these; only `to_dict` and `from_dict`
know the JSON shape of ``../shared/spec/RECORDS.md``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

SCHEMA = "truceline.v1"

ACTOR_KINDS = ("person", "government", "military", "country", "organization", "media", "group", "unknown")
STATEMENT_KINDS = ("direct", "indirect", "mixed")
CHANNELS = ("call", "statement", "press_conference", "interview", "speech", "truth_social", "x",
            "telegram", "social_media", "tv", "meeting", "other")
ACT_TYPES = ("propose", "accept", "reject", "agree", "halt", "demand", "accuse", "deny", "meet", "end")
SUBJECTS = ("full_ceasefire", "energy_ceasefire", "maritime_ceasefire", "peace_deal", "prisoner_exchange",
            "military_aid", "sanctions", "territory", "energy_assets", "minerals", "talks", "other")
ENERGY_TARGETS = ("energy", "power_generation", "power_grid", "oil_gas", "nuclear")
TARGETS = ENERGY_TARGETS + ("residential", "medical", "civilian_infrastructure", "military", "other")
WEAPONS = ("drone", "missile", "artillery", "airstrike", "other")
STATUSES = ("proposed", "agreed", "in_force", "rejected", "expired", "suspended")
REMOVAL_REASONS = ("donation_appeal", "comment_form", "source_link", "duplicate_title", "caption", "advert",
                   "byline", "navigation", "other")


@dataclass
class Span:
    """Character offsets into ``Document.text`` (end exclusive)."""

    start: int
    end: int


@dataclass
class Removal:
    text: str
    reason: str


@dataclass
class RawDocument:
    """One input as a reader found it, before cleaning."""

    id: str
    source: str | None = None
    text: str | None = None
    html: str | None = None
    published: dt.date | None = None
    title: str | None = None
    outlet: str | None = None
    #: where the reader found it when that is narrower than ``source`` ("feed.jsonl:4"), for error lines
    origin: str | None = None


@dataclass
class Document:
    id: str
    source: str | None
    title: str | None
    published: dt.date | None
    outlet: str | None
    language: str | None
    text: str
    removed: list[Removal] = field(default_factory=list)


@dataclass
class Actor:
    id: str
    name: str
    kind: str
    country: str | None
    wikidata: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass
class Statement:
    speaker: str
    text: str
    kind: str
    cue: str | None
    channel: str | None
    date: dt.date | None
    evidence: Span


@dataclass
class Act:
    type: str
    actor: str
    target: str | None
    subject: str
    date: dt.date | None
    text: str
    evidence: Span
    plover: str | None = None
    cameo: str | None = None
    conditional: bool = False


@dataclass
class Version:
    """One side's account of an agreement's terms."""

    by: str
    terms: str
    evidence: Span | None = None
    scope: list[str] = field(default_factory=list)
    start: dt.date | None = None
    end: dt.date | None = None
    duration_days: int | None = None


@dataclass
class Condition:
    by: str
    text: str
    evidence: Span | None = None


@dataclass
class Agreement:
    subject: str
    parties: list[str]
    scope: list[str]
    duration_days: int | None
    start: dt.date | None
    end: dt.date | None
    status: str
    versions: list[Version] = field(default_factory=list)
    conditions: list[Condition] = field(default_factory=list)
    evidence: Span | None = None


@dataclass
class Location:
    name: str
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: int | None = None


@dataclass
class Incident:
    date: dt.date | None
    date_precision: int | None
    location: Location | None
    target: str
    weapon: str | None
    perpetrator: str | None
    claimed_by: str | None
    denied_by: list[str]
    fatalities: int | None
    evidence: Span


@dataclass
class Record:
    document: Document
    actors: list[Actor] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    acts: list[Act] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"schema": SCHEMA}
        for f in fields(self):
            out[f.name] = _plain(getattr(self, f.name))
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Record:
        doc = data["document"]
        return cls(
            document=Document(
                id=doc["id"], source=doc.get("source"), title=doc.get("title"),
                published=_date(doc.get("published")), outlet=doc.get("outlet"),
                language=doc.get("language"), text=doc.get("text", ""),
                removed=[Removal(**r) for r in doc.get("removed", [])],
            ),
            actors=[Actor(**_known(Actor, a)) for a in data.get("actors", [])],
            statements=[Statement(**_known(Statement, s, date=_date(s.get("date")),
                                           evidence=_span(s.get("evidence"))))
                        for s in data.get("statements", [])],
            acts=[Act(**_known(Act, a, date=_date(a.get("date")), evidence=_span(a.get("evidence")),
                               text=a.get("text", "")))
                  for a in data.get("acts", [])],
            agreements=[_agreement(g) for g in data.get("agreements", [])],
            incidents=[_incident(i) for i in data.get("incidents", [])],
        )


def _plain(value: Any) -> Any:
    """Dataclasses to dicts, dates to ISO strings, recursively."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _span(value: Any) -> Span:
    if not value:
        return Span(0, 0)
    return Span(int(value["start"]), int(value["end"]))


def _known(cls: type, data: dict[str, Any], **override: Any) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    out = {k: v for k, v in data.items() if k in names}
    out.update(override)
    return out


def _agreement(g: dict[str, Any]) -> Agreement:
    versions = [Version(**_known(Version, v, evidence=_span(v.get("evidence")) if v.get("evidence") else None,
                                 start=_date(v.get("start")), end=_date(v.get("end"))))
                for v in g.get("versions", [])]
    conditions = [Condition(**_known(Condition, c, evidence=_span(c.get("evidence")) if c.get("evidence") else None))
                  for c in g.get("conditions", [])]
    return Agreement(**_known(Agreement, g, start=_date(g.get("start")), end=_date(g.get("end")),
                              versions=versions, conditions=conditions,
                              evidence=_span(g.get("evidence")) if g.get("evidence") else None))


def _incident(i: dict[str, Any]) -> Incident:
    loc = i.get("location")
    return Incident(**_known(Incident, i, date=_date(i.get("date")),
                             location=Location(**_known(Location, loc)) if loc else None,
                             denied_by=list(i.get("denied_by", [])), evidence=_span(i.get("evidence"))))
