"""Exports of the store: CSV (ACLED-style columns), JSON Lines (truceline.v1), GeoJSON and Parquet.

Incidents are exported merged: one row per incident, whatever the number of documents reporting it,
with the reports' sources, claimants and denials gathered into it. The columns are documented in
``docs/store.md`` and listed in ``INCIDENT_COLUMNS`` and ``ACT_COLUMNS``.

ACLED-style columns follow ACLED's codebook where they apply; where Truceline's record says more
(target, weapon, who claims and who denies) the extra columns come after them.

Analysts' reviews are applied unless ``reviewed=False`` (``truceline export --raw``): incidents every
report of which is rejected and rejected acts are left out, corrected fields replace extracted ones, and
JSON Lines writes the records as reviewed (``Store.records``).
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pycountry
import sqlalchemy as sa

from truceline import spreadsheet
from truceline.errors import ConfigError, StoreError
from truceline.models import ENERGY_TARGETS
from truceline.store import reviewed as reviews
from truceline.store.queries import ActRow, IncidentRow
from truceline.store.store import Store

FORMATS = ("csv", "jsonl", "geojson", "parquet")
TABLES = ("incidents", "acts")

INCIDENT_COLUMNS = (
    # ACLED-style
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "actor2", "country", "iso3", "admin1", "location", "latitude", "longitude", "geo_precision",
    "source", "notes", "fatalities",
    # Truceline's own
    "target", "target_class", "weapon", "claimed_by", "denied_by", "reports", "documents",
)
ACT_COLUMNS = ("date", "type", "subject", "actor", "target", "text", "document", "published", "evidence_start",
               "evidence_end")

#: ACLED sub-event types under "Explosions/Remote violence" for Truceline's weapons.
SUB_EVENT = {"drone": "Air/drone strike", "airstrike": "Air/drone strike",
             "missile": "Shelling/artillery/missile attack", "artillery": "Shelling/artillery/missile attack"}
#: Targets whose victims ACLED codes as civilians (actor2 "Civilians (<country>)").
CIVILIAN_TARGETS = ("residential", "medical", "civilian_infrastructure")

_INT_COLUMNS = {"year", "time_precision", "geo_precision", "fatalities", "reports", "evidence_start",
                "evidence_end"}
_FLOAT_COLUMNS = {"latitude", "longitude"}
_DATE_COLUMNS = {"event_date", "date", "published"}


def export(store: Store, format: str, out: str | Path | IO[Any], *, table: str = "incidents",
           copies: bool = False, reviewed: bool = True) -> int:
    """Write ``store`` to ``out`` (a path, ``"-"`` for stdout, or an open file) and return the rows written.

    ``format``: csv, jsonl, geojson or parquet. ``table`` (csv, parquet): incidents or acts. JSON Lines
    writes the records (canonical documents only unless ``copies``); GeoJSON the incidents that have
    coordinates. ``reviewed=False`` exports what was extracted, without analysts' reviews.
    """
    if format not in FORMATS:
        raise ConfigError(f"unknown export format {format!r} (one of {', '.join(FORMATS)})")
    if table not in TABLES:
        raise ConfigError(f"unknown export table {table!r} (one of {', '.join(TABLES)})")
    if format == "jsonl":
        with _open(out) as fh:
            n = 0
            for record in store.records(copies=copies, reviewed=reviewed):
                fh.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
                n += 1
            return n
    rows, columns = _rows(store, table if format != "geojson" else "incidents", reviewed)
    if format == "csv":
        with _open(out) as fh:
            writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(spreadsheet.row(row) for row in rows)
        return len(rows)
    if format == "geojson":
        features = [_feature(row) for row in rows if row["latitude"] is not None and row["longitude"] is not None]
        with _open(out) as fh:
            json.dump({"type": "FeatureCollection", "features": features}, fh, ensure_ascii=False, default=str)
            fh.write("\n")
        return len(features)
    return _parquet(rows, columns, out)


def _rows(store: Store, table: str, reviewed: bool) -> tuple[list[dict[str, Any]], tuple[str, ...]]:
    if table == "acts":
        acts = store.acts()
        return [act_row(a) for a in (_reviewed_acts(store, acts) if reviewed else acts)], ACT_COLUMNS
    incidents = store.incidents()
    return ([incident_row(i) for i in (_reviewed_incidents(store, incidents) if reviewed else incidents)],
            INCIDENT_COLUMNS)


def _connect(store: Store) -> sa.Connection:
    try:
        return store.engine.connect()
    except sa.exc.OperationalError as exc:
        raise StoreError(f"cannot read {store.url}: {exc.orig}") from exc


def _day(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(str(value)[:10]) if value else None


def _reviewed_incidents(store: Store, incidents: list[IncidentRow]) -> list[IncidentRow]:
    """Incidents as analysts reviewed them: fully rejected ones left out, corrections applied."""
    with _connect(store) as conn:
        rejected = reviews.rejected_incidents(conn)
        verdicts = reviews.incident_corrections(conn, [i.id for i in incidents if i.id not in rejected])
    out = []
    for inc in incidents:
        if inc.id in rejected:
            continue
        fix = verdicts[inc.id].corrected if inc.id in verdicts else {}
        if "date" in fix:
            inc.date = _day(fix["date"])
        if "target" in fix:
            inc.target = fix["target"]
            inc.target_class = "energy" if inc.target in ENERGY_TARGETS else inc.target
        if "weapon" in fix:
            inc.weapon = fix["weapon"]
        if "fatalities" in fix:
            inc.fatalities = fix["fatalities"]
        if "perpetrator_id" in fix:
            inc.perpetrator = fix.get("perpetrator")
        out.append(inc)
    if any("date" in v.corrected for v in verdicts.values()):
        # Oldest first, as the store orders them; undated last.
        out.sort(key=lambda i: (i.date is None, i.date or dt.date.min, i.id))
    return out


def _reviewed_acts(store: Store, acts: list[ActRow]) -> list[ActRow]:
    """Acts as analysts reviewed them: rejected ones left out, corrections applied."""
    with _connect(store) as conn:
        found = reviews.report_reviews(conn, "act", [a.id for a in acts])
    out = []
    for act in acts:
        row = found.get(act.id)
        if row is not None and row.action == "reject":
            continue
        fix = row.corrected if row is not None and row.action == "correct" else {}
        for name in ("type", "subject", "text"):
            if name in fix:
                setattr(act, name, fix[name])
        if "date" in fix:
            act.date = _day(fix["date"])
        if "actor_id" in fix:
            act.actor = fix.get("actor")
        if "target_id" in fix:
            act.target = fix.get("target")
        out.append(act)
    if any(row.action == "correct" and "date" in row.corrected for row in found.values()):
        out.sort(key=lambda a: ((a.date or a.published) is None, a.date or a.published or dt.date.min, a.id))
    return out


def incident_row(inc: IncidentRow) -> dict[str, Any]:
    """One merged incident in the export columns."""
    country = _country(inc.country)
    sources = sorted({r.outlet or r.source or r.document for r in inc.reports})
    weapon = inc.weapon or "attack"
    notes = [f"{weapon.capitalize()} on {inc.target.replace('_', ' ')} target at {inc.place or 'unknown place'}"
             + (f" on {inc.date.isoformat()}" if inc.date else "") + "."]
    if inc.perpetrator:
        notes.append(f"Attributed to {inc.perpetrator}.")
    if inc.claimants:
        notes.append(f"Claimed by {', '.join(inc.claimants)}.")
    if inc.deniers:
        notes.append(f"Denied by {', '.join(inc.deniers)}.")
    notes.append(f"{len(inc.reports)} report{'s' if len(inc.reports) != 1 else ''}.")
    return {
        "event_id_cnty": f"{inc.country or 'XXX'}TL{inc.id}",
        "event_date": inc.date,
        "year": inc.date.year if inc.date else None,
        "time_precision": inc.date_precision,
        "disorder_type": "Political violence",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": SUB_EVENT.get(inc.weapon or ""),
        "actor1": inc.perpetrator,
        "actor2": f"Civilians ({country})" if country and inc.target in CIVILIAN_TARGETS else None,
        "country": country,
        "iso3": inc.country,
        "admin1": inc.admin1,
        "location": inc.place,
        "latitude": inc.lat,
        "longitude": inc.lon,
        "geo_precision": inc.geo_precision,
        "source": "; ".join(sources),
        "notes": " ".join(notes),
        "fatalities": inc.fatalities,
        "target": inc.target,
        "target_class": inc.target_class,
        "weapon": inc.weapon,
        "claimed_by": "; ".join(inc.claimants) or None,
        "denied_by": "; ".join(inc.deniers) or None,
        "reports": len(inc.reports),
        "documents": "; ".join(r.document for r in inc.reports),
    }


def act_row(act: ActRow) -> dict[str, Any]:
    return {"date": act.date, "type": act.type, "subject": act.subject, "actor": act.actor, "target": act.target,
            "text": act.text, "document": act.document, "published": act.published,
            "evidence_start": act.evidence[0], "evidence_end": act.evidence[1]}


def _country(iso3: str | None) -> str | None:
    if not iso3:
        return None
    found = pycountry.countries.get(alpha_3=iso3)
    return getattr(found, "common_name", None) or found.name if found else iso3


def _feature(row: dict[str, Any]) -> dict[str, Any]:
    props = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()
             if k not in ("latitude", "longitude")}
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]},
            "properties": props}


def _parquet(rows: list[dict[str, Any]], columns: tuple[str, ...], out: str | Path | IO[Any]) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pyarrow is the "parquet" extra
        raise ConfigError("Parquet export needs pyarrow: pip install 'truceline[parquet]'") from exc

    def kind(name: str) -> Any:
        if name in _INT_COLUMNS:
            return pa.int64()
        if name in _FLOAT_COLUMNS:
            return pa.float64()
        if name in _DATE_COLUMNS:
            return pa.date32()
        return pa.string()

    schema = pa.schema([(c, kind(c)) for c in columns])
    data = pa.Table.from_pylist([{c: row.get(c) for c in columns} for row in rows], schema=schema)
    if out == "-":
        out = sys.stdout.buffer
    pq.write_table(data, out if not isinstance(out, Path) else str(out))
    return len(rows)


@contextmanager
def _open(out: str | Path | IO[Any]) -> Iterator[IO[Any]]:
    """A text stream: stdout for "-", a new UTF-8 file for a path, or the stream given."""
    if out == "-":
        yield sys.stdout
    elif isinstance(out, str | Path):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            yield fh
    else:
        yield out
