"""Analysts' reviews as read by the store: which items they reject and what they correct.

Reviews are written by the web app (``truceline/serve/review.py``) and kept in the ``reviews`` table,
keyed by what survives re-extraction and re-ingest: the record's document id, the item kind and the
item's place in the text (``"{ev_start}:{ev_end}:{rank}"``, rank being its order among items of the
same kind in the same document with the same evidence span). This module reads them back, for the
store's rows (row id -> review) and for whole truceline.v1 records (:func:`apply_to_record`), so that
exports, ``Store.records()`` and the assessment see what analysts decided, not only what was extracted.

It lives in the store package so that reading the store never needs the web app.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import sqlalchemy as sa

from truceline.models import Actor, Location, Record
from truceline.store import schema as t
from truceline.store.serve_tables import reviews

#: the per-document table holding each kind of extracted item.
TABLES: dict[str, sa.Table] = {"statement": t.statements, "act": t.acts, "incident": t.incident_reports,
                               "agreement": t.agreement_reports}
#: store actor id fields of a correction and the record field (and corrected name) each one fills.
ACTOR_FIELDS = {"speaker_id": "speaker", "actor_id": "actor", "target_id": "target", "perpetrator_id": "perpetrator",
                "claimed_by_id": "claimed_by"}
#: store actor id list fields of a correction and the record field each one fills.
ACTOR_LISTS = {"denied_by_ids": "denied_by", "party_ids": "parties"}
#: corrected fields of an incident report that stay with that report: its claim and its denials. The merged
#: incident lists every report's claimant and deniers (:func:`incident_parties`) instead of taking one.
PER_REPORT = ("claimed_by", "claimed_by_id", "denied_by", "denied_by_ids")
#: corrected fields copied onto a record's item as they are (dates parsed), per kind.
PLAIN_FIELDS = {"statement": ("text", "kind", "cue", "channel", "date"),
                "act": ("type", "subject", "date", "text", "conditional"),
                "incident": ("date", "target", "weapon", "fatalities"),
                "agreement": ("status", "start", "end", "duration_days", "scope")}
_DATES = ("date", "start", "end")
#: record fields an item cannot be without: a correction clearing one is not applied.
_REQUIRED = {"speaker", "actor"}
_CHUNK = 500


@dataclass
class Verdict:
    """The analysts' verdict on one merged incident, over the reviews of its reports."""

    #: fields from the correct-reviews of its reports, merged oldest first (the newest wins).
    corrected: dict[str, Any] = field(default_factory=dict)
    #: "reject" when every report is rejected, else "correct" when any review corrects, else "confirm".
    action: str = "confirm"
    #: the newest review row (for stamping who/when).
    row: Any = None


def same(column: Any, value: Any) -> Any:
    """SQL equality that treats NULL as a value (agreements may have no evidence span)."""
    return column.is_(None) if value is None else column == value


def item_names(conn: sa.Connection, kind: str, row_ids: list[int]) -> dict[int, tuple[str, str]]:
    """Review names (doc_id, item_key) of many rows of one kind at once, for rows whose document has a
    review of that kind (ranks computed per document)."""
    if not row_ids:
        return {}
    table = TABLES[kind]
    # Only documents with a review of this kind need ranks: most have none, and ranking means reading
    # every item of a document.
    reviewed = sa.select(reviews.c.doc_key).where(reviews.c.kind == kind).distinct()
    out: dict[int, tuple[str, str]] = {}
    for at in range(0, len(row_ids), _CHUNK):
        docs = (sa.select(table.c.document_id).join(t.documents, table.c.document_id == t.documents.c.id)
                .where(table.c.id.in_(row_ids[at:at + _CHUNK]), t.documents.c.doc_id.in_(reviewed)).distinct())
        rows = conn.execute(sa.select(table.c.id, table.c.document_id, table.c.ev_start, table.c.ev_end,
                                      t.documents.c.doc_id)
                            .join(t.documents, table.c.document_id == t.documents.c.id)
                            .where(table.c.document_id.in_(docs)).order_by(table.c.id)).all()
        seen: dict[tuple[int, Any, Any], int] = {}
        for r in rows:
            group = (r.document_id, r.ev_start, r.ev_end)
            rank = seen.get(group, 0)
            seen[group] = rank + 1
            out[r.id] = (r.doc_id, f"{r.ev_start}:{r.ev_end}:{rank}")
    return out


