"""Exports of a real store (SQLite, and PostgreSQL when a server is given): incidents in ACLED's columns,
violations, agreements with each version, acts and statements, as CSV, JSON, JSON Lines, GeoJSON, Parquet."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from truceline.errors import ConfigError
from truceline.models import Act, Actor, Agreement, Document, Incident, Location, Record, Span, Statement, Version
from truceline.report.exports import ACLED_COLUMNS, INCIDENT_COLUMNS, Filters, export, rows_of
from truceline.settings import Settings
from truceline.store import Store, open_store

D = dt.date
ACTORS = [Actor("ru", "Russia", "country", "RUS", "Q159"), Actor("ua", "Ukraine", "country", "UKR", "Q212"),
          Actor("gov", "Kharkiv Regional Administration", "government", "UKR")]

# The fixed reference: ACLED's 31 columns, in ACLED's order, as ACLED's codebook and its data exports (since
# the 2023 format) name them. The export must start with exactly these; Truceline's own columns come after.
ACLED_REFERENCE = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude",
    "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]


def _record(ident: str, text: str, outlet: str | None, incidents: list[Incident], acts: list[Act] | None = None,
            agreements: list[Agreement] | None = None, statements: list[Statement] | None = None,
            published: dt.date | None = None, source: str | None = None) -> Record:
    return Record(Document(ident, source or f"https://example.org/{ident}", None, published or D(2025, 3, 24), outlet,
                           "en", text),
                  ACTORS, statements or [], acts or [], agreements or [], incidents)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """The store at ``db_url`` (tests/conftest.py: SQLite, and PostgreSQL when a server is given)."""
    s = open_store(db_url, Settings.load(db=db_url))
    text = "Russia and Ukraine agreed to a 30-day energy truce from March 18. Ukraine accuses Russia."
    truce = Agreement("energy_ceasefire", ["ru", "ua"], ["energy"], 30, D(2025, 3, 18), D(2025, 4, 17), "agreed",
                      versions=[Version("ru", "from March 18", Span(0, 20), ["energy"], D(2025, 3, 18),
                                        D(2025, 4, 17), 30)], evidence=Span(0, 20))
    strike = Incident(D(2025, 3, 23), 1, Location("Kharkiv", "UKR", "UA-63", 49.99, 36.23, 1), "residential",
                      "drone", "ru", "gov", [], 3, Span(0, 20))
    s.add(_record("a", "Drones hit apartment blocks in Kharkiv on Sunday, killing three, the governor said.",
                  "Reuters", [strike],
                  [Act("accuse", "ua", "ru", "energy_ceasefire", D(2025, 3, 23), "Ukraine accuses Russia",
                       Span(0, 20))],
                  statements=[Statement("gov", "Drones hit apartment blocks", "indirect", "say", "statement",
                                        D(2025, 3, 23), Span(0, 20))]))
    # A second report of the same strike with a higher toll and a denial, from a Ukrainian outlet.
    again = Incident(D(2025, 3, 23), 1, Location("Kharkiv", "UKR", "UA-63", 49.99, 36.23, 1), "residential",
                     "drone", "ru", None, ["ru"], 4, Span(0, 20))
    s.add(_record("b", "Moscow denied hitting homes in Kharkiv; local officials put the dead at four.",
                  None, [again], source="https://www.pravda.com.ua/eng/news/1/"))
    grid = Incident(D(2025, 3, 22), 2, Location("Sumy Oblast", "UKR", "UA-59", None, None, 3), "power_grid",
                    "missile", "ru", "ua", [], None, Span(0, 20))
    s.add(_record("c", "A missile damaged grid facilities somewhere in Sumy Oblast over the weekend.",
                  "Outlet Three", [grid]))
    depot = Incident(D(2025, 3, 25), 1, Location("Kursk", "RUS", "RU-KRS", 51.73, 36.19, 1), "oil_gas", None,
                     "ua", "ru", [], None, Span(0, 20))
    s.add(_record("d", "An oil depot in Kursk burned after a strike, the Russian defence ministry said.",
                  "TASS", [depot], published=D(2025, 3, 26)))
    s.add(_record("e", text, "Test Wire", [], agreements=[truce], published=D(2025, 3, 18)))
    yield s
    s.close()


def _csv(store: Store, **kwargs: object) -> list[dict[str, str]]:
    buf = io.StringIO()
    n = export(store, "csv", buf, **kwargs)  # type: ignore[arg-type]
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    assert n == len(rows)
    return rows


def test_csv_header_is_acleds_31_columns_then_truceline_own(store: Store) -> None:
    buf = io.StringIO()
    export(store, "csv", buf)
    header = buf.getvalue().splitlines()[0].split(",")
    assert len(ACLED_REFERENCE) == 31
    assert header[:31] == ACLED_REFERENCE
    assert list(ACLED_COLUMNS) == ACLED_REFERENCE
    assert header[31:] == ["iso3", "admin1_code", "perpetrator", "target", "target_class", "weapon", "claimed_by",
                           "denied_by", "reports", "documents"]


def test_incident_rows_follow_acled_conventions(store: Store) -> None:
    sumy, kharkiv, kursk = _csv(store)
    assert kharkiv == {
        "event_id_cnty": "UKRTL1", "event_date": "2025-03-23", "year": "2025", "time_precision": "1",
        "disorder_type": "Political violence", "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike", "actor1": "Military Forces of Russia (2000-)", "assoc_actor_1": "",
        "inter1": "8", "actor2": "Civilians (Ukraine)", "assoc_actor_2": "", "inter2": "7", "interaction": "78",
        "civilian_targeting": "Civilian targeting", "iso": "804", "region": "Europe", "country": "Ukraine",
        "admin1": "Kharkiv", "admin2": "", "admin3": "", "location": "Kharkiv", "latitude": "49.99",
        "longitude": "36.23", "geo_precision": "1", "source": "Reuters; https://www.pravda.com.ua/eng/news/1/",
        "source_scale": "National-International",
        "notes": ("Drone on residential target at Kharkiv on 2025-03-23. Attributed to Russia. "
                  "Claimed by Kharkiv Regional Administration. Denied by Russia. 2 reports."),
        "fatalities": "3", "tags": "", "timestamp": kharkiv["timestamp"], "iso3": "UKR", "admin1_code": "UA-63",
        "perpetrator": "Russia", "target": "residential", "target_class": "residential", "weapon": "drone",
        "claimed_by": "Kharkiv Regional Administration", "denied_by": "Russia", "reports": "2",
        "documents": "a; b",
    }
    assert abs(int(kharkiv["timestamp"]) - dt.datetime.now(dt.UTC).timestamp()) < 3600
    # No figure reported: 0, as ACLED writes it. A missile on the grid: shelling, no civilians targeted.
    assert (sumy["fatalities"], sumy["sub_event_type"], sumy["actor2"], sumy["inter2"], sumy["interaction"],
            sumy["civilian_targeting"], sumy["admin1"], sumy["time_precision"], sumy["geo_precision"],
            sumy["source_scale"]) == ("0", "Shelling/artillery/missile attack", "", "0", "80", "", "Sumy", "2", "3",
                                     "Other")
    # Ukraine's forces in Russia: external forces (8); no weapon named: the sub-event is still filled.
    assert (kursk["country"], kursk["iso"], kursk["region"], kursk["admin1"], kursk["actor1"], kursk["inter1"],
            kursk["sub_event_type"], kursk["tags"], kursk["source_scale"]) == (
        "Russia", "643", "Europe", "Kursk", "Military Forces of Ukraine (2019-)", "8",
        "Shelling/artillery/missile attack", "weapon not reported", "National")


def test_filters_by_date_country_region_and_type(store: Store) -> None:
    def ids(**f: object) -> list[str]:
        return [r["event_id_cnty"] for r in _csv(store, filters=Filters(**f))]  # type: ignore[arg-type]

    assert ids(since=D(2025, 3, 23)) == ["UKRTL1", "RUSTL3"]
    assert ids(since=D(2025, 3, 22), until=D(2025, 3, 22)) == ["UKRTL2"]
    assert ids(country="Russia") == ids(country="RU") == ids(country="rus") == ["RUSTL3"]
    assert ids(region="Kharkiv") == ids(region="UA-63") == ids(region="kharkiv oblast") == ["UKRTL1"]
    assert ids(type="energy") == ["UKRTL2", "RUSTL3"]
    assert ids(type="Air/drone strike") == ids(type="drone") == ["UKRTL1"]
    assert ids(country="UKR", type="missile") == ["UKRTL2"]
    with pytest.raises(ConfigError, match="unknown country 'Atlantis'"):
        ids(country="Atlantis")
    with pytest.raises(ConfigError, match="unknown region 'Narnia'"):
        ids(region="Narnia")
    with pytest.raises(ConfigError, match="the date range is empty"):
        ids(since=D(2025, 4, 1), until=D(2025, 3, 1))


def test_violations_one_row_per_agreement_and_incident(store: Store) -> None:
    rows = _csv(store, table="violations")
    # Named by the claimant's version where it holds the incident (both sides' windows do here).
    assert [(r["event_id_cnty"], r["agreement"], r["accused"], r["version"], r["admin1"]) for r in rows] == [
        ("UKRTL2", "energy_ceasefire", "RUS", "UKR", "Sumy"), ("RUSTL3", "energy_ceasefire", "UKR", "RUS", "Kursk")]
    assert rows[0]["parties"] == "RUS; UKR" and rows[0]["claimed_by"] == "UKR" and rows[0]["fatalities"] == "0"
    assert [r["event_id_cnty"] for r in _csv(store, table="violations", filters=Filters(country="RUS"))] == [
        "RUSTL3"]
    buf = io.StringIO()
    assert export(store, "json", buf, table="violations", filters=Filters(region="UA-59")) == 1
    [found] = json.loads(buf.getvalue())
    assert found["in_versions"] == ["RUS", "UKR"] and found["event_date"] == "2025-03-22"


def test_agreements_with_each_version(store: Store) -> None:
    # One row per side's version: Russia's as it stated it, Ukraine's the agreement's own dates.
    russia, ukraine = _csv(store, table="agreements")
    assert (russia["subject"], russia["parties"], russia["status"], russia["side"], russia["stated_by"],
            russia["start"], russia["end"], russia["scope"], russia["terms"], russia["remaining_days"],
            russia["active"]) == ("energy_ceasefire", "RUS; UKR", "agreed", "RUS", "Russia", "2025-03-18",
                                  "2025-04-17", "energy", "from March 18", "22", "True")
    assert (ukraine["side"], ukraine["stated_by"], ukraine["start"], ukraine["terms"]) == (
        "UKR", "", "2025-03-18", "")
    buf = io.StringIO()
    assert export(store, "json", buf, table="agreements") == 1
    [agreement] = json.loads(buf.getvalue())
    assert [v["side"] for v in agreement["versions"]] == ["RUS", "UKR"] and agreement["reports"] == 1
    buf = io.StringIO()
    assert export(store, "jsonl", buf, table="agreements") == 1
    assert json.loads(buf.getvalue()) == agreement
    assert rows_of(store, "agreements", filters=Filters(country="USA")) == []
    assert len(rows_of(store, "agreements", filters=Filters(type="agreed"))) == 1


def test_acts_and_statements_as_csv_json_and_jsonl(store: Store) -> None:
    buf = io.StringIO()
    assert export(store, "csv", buf, table="acts") == 1
    assert buf.getvalue().splitlines() == [
        "date,type,subject,actor,target,text,document,published,evidence_start,evidence_end",
        "2025-03-23,accuse,energy_ceasefire,Ukraine,Russia,Ukraine accuses Russia,a,2025-03-24,0,20"]
    assert rows_of(store, "acts", filters=Filters(type="deny")) == []
    assert len(rows_of(store, "acts", filters=Filters(country="UKR"))) == 1
    assert rows_of(store, "acts", filters=Filters(country="RUS")) == []
    [said] = _csv(store, table="statements")
    assert (said["speaker"], said["kind"], said["text"], said["date"]) == (
        "Kharkiv Regional Administration", "indirect", "Drones hit apartment blocks", "2025-03-23")
    buf = io.StringIO()
    assert export(store, "jsonl", buf, table="statements", filters=Filters(since=D(2025, 3, 23))) == 1
    assert json.loads(buf.getvalue())["speaker"] == "Kharkiv Regional Administration"
    with pytest.raises(ConfigError, match="a region filter applies to incidents and violations, not to acts"):
        export(store, "csv", io.StringIO(), table="acts", filters=Filters(region="UA-63"))


def test_jsonl_writes_truceline_records(store: Store) -> None:
    buf = io.StringIO()
    assert export(store, "jsonl", buf) == 5
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert [(r["schema"], r["document"]["id"]) for r in lines][:3] == [
        ("truceline.v1", "a"), ("truceline.v1", "b"), ("truceline.v1", "c")]
    assert lines[1]["incidents"][0]["denied_by"] == ["ru"]
    buf = io.StringIO()
    assert export(store, "json", buf, table="records") == 5
    assert [r["document"]["id"] for r in json.loads(buf.getvalue())] == ["a", "b", "c", "d", "e"]


def test_geojson_has_the_incidents_with_coordinates(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "incidents.geojson"
    assert export(store, "geojson", str(out)) == 2
    data = json.loads(out.read_text(encoding="utf-8"))
    kharkiv = data["features"][0]
    assert data["type"] == "FeatureCollection"
    assert kharkiv["geometry"] == {"type": "Point", "coordinates": [36.23, 49.99]}
    assert kharkiv["properties"]["event_date"] == "2025-03-23"
    assert kharkiv["properties"]["reports"] == 2 and kharkiv["properties"]["admin1"] == "Kharkiv"


def test_parquet_is_typed(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "incidents.parquet"
    assert export(store, "parquet", out) == 3
    table = pq.read_table(out)
    assert table.column_names == list(INCIDENT_COLUMNS)
    assert str(table.schema.field("event_date").type) == "date32[day]"
    assert str(table.schema.field("fatalities").type) == "int64"
    assert str(table.schema.field("iso").type) == "int64"
    assert table.column("event_date").to_pylist() == [D(2025, 3, 22), D(2025, 3, 23), D(2025, 3, 25)]
    assert table.column("latitude").to_pylist() == [None, 49.99, 51.73]
    agreements = tmp_path / "agreements.parquet"
    assert export(store, "parquet", agreements, table="agreements") == 2
    assert str(pq.read_table(agreements).schema.field("start").type) == "date32[day]"


def test_refusals(store: Store) -> None:
    with pytest.raises(ConfigError, match="unknown export format 'xlsx'"):
        export(store, "xlsx", io.StringIO())
    with pytest.raises(ConfigError, match="unknown export table 'people'"):
        export(store, "csv", io.StringIO(), table="people")
    with pytest.raises(ConfigError, match="GeoJSON exports incidents"):
        export(store, "geojson", io.StringIO(), table="acts")
    with pytest.raises(ConfigError, match="records .* are exported as json or jsonl"):
        export(store, "csv", io.StringIO(), table="records")
    with pytest.raises(ConfigError, match="--raw does not apply"):
        export(store, "csv", io.StringIO(), table="violations", reviewed=False)
    with pytest.raises(ConfigError, match="filters apply to the tables"):
        export(store, "jsonl", io.StringIO(), filters=Filters(country="UKR"))


def test_csv_cells_a_spreadsheet_would_run_are_inert(tmp_path: Path) -> None:
    path = str(tmp_path / "f.db")
    with open_store(path, Settings.load(db=path)) as s:
        strike = Incident(D(2025, 3, 23), 1, Location("Kharkiv", "UKR", "UA-63", 49.99, 36.23, 1), "residential",
                          "drone", "ru", "gov", [], 3, Span(0, 20))
        s.add(_record("f", "Drones hit apartment blocks in Kharkiv on Sunday, the governor said.",
                      '=HYPERLINK("http://example.org","x")', [strike]))
        buf = io.StringIO()
        assert export(s, "csv", buf) == 1
    row = next(csv.DictReader(io.StringIO(buf.getvalue())))
    assert row["source"] == '\'=HYPERLINK("http://example.org","x")'
    assert row["longitude"] == "36.23"
