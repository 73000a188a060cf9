"""One meaning per label: "alleged violations" and "incidents" count the same everywhere (status, assess, the
brief, exports, the dashboard's overview and the API), on SQLite and PostgreSQL.

The case that used to split them: a strike on a power plant inside the windows of two agreements (an energy
truce and a full ceasefire) was one alleged violation on the overview but two in the API and the CLI, which
listed it once per agreement. And an incident analysts rejected still counted on the overview.
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from truceline.assess import stored
from truceline.assess.stored import assess_store
from truceline.cli import cli
from truceline.models import Actor, Agreement, Document, Incident, Location, Record, Span
from truceline.report.brief import make_brief
from truceline.report.exports import rows_of
from truceline.serve.auth import Principal, create_user
from truceline.serve.review import review_item
from truceline.settings import Settings
from truceline.store import Store, open_store, reviewed
from truceline.store import schema as t

D = dt.date
SIDES = [Actor("ru", "Russia", "country", "RUS"), Actor("ua", "Ukraine", "country", "UKR")]
TEXTS = {
    "truces": "Russia and Ukraine agreed an energy truce and, separately, a full ceasefire from June 1.",
    "plant": "A Russian drone hit the Burshtyn power plant on June 3, the regional governor said.",
    "flats": "Shelling damaged flats in Kherson on June 4; officials blamed Russian forces.",
    "junk": "A misread article claimed a strike in Lviv on June 5 that never happened.",
}


def _doc(ident: str, published: dt.date, **items: list) -> Record:
    return Record(Document(ident, f"test://{ident}", None, published, "Wire", "en", TEXTS[ident]), SIDES, [], [],
                  items.get("agreements", []), items.get("incidents", []))


def _strike(place: str, admin1: str, day: dt.date, target: str) -> Incident:
    return Incident(day, 1, Location(place, "UKR", admin1, None, None, 1), target, "drone", "ru", "ua", [], None,
                    Span(0, 20))


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = open_store(db_url, Settings.load(db=db_url))
    energy = Agreement("energy_ceasefire", ["ru", "ua"], ["energy"], 30, D(2025, 6, 1), D(2025, 7, 1), "agreed",
                       evidence=Span(0, 10))
    full = Agreement("full_ceasefire", ["ru", "ua"], [], 30, D(2025, 6, 1), D(2025, 7, 1), "agreed",
                     evidence=Span(11, 20))
    s.add(_doc("truces", D(2025, 6, 1), agreements=[energy, full]))
    s.add(_doc("plant", D(2025, 6, 3), incidents=[_strike("Burshtyn", "UA-26", D(2025, 6, 3), "power_generation")]))
    s.add(_doc("flats", D(2025, 6, 4), incidents=[_strike("Kherson", "UA-65", D(2025, 6, 4), "residential")]))
    s.add(_doc("junk", D(2025, 6, 5), incidents=[_strike("Lviv", "UA-46", D(2025, 6, 5), "residential")]))
    analyst = Principal(create_user(s.engine, "ann", "a long enough password 1", "analyst"), "ann", "analyst", "s")
    with s.engine.connect() as conn:
        lviv = conn.execute(sa.select(t.incident_reports.c.id).join(t.documents).where(
            t.documents.c.doc_id == "junk")).scalar_one()
    review_item(s.engine, analyst, "incident", lviv, "reject")
    yield s
    s.close()


def test_one_count_of_alleged_violations_and_incidents_everywhere(store: Store) -> None:
    with store.read() as conn:
        listed = stored.violations(conn, limit=None)
        assert stored.alleged_count(conn) == 2
        assert reviewed.incident_count(conn) == 2
    # Burshtyn is inside both windows: listed under each agreement, one alleged violation.
    assert sorted((v.subject, v.place) for v in listed) == [
        ("energy_ceasefire", "Burshtyn"), ("full_ceasefire", "Burshtyn"), ("full_ceasefire", "Kherson")]
    assessment = assess_store(store)
    assert (assessment.alleged, len(assessment.violations)) == (2, 3)

    db = store.settings.db
    status = CliRunner().invoke(cli, ["status", "--db", db]).output
    assert status.splitlines()[0].endswith("2 incidents, 2 agreements, 2 alleged violations")
    assert "-- alleged violations (2; by accused side: RUS 2;" in status
    assert "(3 lines for 2 alleged violations: an incident inside several agreements' windows is listed" in status
    assess = CliRunner().invoke(cli, ["assess", "--db", db]).output
    assert "Alleged violations: 2\n  (an incident inside several agreements' windows is listed under each: 3 lines)" \
        in assess
    assert json.loads(CliRunner().invoke(cli, ["assess", "--db", db, "--format", "json"]).stdout)["counts"][-1][
        "running_total"] == 2
    brief = make_brief(store, "week")
    assert brief.counts == {"incidents": 2, "violations": 2, "acts": 0}
    assert len(rows_of(store, "incidents")) == 2

    from fastapi.testclient import TestClient

    from truceline.serve import create_app

    with TestClient(create_app(Settings.load(db=db, anonymous_read=True), store)) as client:
        page = client.get("/").text
        api = client.get("/api/violations").json()
    assert '<span id="count-violations">2</span>' in page and '<span id="count-incidents">2</span>' in page
    assert (api["alleged"], api["total"]) == (2, 3)