def reviews_for(conn: sa.Connection, kind: str, names: set[tuple[str, str]]) -> dict[tuple[str, str], Any]:
    """The review rows of the named items of one kind, by name."""
    if not names:
        return {}
    docs = sorted({d for d, _ in names})
    out = {}
    for at in range(0, len(docs), _CHUNK):
        rows = conn.execute(sa.select(reviews).where(reviews.c.kind == kind,
                                                     reviews.c.doc_key.in_(docs[at:at + _CHUNK]))).all()
        out.update({(r.doc_key, r.item_key): r for r in rows if (r.doc_key, r.item_key) in names})
    return out


def report_reviews(conn: sa.Connection, kind: str, row_ids: list[int]) -> dict[int, Any]:
    """Row id -> its review row, for the reviewed ones among ``row_ids`` of one kind."""
    names = item_names(conn, kind, row_ids)
    found = reviews_for(conn, kind, set(names.values()))
    return {ident: found[name] for ident, name in names.items() if name in found}


def _incident_reports(conn: sa.Connection, incident_ids: list[int]) -> list[Any]:
    r = t.incident_reports.c
    out: list[Any] = []
    for at in range(0, len(incident_ids), _CHUNK):
        out += conn.execute(sa.select(r.id, r.incident_id).where(r.incident_id.in_(incident_ids[at:at + _CHUNK]))
                            .order_by(r.id)).all()
    return out


def incident_corrections(conn: sa.Connection, incident_ids: list[int]) -> dict[int, Verdict]:
    """The verdict on each merged incident that has at least one reviewed report."""
    if not incident_ids or conn.execute(sa.select(reviews.c.id).where(reviews.c.kind == "incident")
                                        .limit(1)).first() is None:
        return {}
    reps = _incident_reports(conn, list(incident_ids))
    found = report_reviews(conn, "incident", [rep.id for rep in reps])
    by_incident: dict[int, list[Any]] = {}
    for rep in reps:
        by_incident.setdefault(rep.incident_id, []).append(found.get(rep.id))
    out = {}
    for incident_id, verdicts in by_incident.items():
        done = sorted((v for v in verdicts if v is not None), key=lambda v: _aware(v.updated_at))
        if not done:
            continue
        corrected: dict[str, Any] = {}
        for v in done:
            if v.action == "correct":
                corrected.update({k: x for k, x in v.corrected.items() if k not in PER_REPORT})
        if all(v is not None and v.action == "reject" for v in verdicts):
            action = "reject"
        else:
            action = "correct" if any(v.action == "correct" for v in done) else "confirm"
        out[incident_id] = Verdict(corrected, action, done[-1])
    return out


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands DateTime(timezone=True) back naive; everything stored is UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def reviewed_incidents(conn: sa.Connection) -> dict[int, Verdict]:
    """Every merged incident with at least one reviewed report, with its verdict."""
    r, d = t.incident_reports.c, t.documents.c
    docs = sa.select(reviews.c.doc_key).where(reviews.c.kind == "incident").distinct()
    candidates = [x for (x,) in conn.execute(sa.select(r.incident_id).join(t.documents, r.document_id == d.id)
                                             .where(d.doc_id.in_(docs)).distinct())]
    return incident_corrections(conn, candidates) if candidates else {}


def rejected_incidents(conn: sa.Connection) -> set[int]:
    """Merged incidents every report of which is rejected: left out of counts, charts and exports."""
    rejected = conn.execute(sa.select(reviews.c.doc_key, reviews.c.item_key)
                            .where(reviews.c.kind == "incident", reviews.c.action == "reject")).all()
    if not rejected:
        return set()
    names = {(r.doc_key, r.item_key) for r in rejected}
    r, d = t.incident_reports.c, t.documents.c
    reps = conn.execute(sa.select(r.id, r.incident_id).join(t.documents, r.document_id == d.id)
                        .where(d.doc_id.in_({n[0] for n in names}))).all()
    keys = item_names(conn, "incident", [rep.id for rep in reps])
    candidates = sorted({rep.incident_id for rep in reps if keys.get(rep.id) in names})
    every = _incident_reports(conn, candidates)
    all_keys = item_names(conn, "incident", [rep.id for rep in every])
    out = set(candidates)
    for rep in every:
        if all_keys.get(rep.id) not in names:
            out.discard(rep.incident_id)
    return out


