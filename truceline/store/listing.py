"""Paged, filtered reads over the store's tables for the API and the dashboard.

The store's own queries (``truceline.store.queries``) return whole result sets by actor name; the web
app needs pages (limit/offset with a total), ids for links, and the review key of every extracted item, so
these are written here against the same tables, with SQLAlchemy Core only.

Every function returns JSON-ready dicts (dates as ISO strings) shaped after the truceline.v1 record, with
ids added; actor fields carry the merged actor's name, and ``*_id`` its id in the store. Each shape is a
``TypedDict`` below, field for field the pydantic model of the same name in ``truceline.serve.schemas``
(which documents the JSON API); keys added later by a caller (the review overlay, the API's detail routes,
the map) are declared ``NotRequired``.
"""
# No ``from __future__ import annotations`` here: a TypedDict reads ``NotRequired`` from its annotations
# when the class is made, and a string annotation hides it (``__optional_keys__`` would come out empty).
import datetime as dt
from dataclasses import dataclass
from typing import Any, cast, overload

import sqlalchemy as sa

from truceline.models import ENERGY_TARGETS
from truceline.resolve import merge

from . import schema as t
from .rows import (
    Act,
    Actor,
    ActorDetail,
    ActorPage,
    ActPage,
    Agreement,
    AgreementDetail,
    AgreementPage,
    AgreementReport,
    Document,
    DocumentAgreementReport,
    DocumentDetail,
    DocumentPage,
    Incident,
    IncidentDetail,
    IncidentPage,
    IncidentPoint,
    IncidentReport,
    Location,
    Position,
    ReportCondition,
    ReportVersion,
    SearchHit,
    SearchPage,
    Span,
    Statement,
    StatementPage,
    Violation,
    ViolationPage,
)

MAX_LIMIT = 500


@dataclass(frozen=True)
class Page:
    limit: int = 50
    offset: int = 0

    def clamp(self) -> "Page":
        return Page(max(1, min(self.limit, MAX_LIMIT)), max(0, self.offset))


def iso(value: dt.date | None) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def _paged(conn: sa.Connection, query: sa.Select[Any], page: Page) -> tuple[int, list[sa.Row[Any]]]:
    page = page.clamp()
    total = conn.execute(sa.select(sa.func.count()).select_from(query.order_by(None).subquery())).scalar_one()
    rows = list(conn.execute(query.limit(page.limit).offset(page.offset)).all())
    return int(total), rows


@overload
def result(total: int, items: list[Document], page: Page) -> DocumentPage: ...
@overload
def result(total: int, items: list[Actor], page: Page) -> ActorPage: ...
@overload
def result(total: int, items: list[Statement], page: Page) -> StatementPage: ...
@overload
def result(total: int, items: list[Act], page: Page) -> ActPage: ...
@overload
def result(total: int, items: list[Incident], page: Page) -> IncidentPage: ...
@overload
def result(total: int, items: list[Agreement], page: Page) -> AgreementPage: ...
@overload
def result(total: int, items: list[Violation], page: Page) -> ViolationPage: ...
@overload
def result(total: int, items: list[SearchHit], page: Page) -> SearchPage: ...
@overload  # rows typed by their builder only (the API pages ``compliance.violations``, a list of dicts)
def result(total: int, items: list[dict[str, Any]], page: Page) -> dict[str, Any]: ...
def result(total: int, items: list[Any], page: Page) -> Any:
    """One page of a list: ``{"total", "limit", "offset", "items"}``, the page's kind per item kind."""
    page = page.clamp()
    return {"total": total, "limit": page.limit, "offset": page.offset, "items": items}


def names(conn: sa.Connection, ids: set[int]) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(conn.execute(sa.select(t.actors.c.id, t.actors.c.name).where(t.actors.c.id.in_(ids))).all())


def _span(start: int | None, end: int | None) -> Span | None:
    return None if start is None else {"start": start, "end": end if end is not None else start}


def _when(column: Any, since: dt.date | None, until: dt.date | None) -> list[sa.ColumnElement[bool]]:
    out: list[sa.ColumnElement[bool]] = []
    if since:
        out.append(column >= since)
    if until:
        out.append(column <= until)
    return out


# -- documents ----------------------------------------------------------------------------------------------

