"""Reading the store: the queries behind the CLI, the API and the exports.

Every function takes an open connection and returns plain dataclasses, so callers never see SQL.
Filters that name an actor (``perpetrator``, ``claimant``, ``speaker``, ``actor``) accept a name
(case-insensitive), an ISO 3166-1 alpha-3 country (every actor of that country), a Wikidata id or an
actor key as ``truceline.resolve.merge.actor_key`` builds it.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from truceline.models import Record
from truceline.store import schema as t
from truceline.store.reviewed import apply_to_records, has_reviews


@dataclass
class ActRow:
    id: int
    date: dt.date | None
    type: str
    subject: str
    actor: str | None
    target: str | None
    text: str
    document: str
    published: dt.date | None
    evidence: tuple[int | None, int | None]


@dataclass
class StatementRow:
    id: int
    date: dt.date | None
    speaker: str | None
    text: str
    kind: str
    cue: str | None
    channel: str | None
    document: str
    published: dt.date | None
    evidence: tuple[int | None, int | None]


@dataclass
class IncidentReport:
    document: str
    published: dt.date | None
    outlet: str | None
    source: str | None
    date: dt.date | None
    target: str
    weapon: str | None
    perpetrator: str | None
    claimed_by: str | None
    denied_by: list[str]
    fatalities: int | None
    evidence: tuple[int | None, int | None]
    merge_reason: str
    #: when the reporting document was stored
    ingested_at: dt.datetime | None = None
    #: the report's row id (``incident_reports.id``): what its review is found by
    id: int | None = None


@dataclass
class IncidentRow:
    id: int
    date: dt.date | None
    date_precision: int | None
    place: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geo_precision: int | None
    target: str
    target_class: str
    weapon: str | None
    perpetrator: str | None
    fatalities: int | None
    reports: list[IncidentReport] = field(default_factory=list)
    #: the perpetrator's country (ISO3) and kind (``truceline.models.ACTOR_KINDS``), when known
    perpetrator_country: str | None = None
    perpetrator_kind: str | None = None

    @property
    def claimants(self) -> list[str]:
        return sorted({r.claimed_by for r in self.reports if r.claimed_by})

    @property
    def deniers(self) -> list[str]:
        return sorted({d for r in self.reports for d in r.denied_by})


@dataclass
class AgreementReport:
    document: str
    published: dt.date | None
    status: str
    parties: list[str]
    scope: list[str]
    duration_days: int | None
    start: dt.date | None
    end: dt.date | None
    versions: list[dict[str, Any]]
    conditions: list[dict[str, Any]]
    merge_reason: str


@dataclass
class AgreementHistory:
    id: int
    subject: str
    parties: list[str]
    status: str
    as_of: dt.date | None
    reports: list[AgreementReport] = field(default_factory=list)
    acts: list[ActRow] = field(default_factory=list)


@dataclass
class SearchHit:
    document: str
    title: str | None
    published: dt.date | None
    snippet: str
    rank: float
    canonical: str | None


@dataclass
class StoredDocument:
    id: int
    document: str
    title: str | None
    published: dt.date | None
    outlet: str | None
    canonical: str | None
    similarity: float | None
    duplicate_reason: str | None


def _actor_ids(who: str) -> sa.Select[Any]:
    a = t.actors.c
    cond = sa.or_(sa.func.lower(a.name) == who.lower(), a.key == who, a.wikidata == who)
    if re.fullmatch(r"[A-Za-z]{3}", who):
        cond = sa.or_(cond, a.country == who.upper())
    return sa.select(a.id).where(cond)


def _names(conn: sa.Connection, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(conn.execute(sa.select(t.actors.c.id, t.actors.c.name).where(t.actors.c.id.in_(ids))).all())


@dataclass(frozen=True)
class ActorBrief:
    id: int
    name: str
    kind: str
    country: str | None


def actors_by_id(conn: sa.Connection, ids: set[int]) -> dict[int, ActorBrief]:
    """Store actor id -> its name, kind and country."""
    ids = {i for i in ids if isinstance(i, int)}
    if not ids:
        return {}
    a = t.actors.c
    return {r.id: ActorBrief(r.id, r.name, r.kind, r.country)
            for r in conn.execute(sa.select(a.id, a.name, a.kind, a.country).where(a.id.in_(ids)))}


def acts(conn: sa.Connection, *, subject: str | None = None, actor: str | None = None, type: str | None = None,
         start: dt.date | None = None, end: dt.date | None = None, limit: int | None = None) -> list[ActRow]:
    """Timeline of acts, oldest first; an act without a date is placed at its document's date."""
    actor_t, target_t, d, c = t.actors.alias("actor"), t.actors.alias("target"), t.documents.c, t.acts.c
    when = sa.func.coalesce(c.date, d.published)
    q = (sa.select(c.id, c.date, c.type, c.subject, actor_t.c.name.label("actor"), target_t.c.name.label("target"),
                   c.text, d.doc_id, d.published, c.ev_start, c.ev_end)
         .select_from(t.acts.join(t.documents, c.document_id == d.id)
                      .outerjoin(actor_t, c.actor_id == actor_t.c.id)
                      .outerjoin(target_t, c.target_id == target_t.c.id))
         .order_by(when, c.id))
    if subject:
        q = q.where(c.subject == subject)
    if type:
        q = q.where(c.type == type)
    if actor:
        q = q.where(c.actor_id.in_(_actor_ids(actor)))
    q = _bounded(q, when, start, end, limit)
    return [ActRow(r.id, r.date, r.type, r.subject, r.actor, r.target, r.text, r.doc_id, r.published,
                   (r.ev_start, r.ev_end)) for r in conn.execute(q)]