def incident_count(conn: sa.Connection, since: dt.date | None = None, until: dt.date | None = None) -> int:
    """How many incidents the store holds (dated from ``since`` to ``until`` when given): merged incidents,
    one however many documents report it, leaving out those every report of which analysts rejected.

    Every count labelled "incidents" (the dashboard's overview, ``truceline status``, the brief, the
    exports' row count) is this one."""
    i = t.incidents.c
    where = [c for c in (i.date >= since if since else None, i.date <= until if until else None) if c is not None]
    total = conn.execute(sa.select(sa.func.count()).select_from(t.incidents).where(*where)).scalar_one()
    rejected = rejected_incidents(conn)
    if rejected:
        total -= conn.execute(sa.select(sa.func.count()).select_from(t.incidents)
                              .where(i.id.in_(rejected), *where)).scalar_one()
    return int(total)


@dataclass
class Parties:
    """Who reports an incident and who denies it, over its reports as reviewed (rejected reports left out)."""

    #: store actor ids of the claimants, in report order, each once
    claimants: list[int] = field(default_factory=list)
    #: store actor ids of the deniers, in report order, each once
    deniers: list[int] = field(default_factory=list)
    #: reports not rejected
    reports: int = 0


def incident_parties(conn: sa.Connection, incident_ids: Iterable[int]) -> dict[int, Parties]:
    """Incident id -> its claimants, deniers and report count, each report's correction applied."""
    ids = sorted(set(incident_ids))
    r = t.incident_reports.c
    reps: list[Any] = []
    for at in range(0, len(ids), _CHUNK):
        reps += conn.execute(sa.select(r.id, r.incident_id, r.claimed_by_id, r.denied_by)
                             .where(r.incident_id.in_(ids[at:at + _CHUNK])).order_by(r.id)).all()
    fixes = report_reviews(conn, "incident", [rep.id for rep in reps]) if has_reviews(conn) else {}
    out = {ident: Parties() for ident in ids}
    for rep in reps:
        fix = fixes.get(rep.id)
        if fix is not None and fix.action == "reject":
            continue
        corrected = fix.corrected if fix is not None and fix.action == "correct" and fix.corrected else {}
        claimant = corrected["claimed_by_id"] if "claimed_by_id" in corrected else rep.claimed_by_id
        deniers = corrected["denied_by_ids"] if "denied_by_ids" in corrected else rep.denied_by
        found = out[rep.incident_id]
        found.reports += 1
        if claimant is not None and claimant not in found.claimants:
            found.claimants.append(int(claimant))
        found.deniers += [int(d) for d in deniers or [] if int(d) not in found.deniers]
    return out