def documents(conn: sa.Connection, page: Page, *, outlet: str | None = None, since: dt.date | None = None,
              until: dt.date | None = None, copies: bool = True) -> DocumentPage:
    d = t.documents.c
    q = (sa.select(d.id, d.doc_id, d.title, d.published, d.outlet, d.source, d.language, d.canonical_id)
         .where(*_when(d.published, since, until)).order_by(d.published.desc(), d.id.desc()))
    if outlet:
        q = q.where(d.outlet == outlet)
    if not copies:
        q = q.where(d.canonical_id.is_(None))
    total, rows = _paged(conn, q, page)
    return result(total, [{"id": r.id, "document": r.doc_id, "title": r.title, "published": iso(r.published),
                           "outlet": r.outlet, "source": r.source, "language": r.language,
                           "copy_of": r.canonical_id} for r in rows], page)


def document(conn: sa.Connection, ident: int) -> DocumentDetail | None:
    row = conn.execute(sa.select(t.documents).where(t.documents.c.id == ident)).first()
    if row is None:
        return None
    return {"id": row.id, "document": row.doc_id, "title": row.title, "published": iso(row.published),
            "outlet": row.outlet, "source": row.source, "language": row.language, "text": row.text,
            "copy_of": row.canonical_id, "duplicate_reason": row.duplicate_reason, "record": row.record}


def document_ids(conn: sa.Connection, keys: list[str]) -> dict[str, int]:
    rows = conn.execute(sa.select(t.documents.c.doc_id, sa.func.min(t.documents.c.id))
                        .where(t.documents.c.doc_id.in_(keys)).group_by(t.documents.c.doc_id)).all()
    return {r[0]: r[1] for r in rows}


# -- actors ---------------------------------------------------------------------------------------------------

def actors(conn: sa.Connection, page: Page, *, country: str | None = None, kind: str | None = None,
           name: str | None = None) -> ActorPage:
    a = t.actors.c
    q = sa.select(t.actors).order_by(a.name, a.id)
    if country:
        q = q.where(a.country == country.upper())
    if kind:
        q = q.where(a.kind == kind)
    if name:
        q = q.where(sa.func.lower(a.name).contains(name.lower(), autoescape=True))
    total, rows = _paged(conn, q, page)
    return result(total, [_actor(r) for r in rows], page)


def _actor(r: Any) -> Actor:
    return {"id": r.id, "key": r.key, "name": r.name, "kind": r.kind, "country": r.country, "wikidata": r.wikidata}


def actor(conn: sa.Connection, ident: int) -> ActorDetail | None:
    row = conn.execute(sa.select(t.actors).where(t.actors.c.id == ident)).first()
    if row is None:
        return None
    return {**_actor(row), "aliases": sorted({alias for (aliases,) in conn.execute(
        sa.select(t.document_actors.c.aliases).where(t.document_actors.c.actor_id == ident)) for alias in aliases})}


# -- statements and acts --------------------------------------------------------------------------------------

def statements(conn: sa.Connection, page: Page, *, speaker: int | None = None, document: int | None = None,
               since: dt.date | None = None, until: dt.date | None = None) -> StatementPage:
    s, d, sp = t.statements.c, t.documents.c, t.actors.alias("speaker")
    when = sa.func.coalesce(s.date, d.published)
    q = (sa.select(s.id, s.document_id, s.speaker_id, sp.c.name.label("speaker"), s.text, s.kind, s.cue,
                   s.channel, s.date, s.ev_start, s.ev_end, d.doc_id, d.published)
         .select_from(t.statements.join(t.documents, s.document_id == d.id)
                      .outerjoin(sp, s.speaker_id == sp.c.id))
         .where(*_when(when, since, until)).order_by(when.desc(), s.id.desc()))
    if speaker is not None:
        q = q.where(s.speaker_id == speaker)
    if document is not None:
        q = q.where(s.document_id == document)
    total, rows = _paged(conn, q, page)
    return result(total, [statement_item(r) for r in rows], page)


def statement_item(r: Any) -> Statement:
    return {"id": r.id, "kind_of_item": "statement", "document_id": r.document_id, "document": r.doc_id,
            "published": iso(r.published), "speaker": r.speaker, "speaker_id": r.speaker_id, "text": r.text,
            "kind": r.kind, "cue": r.cue, "channel": r.channel, "date": iso(r.date),
            "evidence": _span(r.ev_start, r.ev_end)}