def _bounded(q: sa.Select, when: Any, start: dt.date | None, end: dt.date | None, limit: int | None
             ) -> sa.Select:
    """The date window and row limit that every list query takes."""
    if start:
        q = q.where(when >= start)
    if end:
        q = q.where(when <= end)
    return q.limit(limit) if limit else q


def statements(conn: sa.Connection, *, speaker: str | None = None, subject: str | None = None,
               start: dt.date | None = None, end: dt.date | None = None, limit: int | None = None
               ) -> list[StatementRow]:
    """Statements, oldest first. A statement's subject is that of an act whose evidence overlaps it."""
    s, d, sp = t.statements.c, t.documents.c, t.actors.alias("speaker")
    when = sa.func.coalesce(s.date, d.published)
    q = (sa.select(s.id, s.date, sp.c.name.label("speaker"), s.text, s.kind, s.cue, s.channel, d.doc_id,
                   d.published, s.ev_start, s.ev_end)
         .select_from(t.statements.join(t.documents, s.document_id == d.id)
                      .outerjoin(sp, s.speaker_id == sp.c.id))
         .order_by(when, s.id))
    if speaker:
        q = q.where(s.speaker_id.in_(_actor_ids(speaker)))
    if subject:
        a = t.acts.c
        q = q.where(sa.exists().where(a.document_id == s.document_id, a.subject == subject,
                                      a.ev_start < s.ev_end, a.ev_end > s.ev_start))
    q = _bounded(q, when, start, end, limit)
    return [StatementRow(r.id, r.date, r.speaker, r.text, r.kind, r.cue, r.channel, r.doc_id, r.published,
                         (r.ev_start, r.ev_end)) for r in conn.execute(q)]


def incidents(conn: sa.Connection, *, start: dt.date | None = None, end: dt.date | None = None,
              place: str | None = None, target: str | None = None, perpetrator: str | None = None,
              claimant: str | None = None, limit: int | None = None) -> list[IncidentRow]:
    """Merged incidents, oldest first, each with all its reports.

    ``place`` matches the place name (case-insensitive, part of it), an ISO 3166-2 region ("UA-59") or an
    ISO 3166-1 alpha-3 country; ``target`` a target or a target class ("energy" takes every energy target).
    """
    i = t.incidents.c
    q = sa.select(t.incidents).order_by(i.date, i.id)
    if start:
        q = q.where(i.date >= start)
    if end:
        q = q.where(i.date <= end)
    if place:
        q = q.where(sa.or_(sa.func.lower(i.place).contains(place.lower(), autoescape=True),
                           i.admin1 == place.upper(), i.country == place.upper()))
    if target:
        q = q.where(sa.or_(i.target == target, i.target_class == target))
    if perpetrator:
        q = q.where(i.perpetrator_id.in_(_actor_ids(perpetrator)))
    if claimant:
        r = t.incident_reports.c
        q = q.where(sa.exists().where(r.incident_id == i.id, r.claimed_by_id.in_(_actor_ids(claimant))))
    if limit:
        q = q.limit(limit)
    rows = list(conn.execute(q).all())
    return _with_reports(conn, rows)


