"""Writing one record: the document, its near-duplicate check, and its items merged into the store.

Everything here runs inside the one transaction the caller opens per document, so a document is either
stored with all its items and merges or not at all.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, is_dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from truceline.models import Actor, Agreement, Incident, Record
from truceline.resolve import duplicates, merge
from truceline.store import schema as t


@dataclass
class Added:
    """What storing one record did."""

    document_id: int
    #: "new", or "copy" when it is a near-duplicate of a stored document.
    status: str
    canonical_id: int | None = None
    similarity: float | None = None


def add_record(conn: sa.Connection, record: Record, content_hash: str, threshold: float) -> Added:
    doc = record.document
    sig = duplicates.signature(doc.text)
    match = _near_duplicate(conn, sig, threshold) if sig is not None else None
    row: dict[str, Any] = {
        "doc_id": doc.id, "content_hash": content_hash, "source": doc.source, "title": doc.title,
        "published": doc.published, "outlet": doc.outlet, "language": doc.language, "text": doc.text,
        "record": record.to_dict(), "signature": sig.to_bytes() if sig is not None else None,
        "ingested_at": dt.datetime.now(dt.UTC),
    }
    if match is not None:
        canonical, similarity, reason = match
        row.update(canonical_id=canonical, similarity=similarity, duplicate_reason=reason)
        ident = conn.execute(sa.insert(t.documents).values(row).returning(t.documents.c.id)).scalar_one()
        # A copy is a further source of its canonical document, not a further report of its items.
        return Added(ident, "copy", canonical, similarity)
    ident = conn.execute(sa.insert(t.documents).values(row).returning(t.documents.c.id)).scalar_one()
    if sig is not None:
        conn.execute(sa.insert(t.document_bands),
                     [{"key": key, "document_id": ident} for key in set(duplicates.band_keys(sig, threshold))])
    actor_ids = _add_actors(conn, ident, record.actors)
    _add_statements(conn, ident, record, actor_ids)
    _add_acts(conn, ident, record, actor_ids)
    for incident in record.incidents:
        _add_incident(conn, ident, incident, actor_ids)
    by_local = {a.id: a for a in record.actors}
    for agreement in record.agreements:
        _add_agreement(conn, ident, doc.published, agreement, actor_ids, by_local)
    return Added(ident, "new")


def _plain(value: Any) -> Any:
    """A dataclass as JSON-ready data (dates as ISO strings)."""
    if is_dataclass(value) and not isinstance(value, type):
        value = asdict(value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _near_duplicate(conn: sa.Connection, sig: duplicates.Signature, threshold: float
                    ) -> tuple[int, float, str] | None:
    keys = duplicates.band_keys(sig, threshold)
    rows = conn.execute(
        sa.select(t.documents.c.id, t.documents.c.signature)
        .where(t.documents.c.id.in_(
            sa.select(t.document_bands.c.document_id).where(t.document_bands.c.key.in_(keys))))
    ).all()
    found = duplicates.best_match(sig, [(r.id, duplicates.Signature.from_bytes(r.signature)) for r in rows],
                                  threshold)
    if found is None:
        return None
    ident, similarity = found
    other = conn.execute(sa.select(t.documents.c.doc_id, t.documents.c.title)
                         .where(t.documents.c.id == ident)).one()
    reason = (f"near-duplicate of document {other.doc_id!r}"
              f"{' (' + repr(other.title) + ')' if other.title else ''}: about {similarity:.0%} of word "
              f"3-grams shared (MinHash estimate; threshold {threshold:.0%})")
    return ident, similarity, reason


def _insert_ignore(conn: sa.Connection, table: sa.Table, values: list[dict[str, Any]] | dict[str, Any]) -> None:
    """INSERT that does nothing when a unique key exists already (two ingests may race to create it)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    conn.execute(dialect.insert(table).on_conflict_do_nothing(), values)