def acts(conn: sa.Connection, page: Page, *, actor: int | None = None, subject: str | None = None,
         type: str | None = None, document: int | None = None, since: dt.date | None = None,
         until: dt.date | None = None, oldest_first: bool = False) -> ActPage:
    c, d = t.acts.c, t.documents.c
    actor_t, target_t = t.actors.alias("actor"), t.actors.alias("target")
    when = sa.func.coalesce(c.date, d.published)
    order = (when, c.id) if oldest_first else (when.desc(), c.id.desc())
    q = (sa.select(c.id, c.document_id, c.type, c.subject, c.actor_id, actor_t.c.name.label("actor"),
                   actor_t.c.country.label("actor_country"), c.target_id, target_t.c.name.label("target"),
                   c.date, c.text, c.conditional, c.ev_start, c.ev_end, d.doc_id, d.published)
         .select_from(t.acts.join(t.documents, c.document_id == d.id)
                      .outerjoin(actor_t, c.actor_id == actor_t.c.id)
                      .outerjoin(target_t, c.target_id == target_t.c.id))
         .where(*_when(when, since, until)).order_by(*order))
    if actor is not None:
        q = q.where(c.actor_id == actor)
    if subject:
        q = q.where(c.subject == subject)
    if type:
        q = q.where(c.type == type)
    if document is not None:
        q = q.where(c.document_id == document)
    total, rows = _paged(conn, q, page)
    return result(total, [act_item(r) for r in rows], page)


def act_item(r: Any) -> Act:
    return {"id": r.id, "kind_of_item": "act", "document_id": r.document_id, "document": r.doc_id,
            "published": iso(r.published), "type": r.type, "subject": r.subject, "actor": r.actor,
            "actor_id": r.actor_id, "actor_country": r.actor_country, "target": r.target,
            "target_id": r.target_id, "date": iso(r.date or r.published), "text": r.text,
            "conditional": bool(r.conditional), "evidence": _span(r.ev_start, r.ev_end)}


def positions(conn: sa.Connection) -> dict[tuple[int, str], Position]:
    """The latest act of each actor on each subject: the positions matrix."""
    c, d = t.acts.c, t.documents.c
    when = sa.func.coalesce(c.date, d.published)
    q = (sa.select(c.actor_id, c.subject, c.type, when.label("when"), c.id, c.text)
         .select_from(t.acts.join(t.documents, c.document_id == d.id))
         .where(c.actor_id.is_not(None)).order_by(when, c.id))
    latest: dict[tuple[int, str], Position] = {}
    for r in conn.execute(q):
        latest[(r.actor_id, r.subject)] = {"type": r.type, "date": iso(r.when), "act_id": r.id, "text": r.text}
    return latest


# -- incidents --------------------------------------------------------------------------------------------------

def incident_filters(*, since: dt.date | None = None, until: dt.date | None = None, country: str | None = None,
                     admin1: str | None = None, target: str | None = None, weapon: str | None = None,
                     perpetrator: int | None = None) -> list[sa.ColumnElement[bool]]:
    i = t.incidents.c
    out = _when(i.date, since, until)
    if country:
        out.append(i.country == country.upper())
    if admin1:
        out.append(i.admin1 == admin1.upper())
    if target:
        # Written against the indexed target_class where it can be: "energy" is a class, its sub-targets
        # narrow it, and every other target is its own class.
        if target == "energy":
            out.append(i.target_class == "energy")
        elif target in ENERGY_TARGETS:
            out += [i.target_class == "energy", i.target == target]
        else:
            out.append(i.target_class == target)
    if weapon:
        out.append(i.weapon == weapon)
    if perpetrator is not None:
        out.append(i.perpetrator_id == perpetrator)
    return out


def incidents(conn: sa.Connection, page: Page, **filters: Any) -> IncidentPage:
    i, p = t.incidents.c, t.actors.alias("perp")
    where = incident_filters(**filters)
    page = page.clamp()
    # Counted on the incidents table alone (every filter is on it): an index scan, not a join.
    total = conn.execute(sa.select(sa.func.count()).select_from(t.incidents).where(*where)).scalar_one()
    # The page's ids first, from the index alone; then only those rows. Skipping an offset of whole rows
    # would read every skipped incident (7x slower at offset 1,500 of 100,000).
    ids = (sa.select(i.id).where(*where).order_by(i.date.desc(), i.id.desc())
           .limit(page.limit).offset(page.offset).scalar_subquery())
    q = (sa.select(t.incidents, p.c.name.label("perpetrator"), p.c.country.label("perpetrator_country"))
         .select_from(t.incidents.outerjoin(p, i.perpetrator_id == p.c.id))
         .where(i.id.in_(ids)).order_by(i.date.desc(), i.id.desc()))
    return result(int(total), [incident_item(r) for r in conn.execute(q)], page)


