"""Analysts' reviews reach the stored records and the exports, and outlive re-ingest (SQLite and PostgreSQL)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import sqlalchemy as sa
from click.testing import CliRunner

from truceline.cli import cli
from truceline.models import Record
from truceline.report.exports import export
from truceline.serve.auth import Principal, create_user
from truceline.serve.review import review_item
from truceline.store import Store
from truceline.store import reviewed as reviewed_mod
from truceline.store import schema as t

# Short articles written for these tests.
KHARKIV = ("Two drones struck a transformer station on the edge of Kharkiv before dawn, the city's mayor said, "
           "and a third hit a block of flats nearby. Moscow proposed a pause in strikes on power plants while "
           "Kyiv rejected talks until the shelling stops.")
ODESA = ("Port cranes in Odesa were damaged by a missile late on Friday, the regional administration reported, "
         "adding that dock workers had taken shelter in time and nobody was hurt in the attack.")
MYKOLAIV = ("A gas pumping station outside Mykolaiv caught fire after an artillery barrage on Saturday, the "
            "energy company said in a short notice, promising to restore heating to nearby villages soon.")


def _corpus(build) -> list[Record]:  # type: ignore[no-untyped-def]
    sides = build.sides()
    kharkiv = build.record("news/kharkiv", KHARKIV, "2025-04-02", actors=sides, incidents=[
        build.incident("Kharkiv", "2025-04-02", "power_grid", perpetrator="ru", fatalities=1),
        # The same sentence: rank 1 in the span shared with the substation strike.
        build.incident("Kharkiv", "2025-04-02", "residential", perpetrator="ru", fatalities=3),
    ], acts=[
        build.act("propose", "ru", "energy_ceasefire", "2025-04-02", start=100, end=160),
        build.act("reject", "ua", "talks", "2025-04-02", target="ru", start=161, end=220),
    ], statements=[build.statement("zel", "the shelling stops", start=190, end=218)],
        agreements=[build.agreement("energy_ceasefire", ["ru", "ua"], "proposed", "2025-04-03", 30)])
    odesa = build.record("news/odesa", ODESA, "2025-04-05", actors=sides, incidents=[
        build.incident("Odesa", "2025-04-04", "civilian_infrastructure", weapon="missile", fatalities=0)])
    mykolaiv = build.record("news/mykolaiv", MYKOLAIV, "2025-04-06", actors=sides, incidents=[
        build.incident("Mykolaiv", "2025-04-05", "oil_gas", weapon="artillery", fatalities=2)])
    return [kharkiv, odesa, mykolaiv]


def _analyst(store: Store) -> Principal:
    ident = create_user(store.engine, "ann", "a long enough password 1", "analyst")
    return Principal(ident, "ann", "analyst", "session")


def _row(store: Store, table: sa.Table, **where: object) -> int:
    with store.engine.connect() as conn:
        q = sa.select(table.c.id).order_by(table.c.id)
        for name, value in where.items():
            q = q.where(table.c[name] == value)
        return int(conn.execute(q).scalars().first())  # type: ignore[arg-type]


def _incident_report(store: Store, target: str) -> int:
    return _row(store, t.incident_reports, target=target)


def _by_id(store: Store, reviewed: bool = True) -> dict[str, Record]:
    return {r.document.id: r for r in store.records(reviewed=reviewed)}


def _reingest(store: Store, record: Record) -> None:
    """What re-extracting a document amounts to in the store: its rows go, the record comes back."""
    with store.engine.begin() as conn:
        conn.execute(sa.delete(t.documents).where(t.documents.c.doc_id == record.document.id))
    assert store.add(record) is not None


def test_records_leave_out_a_rejected_act_and_carry_a_corrected_incident_date(store: Store, build) -> None:
    for record in _corpus(build):
        store.add(record)
    who = _analyst(store)
    review_item(store.engine, who, "act", _row(store, t.acts, type="propose"), "reject")
    review_item(store.engine, who, "incident", _incident_report(store, "residential"), "correct",
                {"date": "2025-04-01"})

    kharkiv = _by_id(store)["news/kharkiv"]
    assert [a.type for a in kharkiv.acts] == ["reject"]
    assert [(i.target, i.date) for i in kharkiv.incidents] == [
        ("power_grid", dt.date(2025, 4, 2)), ("residential", dt.date(2025, 4, 1))]
    # Other documents and the records as extracted are untouched.
    raw = _by_id(store, reviewed=False)["news/kharkiv"]
    assert [a.type for a in raw.acts] == ["propose", "reject"]
    assert [i.date for i in raw.incidents] == [dt.date(2025, 4, 2), dt.date(2025, 4, 2)]
    assert _by_id(store)["news/odesa"].to_dict() == _by_id(store, reviewed=False)["news/odesa"].to_dict()


def test_corrections_of_every_kind_and_actor_fields(store: Store, build) -> None:
    records = _corpus(build)
    for record in records:
        store.add(record)
    who = _analyst(store)
    with store.engine.begin() as conn:
        kremlin = conn.execute(sa.insert(t.actors).values(key="government:RUS:kremlin", name="Kremlin",
                                                          kind="government", country="RUS")
                               .returning(t.actors.c.id)).scalar_one()
        putin = conn.execute(sa.select(t.actors.c.id).where(t.actors.c.name == "Vladimir Putin")).scalar_one()
    review_item(store.engine, who, "statement", _row(store, t.statements), "correct",
                {"speaker_id": putin, "channel": "tv"})
    review_item(store.engine, who, "act", _row(store, t.acts, type="reject"), "correct",
                {"target_id": kremlin, "subject": "full_ceasefire", "conditional": True})
    review_item(store.engine, who, "agreement", _row(store, t.agreement_reports), "correct",
                {"status": "rejected", "scope": "power_grid,oil_gas", "end": "2025-04-20"})
    review_item(store.engine, who, "incident", _incident_report(store, "oil_gas"), "correct",
                {"target": "nuclear", "perpetrator_id": kremlin})

    got = _by_id(store)
    kharkiv, mykolaiv = got["news/kharkiv"], got["news/mykolaiv"]
    assert (kharkiv.statements[0].speaker, kharkiv.statements[0].channel) == ("putin", "tv")
    act = kharkiv.acts[1]
    assert (act.actor, act.target, act.subject, act.conditional) == ("ua", f"store-actor-{kremlin}",
                                                                     "full_ceasefire", True)
    added = [a for a in kharkiv.actors if a.id == f"store-actor-{kremlin}"]
    assert [(a.name, a.kind, a.country) for a in added] == [("Kremlin", "government", "RUS")]
    agreement = kharkiv.agreements[0]
    assert (agreement.status, agreement.scope, agreement.end, agreement.start) == (
        "rejected", ["power_grid", "oil_gas"], dt.date(2025, 4, 20), dt.date(2025, 4, 3))
    inc = mykolaiv.incidents[0]
    assert (inc.target, inc.perpetrator, inc.fatalities) == ("nuclear", f"store-actor-{kremlin}", 2)
    # The record as written validates as a record again: it round-trips.
    assert Record.from_dict(json.loads(json.dumps(kharkiv.to_dict()))).to_dict() == kharkiv.to_dict()
    # The stored record itself is not rewritten.
    assert _by_id(store, reviewed=False)["news/kharkiv"].to_dict() == records[0].to_dict()


def test_a_correction_survives_reingest(store: Store, build) -> None:
    records = _corpus(build)
    for record in records:
        store.add(record)
    who = _analyst(store)
    review_item(store.engine, who, "incident", _incident_report(store, "residential"), "correct",
                {"fatalities": 5, "date": "2025-04-01"})
    review_item(store.engine, who, "incident", _incident_report(store, "power_grid"), "reject")
    before = _row(store, t.incident_reports, target="residential")

    _reingest(store, records[0])
    assert _row(store, t.incident_reports, target="residential") != before  # new rows, same review
    kharkiv = _by_id(store)["news/kharkiv"]
    assert [(i.target, i.date, i.fatalities) for i in kharkiv.incidents] == [
        ("residential", dt.date(2025, 4, 1), 5)]
    assert [i.fatalities for i in _by_id(store, reviewed=False)["news/kharkiv"].incidents] == [1, 3]


def test_incident_verdicts_merge_reports_and_reject_only_when_all_are(store: Store, build) -> None:
    sides = build.sides()
    first = build.record("news/kharkiv", KHARKIV, "2025-04-02", actors=sides, incidents=[
        build.incident("Kharkiv", "2025-04-02", "power_grid", fatalities=1)])
    second = build.record("news/odesa", ODESA, "2025-04-03", actors=sides, incidents=[
        build.incident("Kharkiv", "2025-04-02", "power_grid", fatalities=4)])
    store.add(first)
    store.add(second)
    [merged] = store.incidents()
    assert len(merged.reports) == 2
    who = _analyst(store)
    reports = sorted(_row(store, t.incident_reports, document_id=d)
                     for d in {_row(store, t.documents, doc_id=k) for k in ("news/kharkiv", "news/odesa")})
    review_item(store.engine, who, "incident", reports[0], "reject")
    with store.engine.connect() as conn:
        assert reviewed_mod.rejected_incidents(conn) == set()
        verdict = reviewed_mod.incident_corrections(conn, [merged.id])[merged.id]
        assert (verdict.action, verdict.corrected) == ("confirm", {})
    review_item(store.engine, who, "incident", reports[1], "correct", {"weapon": "missile"})
    review_item(store.engine, who, "incident", reports[0], "correct", {"weapon": "drone", "fatalities": 0})
    with store.engine.connect() as conn:
        verdict = reviewed_mod.incident_corrections(conn, [merged.id])[merged.id]
        # Newest last: the second review of the first report wins on the weapon.
        assert (verdict.action, verdict.corrected) == ("correct", {"weapon": "drone", "fatalities": 0})
        assert set(reviewed_mod.report_reviews(conn, "incident", reports)) == set(reports)
    review_item(store.engine, who, "incident", reports[0], "reject")
    review_item(store.engine, who, "incident", reports[1], "reject")
    with store.engine.connect() as conn:
        assert reviewed_mod.rejected_incidents(conn) == {merged.id}
        assert reviewed_mod.incident_corrections(conn, [merged.id])[merged.id].action == "reject"


def _csv(store: Store, **options: object) -> list[dict[str, str]]:
    buf = io.StringIO()
    export(store, "csv", buf, **options)  # type: ignore[arg-type]
    return list(csv.DictReader(io.StringIO(buf.getvalue())))


def test_export_leaves_out_rejected_incidents_and_acts_and_shows_corrections(store: Store, build,
                                                                           db_url: str, tmp_path: Path) -> None:
    for record in _corpus(build):
        store.add(record)
    who = _analyst(store)
    review_item(store.engine, who, "incident", _incident_report(store, "civilian_infrastructure"), "reject")
    review_item(store.engine, who, "incident", _incident_report(store, "oil_gas"), "correct",
                {"fatalities": 7, "target": "power_grid", "date": "2025-04-01"})
    review_item(store.engine, who, "act", _row(store, t.acts, type="propose"), "reject")
    review_item(store.engine, who, "act", _row(store, t.acts, type="reject"), "correct", {"subject": "sanctions"})

    rows = _csv(store)
    assert [(r["location"], r["event_date"], r["fatalities"], r["target"], r["target_class"]) for r in rows] == [
        ("Mykolaiv", "2025-04-01", "7", "power_grid", "energy"),
        ("Kharkiv", "2025-04-02", "1", "power_grid", "energy"),
        ("Kharkiv", "2025-04-02", "3", "residential", "residential"),
    ]
    assert "Mykolaiv on 2025-04-01." in rows[0]["notes"]
    assert [(a["type"], a["subject"]) for a in _csv(store, table="acts")] == [("reject", "sanctions")]
    jsonl = io.StringIO()
    export(store, "jsonl", jsonl)
    by_doc = {json.loads(line)["document"]["id"]: json.loads(line) for line in jsonl.getvalue().splitlines()}
    assert [i["fatalities"] for i in by_doc["news/mykolaiv"]["incidents"]] == [7]
    assert by_doc["news/odesa"]["incidents"] == []

    # --raw: as extracted.
    out = tmp_path / "raw.csv"
    result = CliRunner().invoke(cli, ["export", "--db", db_url, "--format", "csv", "--raw", "-o", str(out)])
    assert result.exit_code == 0, result.output
    raw = list(csv.DictReader(out.open(encoding="utf-8")))
    assert sorted((r["location"], r["fatalities"], r["target"]) for r in raw) == [
        ("Kharkiv", "1", "power_grid"), ("Kharkiv", "3", "residential"),
        ("Mykolaiv", "2", "oil_gas"), ("Odesa", "0", "civilian_infrastructure")]
    reviewed_out = tmp_path / "reviewed.csv"
    result = CliRunner().invoke(cli, ["export", "--db", db_url, "--format", "csv", "-o", str(reviewed_out)])
    assert result.exit_code == 0, result.output
    assert [r["fatalities"] for r in csv.DictReader(reviewed_out.open(encoding="utf-8"))] == ["7", "1", "3"]


def test_no_reviews_means_records_as_stored(store: Store, build) -> None:
    records = _corpus(build)
    for record in records:
        store.add(record)
    assert [r.to_dict() for r in store.records()] == [r.to_dict() for r in records]