def _add_actors(conn: sa.Connection, document_id: int, actors: list[Actor]) -> dict[str, int]:
    # Batched (one lookup, one insert, one lookup, one link insert): a record has several actors and the
    # per-statement cost dominates the store's share of an ingest.
    local: dict[str, Actor] = {}
    for actor in actors:
        local.setdefault(actor.id, actor)
    if not local:
        return {}
    keys = {ident: merge.actor_key(actor) for ident, actor in local.items()}
    c = t.actors.c
    known = set(conn.execute(sa.select(c.key).where(c.key.in_(set(keys.values())))).scalars())
    missing = {keys[i]: a for i, a in local.items() if keys[i] not in known}
    if missing:
        _insert_ignore(conn, t.actors, [{"key": key, "name": a.name, "kind": a.kind, "country": a.country,
                                         "wikidata": a.wikidata} for key, a in missing.items()])
    by_key: dict[str, int] = {row.key: row.id for row in conn.execute(
        sa.select(c.key, c.id).where(c.key.in_(set(keys.values()))))}
    conn.execute(sa.insert(t.document_actors), [
        {"document_id": document_id, "local_id": ident, "actor_id": by_key[keys[ident]], "name": actor.name,
         "aliases": list(actor.aliases),
         "merge_reason": merge.actor_reason(actor) if keys[ident] in known else None}
        for ident, actor in local.items()])
    return {ident: by_key[keys[ident]] for ident in local}


def _add_statements(conn: sa.Connection, document_id: int, record: Record, actor_ids: dict[str, int]) -> None:
    rows = [{"document_id": document_id, "speaker_id": actor_ids.get(s.speaker), "text": s.text, "kind": s.kind,
             "cue": s.cue, "channel": s.channel, "date": s.date, "ev_start": s.evidence.start,
             "ev_end": s.evidence.end} for s in record.statements]
    if rows:
        conn.execute(sa.insert(t.statements), rows)


def _add_acts(conn: sa.Connection, document_id: int, record: Record, actor_ids: dict[str, int]) -> None:
    rows = [{"document_id": document_id, "type": a.type, "actor_id": actor_ids.get(a.actor),
             "target_id": actor_ids.get(a.target) if a.target else None, "subject": a.subject, "date": a.date,
             "text": a.text, "plover": a.plover, "cameo": a.cameo, "conditional": bool(a.conditional),
             "ev_start": a.evidence.start, "ev_end": a.evidence.end} for a in record.acts]
    if rows:
        conn.execute(sa.insert(t.acts), rows)


def _add_incident(conn: sa.Connection, document_id: int, inc: Incident, actor_ids: dict[str, int]) -> None:
    key = merge.incident_key(inc.date, inc.location, inc.target)
    perpetrator = actor_ids.get(inc.perpetrator) if inc.perpetrator else None
    matched = _matching_incident(conn, key)
    if matched is None:
        loc = inc.location
        incident_id = conn.execute(sa.insert(t.incidents).values(
            date=inc.date, date_precision=inc.date_precision, place=loc.name if loc else None,
            place_key=key.place, country=loc.country if loc else None, admin1=loc.admin1 if loc else None,
            lat=loc.lat if loc else None, lon=loc.lon if loc else None,
            geo_precision=loc.precision if loc else None, target=inc.target, target_class=key.target_class,
            weapon=inc.weapon, perpetrator_id=perpetrator, fatalities=inc.fatalities, reports=1,
        ).returning(t.incidents.c.id)).scalar_one()
        reason = "first report"
    else:
        incident_id, reason, old = matched
        update: dict[str, Any] = {"reports": old.reports + 1}
        if inc.fatalities is not None and (old.fatalities is None or inc.fatalities < old.fatalities):
            update["fatalities"] = inc.fatalities
        if old.perpetrator_id is None and perpetrator is not None:
            update["perpetrator_id"] = perpetrator
        if old.weapon is None and inc.weapon is not None:
            update["weapon"] = inc.weapon
        conn.execute(sa.update(t.incidents).where(t.incidents.c.id == incident_id).values(update))
    conn.execute(sa.insert(t.incident_reports).values(
        incident_id=incident_id, document_id=document_id, date=inc.date, date_precision=inc.date_precision,
        location=_plain(inc.location) if inc.location else None, target=inc.target, weapon=inc.weapon,
        perpetrator_id=perpetrator, claimed_by_id=actor_ids.get(inc.claimed_by) if inc.claimed_by else None,
        denied_by=[actor_ids[d] for d in inc.denied_by if d in actor_ids], fatalities=inc.fatalities,
        ev_start=inc.evidence.start, ev_end=inc.evidence.end, merge_reason=reason))