def _with_reports(conn: sa.Connection, rows: list[Any]) -> list[IncidentRow]:
    by_id = {row.id: IncidentRow(row.id, row.date, row.date_precision, row.place, row.country, row.admin1,
                                 row.lat, row.lon, row.geo_precision, row.target, row.target_class, row.weapon,
                                 None, row.fatalities) for row in rows}
    perpetrators = {row.id: row.perpetrator_id for row in rows}
    reports: list[Any] = []
    ids = list(by_id)
    r, d = t.incident_reports.c, t.documents.c
    for chunk in range(0, len(ids), 500):
        reports += conn.execute(
            sa.select(t.incident_reports, d.doc_id, d.published, d.outlet, d.source, d.ingested_at)
            .join(t.documents, r.document_id == d.id)
            .where(r.incident_id.in_(ids[chunk:chunk + 500]))
            .order_by(r.incident_id, d.published, r.id)).all()
    actor_ids = {v for v in perpetrators.values() if v}
    for rep in reports:
        actor_ids |= {x for x in (rep.perpetrator_id, rep.claimed_by_id) if x} | set(rep.denied_by)
    names = _names(conn, actor_ids)
    who = actors_by_id(conn, {v for v in perpetrators.values() if v})
    for ident, actor in perpetrators.items():
        by_id[ident].perpetrator = names.get(actor) if actor else None
        if actor in who:
            by_id[ident].perpetrator_country, by_id[ident].perpetrator_kind = who[actor].country, who[actor].kind
    for rep in reports:
        by_id[rep.incident_id].reports.append(IncidentReport(
            rep.doc_id, rep.published, rep.outlet, rep.source, rep.date, rep.target, rep.weapon,
            names.get(rep.perpetrator_id) if rep.perpetrator_id else None,
            names.get(rep.claimed_by_id) if rep.claimed_by_id else None,
            [names[x] for x in rep.denied_by if x in names], rep.fatalities, (rep.ev_start, rep.ev_end),
            rep.merge_reason, rep.ingested_at, id=rep.id))
    return list(by_id.values())


def agreements(conn: sa.Connection, *, subject: str | None = None) -> list[AgreementHistory]:
    """Each merged agreement with its reports in publication order and the acts on its subject by its parties."""
    g = t.agreements.c
    q = sa.select(t.agreements).order_by(g.subject, g.id)
    if subject:
        q = q.where(g.subject == subject)
    out = []
    r, d = t.agreement_reports.c, t.documents.c
    for row in conn.execute(q).all():
        hist = AgreementHistory(row.id, row.subject, list(row.parties), row.status, row.as_of)
        reps = conn.execute(sa.select(t.agreement_reports, d.doc_id)
                            .join(t.documents, r.document_id == d.id)
                            .where(r.agreement_id == row.id)
                            .order_by(r.published, r.id)).all()
        ids = {p for rep in reps for p in rep.parties}
        ids |= {item["by"] for rep in reps for item in (*rep.versions, *rep.conditions) if item.get("by")}
        names = _names(conn, ids)

        def named(items: list[dict[str, Any]], names: dict[int, str] = names) -> list[dict[str, Any]]:
            return [{**item, "by": names.get(item["by"]) if item.get("by") else None} for item in items]

        hist.reports = [AgreementReport(rep.doc_id, rep.published, rep.status, [names[p] for p in rep.parties],
                                        list(rep.scope), rep.duration_days, rep.start, rep.end,
                                        named(rep.versions), named(rep.conditions), rep.merge_reason)
                        for rep in reps]
        hist.acts = [act for party in hist.parties for act in acts(conn, subject=row.subject, actor=party)]
        hist.acts.sort(key=lambda a: (a.date or a.published or dt.date.min, a.id))
        out.append(hist)
    return out