def incident_item(r: Any) -> Incident:
    location: Location | None = None if r.place is None and r.admin1 is None and r.lat is None else {
        "name": r.place, "country": r.country, "admin1": r.admin1, "lat": r.lat, "lon": r.lon,
        "precision": r.geo_precision}
    return {"id": r.id, "kind_of_item": "incident", "date": iso(r.date), "date_precision": r.date_precision,
            "location": location, "target": r.target, "target_class": r.target_class, "weapon": r.weapon,
            "perpetrator": r.perpetrator, "perpetrator_id": r.perpetrator_id,
            "perpetrator_country": r.perpetrator_country, "fatalities": r.fatalities, "reports": r.reports}


def incident(conn: sa.Connection, ident: int) -> IncidentDetail | None:
    i, p = t.incidents.c, t.actors.alias("perp")
    row = conn.execute(sa.select(t.incidents, p.c.name.label("perpetrator"), p.c.country.label("perpetrator_country"))
                       .select_from(t.incidents.outerjoin(p, i.perpetrator_id == p.c.id))
                       .where(i.id == ident)).first()
    if row is None:
        return None
    return {**incident_item(row), "report_items": incident_reports(conn, incident=ident)}


def incident_reports(conn: sa.Connection, *, incident: int | None = None, document: int | None = None
                     ) -> list[IncidentReport]:
    r, d = t.incident_reports.c, t.documents.c
    q = (sa.select(t.incident_reports, d.doc_id, d.published, d.outlet)
         .join(t.documents, r.document_id == d.id).order_by(d.published, r.id))
    if incident is not None:
        q = q.where(r.incident_id == incident)
    if document is not None:
        q = q.where(r.document_id == document)
    rows = conn.execute(q).all()
    who = names(conn, {x for row in rows for x in (row.perpetrator_id, row.claimed_by_id, *row.denied_by) if x})
    return [{"id": row.id, "kind_of_item": "incident", "incident_id": row.incident_id,
             "document_id": row.document_id, "document": row.doc_id, "published": iso(row.published),
             "outlet": row.outlet, "date": iso(row.date), "date_precision": row.date_precision,
             "location": row.location, "target": row.target, "weapon": row.weapon,
             "perpetrator": who.get(row.perpetrator_id), "claimed_by": who.get(row.claimed_by_id),
             "denied_by": [who[x] for x in row.denied_by if x in who], "fatalities": row.fatalities,
             "evidence": _span(row.ev_start, row.ev_end), "merge_reason": row.merge_reason} for row in rows]


def incidents_by_region(conn: sa.Connection, **filters: Any) -> dict[str, dict[str, int]]:
    """Counts per ISO 3166-2 region and target class: the map's data."""
    i = t.incidents.c
    q = (sa.select(i.admin1, i.target_class, sa.func.count()).where(i.admin1.is_not(None),
                                                                     *incident_filters(**filters))
         .group_by(i.admin1, i.target_class))
    out: dict[str, dict[str, int]] = {}
    for admin1, target_class, n in conn.execute(q):
        out.setdefault(admin1, {})[target_class] = int(n)
    return out


def incident_points(conn: sa.Connection, limit: int, **filters: Any) -> list[IncidentPoint]:
    i = t.incidents.c
    q = (sa.select(i.id, i.lat, i.lon, i.place, i.date, i.target_class)
         .where(i.lat.is_not(None), i.lon.is_not(None), *incident_filters(**filters))
         .order_by(i.date.desc(), i.id.desc()).limit(limit))
    return [{"id": r.id, "lat": r.lat, "lon": r.lon, "place": r.place, "date": iso(r.date),
             "target_class": r.target_class} for r in conn.execute(q)]


# -- agreements -------------------------------------------------------------------------------------------------

def agreements(conn: sa.Connection, page: Page, *, subject: str | None = None, status: str | None = None
               ) -> AgreementPage:
    g = t.agreements.c
    q = sa.select(t.agreements).order_by(g.as_of.desc(), g.id.desc())
    if subject:
        q = q.where(g.subject == subject)
    if status:
        q = q.where(g.status == status)
    total, rows = _paged(conn, q, page)
    items: list[Agreement] = [_agreement_row(r) for r in rows]
    return result(total, items, page)