def _matching_incident(conn: sa.Connection, key: merge.IncidentKey) -> tuple[int, str, Any] | None:
    if key.date is None or key.place is None:
        return None
    window = dt.timedelta(days=merge.INCIDENT_DAYS)
    c = t.incidents.c
    rows = list(conn.execute(
        sa.select(t.incidents).where(c.target_class == key.target_class,
                                     c.date.between(key.date - window, key.date + window))
        .order_by(c.id)
    ).all())
    # Closest day first, then the oldest incident: a report joins the likeliest match.
    rows.sort(key=lambda r: (abs((r.date - key.date).days), r.id))
    for row in rows:
        old = merge.IncidentKey(row.date, row.place_key, row.country, row.lat, row.lon, row.target_class)
        reason = merge.incident_match(key, old)
        if reason is not None:
            return row.id, f"merged with incident #{row.id}: {reason}", row
    return None


def _add_agreement(conn: sa.Connection, document_id: int, published: dt.date | None, agr: Agreement,
                   actor_ids: dict[str, int], actors: dict[str, Actor]) -> None:
    sides = merge.split_sides(agr.subject, merge.party_keys(agr.parties, actors))
    c = t.agreements.c
    anchor = agr.start or published
    existing, reason = None, "first report"
    # The newest stored commitment of this subject and sides that this report continues, if any.
    for row in conn.execute(sa.select(t.agreements).where(c.subject == agr.subject)
                            .order_by(c.as_of.desc(), c.id.desc())):
        if sorted(row.parties) != sides.bound:
            continue
        end = conn.execute(sa.select(sa.func.max(t.agreement_reports.c.end))
                           .where(t.agreement_reports.c.agreement_id == row.id)).scalar_one()
        why = merge.commitment_match(anchor, row.start, row.first_seen, row.as_of, end, agr.start)
        if why is not None:
            existing = row
            reason = f"merged with agreement #{row.id}: {merge.agreement_reason(agr.subject, sides.bound)}, {why}"
            break
    if existing is None:
        base = merge.agreement_key(agr.subject, sides.bound)
        taken = conn.execute(sa.select(sa.func.count()).select_from(t.agreements)
                             .where(c.key.like(base.replace("%", "") + "%"))).scalar_one()
        key = base if not taken else f"{base}|{taken + 1}"
        _insert_ignore(conn, t.agreements, {"key": key, "subject": agr.subject, "parties": sides.bound,
                                            "mediators": sides.mediators, "kind": sides.kind,
                                            "status": agr.status, "as_of": published, "start": agr.start,
                                            "first_seen": published})
        existing = conn.execute(sa.select(t.agreements).where(c.key == key)).one()
    else:
        changes: dict[str, Any] = {}
        mediators = sorted(set(existing.mediators or []) | set(sides.mediators))
        if mediators != sorted(existing.mediators or []):
            changes["mediators"] = mediators
        if agr.start is not None and (existing.start is None or agr.start < existing.start):
            changes["start"] = agr.start
        if published is not None and (existing.first_seen is None or published < existing.first_seen):
            changes["first_seen"] = published
        if published is not None and (existing.as_of is None or published > existing.as_of):
            changes["as_of"] = published
        if changes:
            conn.execute(sa.update(t.agreements).where(c.id == existing.id).values(**changes))

    def by(items: list[Any]) -> list[dict[str, Any]]:
        out = []
        for item in items:
            plain = _plain(item)
            plain["by"] = actor_ids.get(item.by)
            out.append(plain)
        return out

    conn.execute(sa.insert(t.agreement_reports).values(
        agreement_id=existing.id, document_id=document_id, published=published, status=agr.status,
        parties=[actor_ids[p] for p in agr.parties if p in actor_ids], scope=list(agr.scope),
        duration_days=agr.duration_days, start=agr.start, end=agr.end, versions=by(agr.versions),
        conditions=by(agr.conditions), ev_start=agr.evidence.start if agr.evidence else None,
        ev_end=agr.evidence.end if agr.evidence else None, merge_reason=reason))
    _derive_status(conn, existing.id)


def _derive_status(conn: sa.Connection, agreement_id: int) -> None:
    """The agreement's status and its reason from all its reports (truceline.resolve.merge.derive_status)."""
    r = t.agreement_reports.c
    reports = [merge.ReportStatus(row.published, row.status, row.end) for row in conn.execute(
        sa.select(r.published, r.status, r.end).where(r.agreement_id == agreement_id).order_by(r.id))]
    status, why = merge.derive_status(reports)
    conn.execute(sa.update(t.agreements).where(t.agreements.c.id == agreement_id)
                 .values(status=status, status_reason=why))