def search(conn: sa.Connection, query: str, limit: int = 20) -> list[SearchHit]:
    """Full-text search over titles and bodies, best first (FTS5 bm25 on SQLite, ts_rank on PostgreSQL)."""
    words = re.findall(r"\w+", query)
    if not words:
        return []
    if conn.dialect.name == "sqlite":
        # Each word quoted: the user's text is never parsed as FTS5 syntax (AND of all words).
        match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        sql = sa.text(
            "SELECT d.doc_id, d.title, d.published, c.doc_id AS canonical, "
            "snippet(documents_fts, 1, '[', ']', '...', 16) AS snippet, bm25(documents_fts) AS rank "
            "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
            "LEFT JOIN documents c ON c.id = d.canonical_id "
            "WHERE documents_fts MATCH :q ORDER BY rank LIMIT :n")
        rows = conn.execute(sql, {"q": match, "n": limit}).all()
        return [SearchHit(r.doc_id, r.title, _date(r.published), r.snippet, -float(r.rank), r.canonical)
                for r in rows]
    sql = sa.text(
        "SELECT d.doc_id, d.title, d.published, c.doc_id AS canonical, "
        "ts_headline('english', d.text, q, 'StartSel=[, StopSel=], MaxWords=24, MinWords=8') AS snippet, "
        "ts_rank(d.search, q) AS rank "
        "FROM documents d LEFT JOIN documents c ON c.id = d.canonical_id, "
        "plainto_tsquery('english', :q) q WHERE d.search @@ q ORDER BY rank DESC, d.id LIMIT :n")
    rows = conn.execute(sql, {"q": " ".join(words), "n": limit}).all()
    return [SearchHit(r.doc_id, r.title, r.published, r.snippet, float(r.rank), r.canonical) for r in rows]


def _date(value: Any) -> dt.date | None:
    # Raw SQL on SQLite returns dates as stored, ISO strings.
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def documents(conn: sa.Connection, *, copies: bool = True) -> list[StoredDocument]:
    """Stored documents in ingest order; a copy names its canonical document."""
    d, c = t.documents.c, t.documents.alias("canonical")
    q = (sa.select(d.id, d.doc_id, d.title, d.published, d.outlet, c.c.doc_id.label("canonical"), d.similarity,
                   d.duplicate_reason)
         .select_from(t.documents.outerjoin(c, d.canonical_id == c.c.id)).order_by(d.id))
    if not copies:
        q = q.where(d.canonical_id.is_(None))
    return [StoredDocument(r.id, r.doc_id, r.title, r.published, r.outlet, r.canonical, r.similarity,
                           r.duplicate_reason) for r in conn.execute(q)]


def records(conn: sa.Connection, *, copies: bool = False, batch: int = 200, reviewed: bool = True
            ) -> Iterator[Record]:
    """The stored truceline.v1 records in ingest order (canonical documents only unless ``copies``).

    With ``reviewed`` (the default) analysts' reviews are applied: rejected items are left out and
    corrected fields replace extracted ones (see :mod:`truceline.store.reviewed`); without it, the
    records as extracted.
    """
    d = t.documents.c
    apply = reviewed and has_reviews(conn)
    last = 0
    while True:
        q = sa.select(d.id, d.record).where(d.id > last).order_by(d.id).limit(batch)
        if not copies:
            q = q.where(d.canonical_id.is_(None))
        rows = conn.execute(q).all()
        if not rows:
            return
        found = [(row.id, Record.from_dict(row.record)) for row in rows]
        yield from apply_to_records(conn, found) if apply else (rec for _, rec in found)
        last = rows[-1].id


def counts(conn: sa.Connection) -> dict[str, int]:
    """Row counts: documents, copies, actors, statements, acts, incidents, incident_reports, agreements ..."""
    out = {}
    for name, table in (("documents", t.documents), ("actors", t.actors), ("statements", t.statements),
                        ("acts", t.acts), ("incidents", t.incidents), ("incident_reports", t.incident_reports),
                        ("agreements", t.agreements), ("agreement_reports", t.agreement_reports)):
        out[name] = conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
    out["copies"] = conn.execute(sa.select(sa.func.count()).select_from(t.documents)
                                 .where(t.documents.c.canonical_id.is_not(None))).scalar_one()
    return out