def agreement(conn: sa.Connection, ident: int) -> AgreementDetail | None:
    row = conn.execute(sa.select(t.agreements).where(t.agreements.c.id == ident)).first()
    if row is None:
        return None
    r, d = t.agreement_reports.c, t.documents.c
    reps = conn.execute(sa.select(t.agreement_reports, d.doc_id).join(t.documents, r.document_id == d.id)
                        .where(r.agreement_id == ident).order_by(r.published, r.id)).all()
    ids = {p for rep in reps for p in rep.parties}
    ids |= {item.get("by") for rep in reps for item in (*rep.versions, *rep.conditions)}
    who = names(conn, {i for i in ids if isinstance(i, int)})
    countries = dict(conn.execute(sa.select(t.actors.c.id, t.actors.c.country)
                                  .where(t.actors.c.id.in_(list(who)))).all()) if who else {}

    def named(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**item, "by": who.get(item["by"]) if item.get("by") else None, "by_id": item.get("by"),
                 "by_country": countries.get(item["by"]) if item.get("by") else None} for item in items]

    # versions and conditions are the record's, stored as JSON: their keys are the record's (see ReportVersion).
    reports: list[AgreementReport] = [
        {"id": rep.id, "kind_of_item": "agreement", "document_id": rep.document_id, "document": rep.doc_id,
         "published": iso(rep.published), "status": rep.status,
         "parties": [who.get(p) for p in rep.parties], "scope": list(rep.scope),
         "duration_days": rep.duration_days, "start": iso(rep.start), "end": iso(rep.end),
         "versions": cast(list[ReportVersion], named(rep.versions)),
         "conditions": cast(list[ReportCondition], named(rep.conditions)),
         "evidence": _span(rep.ev_start, rep.ev_end), "merge_reason": rep.merge_reason} for rep in reps]
    conditions = merge.dedupe_conditions(
        {"by": c.get("by"), "text": c.get("text", "")} for rep in reports for c in rep["conditions"])
    return {**_agreement_row(row), "reports": reports,
            "conditions": [{"by": c["by"], "text": c["text"], "reports": c["reports"]} for c in conditions]}


def _agreement_row(r: Any) -> Agreement:
    return {"id": r.id, "subject": r.subject, "parties": list(r.parties), "mediators": list(r.mediators or []),
            "kind": r.kind, "status": r.status, "status_reason": r.status_reason, "as_of": iso(r.as_of)}


def agreement_reports(conn: sa.Connection, *, document: int) -> list[DocumentAgreementReport]:
    r = t.agreement_reports.c
    ids = [i for (i,) in conn.execute(sa.select(r.agreement_id).where(r.document_id == document).distinct())]
    out: list[DocumentAgreementReport] = []
    for ident in ids:
        found = agreement(conn, ident)
        if found:
            out += [{**rep, "agreement_id": ident, "subject": found["subject"]} for rep in found["reports"]
                    if rep["document_id"] == document]
    return out


def incidents_per_side_per_day(conn: sa.Connection, since: dt.date, until: dt.date,
                               exclude: set[int] | None = None) -> dict[str, dict[str, int]]:
    """{day: {perpetrator's country (or "unattributed"): incidents}} between two dates."""
    i, p = t.incidents.c, t.actors.alias("perp")
    q = (sa.select(i.id, i.date, p.c.country).select_from(t.incidents.outerjoin(p, i.perpetrator_id == p.c.id))
         .where(i.date >= since, i.date <= until))
    out: dict[str, dict[str, int]] = {}
    for ident, day, country in conn.execute(q):
        if exclude and ident in exclude:
            continue
        side = country or "unattributed"
        bucket = out.setdefault(day.isoformat(), {})
        bucket[side] = bucket.get(side, 0) + 1
    return dict(sorted(out.items()))


def data_version(conn: sa.Connection) -> tuple[int | None, int, int | None]:
    """Changes whenever what the overview shows can change: a document stored or deleted, or a review.
    Two indexed lookups, so the overview is computed once per change, not per visit:
    (the newest document's id, how many documents, the newest review's audit id)."""
    from .serve_tables import audit_log

    newest, count = conn.execute(sa.select(sa.func.max(t.documents.c.id), sa.func.count(t.documents.c.id))).one()
    return (newest, count, conn.execute(sa.select(sa.func.max(audit_log.c.id))
                                        .where(audit_log.c.action.like("review.%"))).scalar())