def correct_incident_rows(conn: sa.Connection, incidents: list[Any]) -> None:
    """Apply each report's review to the reports of merged incidents read by ``queries.incidents`` (its
    claimant, deniers, perpetrator, date, target, weapon, fatalities; a rejected report is left out) and a
    corrected place to the incident. The incident's other fields are the caller's (``truceline.report``
    applies them from :func:`incident_corrections`)."""
    ids = [rep.id for inc in incidents for rep in inc.reports if rep.id is not None]
    fixes = report_reviews(conn, "incident", ids) if ids and has_reviews(conn) else {}
    if not fixes:
        return
    wanted = {int(x) for f in fixes.values() if f.action == "correct" and f.corrected
              for x in (f.corrected.get("claimed_by_id"), f.corrected.get("perpetrator_id"),
                        *(f.corrected.get("denied_by_ids") or [])) if x is not None}
    names = dict(conn.execute(sa.select(t.actors.c.id, t.actors.c.name).where(t.actors.c.id.in_(wanted)))
                 .all()) if wanted else {}
    verdicts = incident_corrections(conn, [inc.id for inc in incidents])
    for inc in incidents:
        kept = []
        for rep in inc.reports:
            fix = fixes.get(rep.id) if rep.id is not None else None
            if fix is not None and fix.action == "reject":
                continue
            corrected = fix.corrected if fix is not None and fix.action == "correct" and fix.corrected else {}
            if "claimed_by_id" in corrected:
                rep.claimed_by = names.get(corrected["claimed_by_id"]) if corrected["claimed_by_id"] else None
            if "denied_by_ids" in corrected:
                rep.denied_by = [names[int(d)] for d in corrected["denied_by_ids"] or [] if int(d) in names]
            if "perpetrator_id" in corrected:
                rep.perpetrator = names.get(corrected["perpetrator_id"]) if corrected["perpetrator_id"] else None
            for name in ("target", "weapon", "fatalities"):
                if name in corrected:
                    setattr(rep, name, corrected[name])
            if "date" in corrected:
                rep.date = dt.date.fromisoformat(corrected["date"]) if corrected["date"] else None
            kept.append(rep)
        inc.reports = kept or inc.reports
        place = verdicts[inc.id].corrected.get("location") if inc.id in verdicts else None
        if isinstance(place, dict):
            inc.place, inc.country, inc.admin1 = place.get("name"), place.get("country"), place.get("admin1")
            inc.lat, inc.lon, inc.geo_precision = place.get("lat"), place.get("lon"), place.get("precision")


# -- whole records ----------------------------------------------------------------------------------


def _key(evidence: Any, rank: int) -> str:
    # The same text as item_names builds from the stored span (an agreement may have none: "None:None:0").
    start, end = (evidence.start, evidence.end) if evidence is not None else (None, None)
    return f"{start}:{end}:{rank}"


def _named(items: list[Any]) -> list[tuple[str, Any]]:
    """Each item with its item key, ranks following the record's list order as the store's rows do."""
    seen: dict[tuple[Any, Any], int] = {}
    out = []
    for item in items:
        ev = item.evidence
        group = (ev.start, ev.end) if ev is not None else (None, None)
        rank = seen.get(group, 0)
        seen[group] = rank + 1
        out.append((_key(ev, rank), item))
    return out


def _corrected(kind: str, item: Any, changes: Mapping[str, Any], actors: Mapping[int, Actor],
               added: dict[str, Actor]) -> Any:
    values: dict[str, Any] = {}
    for name in PLAIN_FIELDS[kind]:
        if name not in changes:
            continue
        value = changes[name]
        if name in _DATES and value is not None:
            value = dt.date.fromisoformat(str(value)[:10])
        elif name == "scope":
            value = list(value)
        values[name] = value
    for id_field, attr in ACTOR_FIELDS.items():
        if id_field not in changes or not hasattr(item, attr) or (kind == "incident" and attr == "target"):
            continue
        store_id = changes[id_field]
        if store_id is None:
            if attr not in _REQUIRED:
                values[attr] = None
            continue
        actor = actors.get(int(store_id))
        if actor is None:  # the actor is gone from the store: keep the extracted one
            continue
        values[attr] = actor.id
        added.setdefault(actor.id, actor)
    for list_field, attr in ACTOR_LISTS.items():
        if list_field not in changes or not hasattr(item, attr):
            continue
        chosen = [actors[int(i)] for i in changes[list_field] or [] if int(i) in actors]
        values[attr] = list(dict.fromkeys(a.id for a in chosen))
        for a in chosen:
            added.setdefault(a.id, a)
    if kind == "incident" and isinstance(changes.get("location"), dict):
        loc = changes["location"]
        values["location"] = Location(loc["name"], loc.get("country"), loc.get("admin1"), loc.get("lat"),
                                      loc.get("lon"), loc.get("precision"))
    return replace(item, **values) if values else item


def apply_to_record(record: Record, reviews_of_doc: Iterable[Any], actors_by_store_id: Mapping[int, Actor]
                    ) -> Record:
    """The record as analysts reviewed it: rejected items dropped, corrected fields applied.

    ``reviews_of_doc``: the review rows (``kind``, ``item_key``, ``action``, ``corrected``) of this
    record's document. ``actors_by_store_id``: for each store actor a correction names, the record actor
    to use (its ``id`` the record's local id for it; an actor the record lacks is added to ``actors``).
    The record given is left as it is.
    """
    by_name = {(r.kind, r.item_key): r for r in reviews_of_doc}
    if not by_name:
        return record
    added: dict[str, Actor] = {}
    lists: dict[str, list[Any]] = {}
    for kind, attr in (("statement", "statements"), ("act", "acts"), ("incident", "incidents"),
                       ("agreement", "agreements")):
        kept = []
        for key, item in _named(getattr(record, attr)):
            row = by_name.get((kind, key))
            if row is None or row.action == "confirm":
                kept.append(item)
            elif row.action == "correct":
                kept.append(_corrected(kind, item, row.corrected or {}, actors_by_store_id, added))
            # "reject": left out
        lists[attr] = kept
    known = {a.id for a in record.actors}
    actors = list(record.actors) + [a for ident, a in added.items() if ident not in known]
    return replace(record, actors=actors, statements=lists["statements"], acts=lists["acts"],
                   incidents=lists["incidents"], agreements=lists["agreements"])


def _store_actor_ids(rows: Iterable[Any]) -> set[int]:
    rows = list(rows)  # read twice below
    out = {int(r.corrected[f]) for r in rows if r.action == "correct" and r.corrected
           for f in ACTOR_FIELDS if r.corrected.get(f) is not None}
    return out | {int(i) for r in rows if r.action == "correct" and r.corrected
                  for f in ACTOR_LISTS for i in r.corrected.get(f) or []}


def has_reviews(conn: sa.Connection) -> bool:
    return conn.execute(sa.select(reviews.c.id).limit(1)).first() is not None


def apply_to_records(conn: sa.Connection, batch: list[tuple[int, Record]]) -> list[Record]:
    """:func:`apply_to_record` over a batch of (documents.id, record), with one query for all their reviews
    (and, only when corrections name actors, one for the documents' actors and one for the store's)."""
    keys = sorted({rec.document.id for _, rec in batch})
    by_doc: dict[str, list[Any]] = {}
    for at in range(0, len(keys), _CHUNK):
        for row in conn.execute(sa.select(reviews).where(reviews.c.doc_key.in_(keys[at:at + _CHUNK]))):
            by_doc.setdefault(row.doc_key, []).append(row)
    if not by_doc:
        return [rec for _, rec in batch]
    wanted = _store_actor_ids(r for rows in by_doc.values() for r in rows)
    local: dict[tuple[int, int], str] = {}
    stored: dict[int, Any] = {}
    if wanted:
        da = t.document_actors.c
        docs = [ident for ident, rec in batch if rec.document.id in by_doc]
        for row in conn.execute(sa.select(da.document_id, da.actor_id, da.local_id)
                                .where(da.document_id.in_(docs), da.actor_id.in_(wanted))
                                .order_by(da.local_id)):
            local.setdefault((row.document_id, row.actor_id), row.local_id)
        stored = {row.id: row for row in conn.execute(sa.select(t.actors).where(t.actors.c.id.in_(wanted)))}
    out = []
    for ident, rec in batch:
        rows = by_doc.get(rec.document.id, [])
        actors = _record_actors(ident, rec, _store_actor_ids(rows), local, stored) if rows else {}
        out.append(apply_to_record(rec, rows, actors))
    return out


def _record_actors(document_id: int, record: Record, wanted: set[int], local: dict[tuple[int, int], str],
                   stored: dict[int, Any]) -> dict[int, Actor]:
    """Store actor id -> the record's actor for it: the document's own (from ``document_actors``, or for a
    copy, which has no such rows, the record actor stored under the same key), else a new one."""
    from truceline.resolve.merge import actor_key  # the merge rules are the resolver's; imported when needed

    mine = {a.id: a for a in record.actors}
    by_key = {actor_key(a): a for a in record.actors}
    out = {}
    for store_id in wanted:
        row = stored.get(store_id)
        if row is None:
            continue
        found = mine.get(local.get((document_id, store_id), "")) or by_key.get(row.key)
        if found is None:
            ident = f"store-actor-{store_id}"
            while ident in mine:  # a record's own ids are free text: never reuse one
                ident += "-"
            found = Actor(ident, row.name, row.kind, row.country, row.wikidata, [row.name])
        out[store_id] = found
    return out
