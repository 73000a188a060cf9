"""Exports of a real SQLite store: CSV (ACLED-style), JSON Lines, GeoJSON, Parquet."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pyarrow.parquet as pq
import pytest

from truceline.errors import ConfigError
from truceline.models import Act, Actor, Document, Incident, Location, Record, Span
from truceline.report.exports import INCIDENT_COLUMNS, export
from truceline.settings import Settings
from truceline.store import Store, open_store

D = dt.date
ACTORS = [Actor("ru", "Russia", "country", "RUS", "Q159"), Actor("ua", "Ukraine", "country", "UKR", "Q212"),
          Actor("gov", "Kharkiv Regional Administration", "government", "UKR")]


def _record(ident: str, text: str, outlet: str, incidents: list[Incident], acts: list[Act] | None = None) -> Record:
    return Record(Document(ident, f"https://example.org/{ident}", None, D(2025, 3, 24), outlet, "en", text),
                  ACTORS, [], acts or [], [], incidents)


@pytest.fixture
def store(tmp_path) -> Store:  # type: ignore[no-untyped-def]
    path = str(tmp_path / "x.db")
    s = open_store(path, Settings.load(db=path))
    strike = Incident(D(2025, 3, 23), 1, Location("Kharkiv", "UKR", "UA-63", 49.99, 36.23, 1), "residential",
                      "drone", "ru", "gov", [], 3, Span(0, 20))
    s.add(_record("a", "Drones hit apartment blocks in Kharkiv on Sunday, killing three, the governor said.",
                  "Outlet One", [strike],
                  [Act("accuse", "ua", "ru", "energy_ceasefire", D(2025, 3, 23), "Ukraine accuses Russia",
                       Span(0, 20))]))
    # A second report of the same strike with a higher toll and a denial.
    again = Incident(D(2025, 3, 23), 1, Location("Kharkiv", "UKR", "UA-63", 49.99, 36.23, 1), "residential",
                     "drone", "ru", None, ["ru"], 4, Span(0, 20))
    s.add(_record("b", "Moscow denied hitting homes in Kharkiv; local officials put the dead at four.",
                  "Outlet Two", [again]))
    nowhere = Incident(D(2025, 3, 22), 2, Location("Sumy Oblast", "UKR", "UA-59", None, None, 3), "power_grid",
                       "missile", "ru", "ua", [], None, Span(0, 20))
    s.add(_record("c", "A missile damaged grid facilities somewhere in Sumy Oblast over the weekend.",
                  "Outlet Three", [nowhere]))
    yield s
    s.close()


def test_csv_has_acled_columns_one_row_per_merged_incident(store: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "incidents.csv"
    assert export(store, "csv", out) == 2
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert tuple(rows[0]) == INCIDENT_COLUMNS
    sumy, kharkiv = rows
    assert kharkiv == {
        "event_id_cnty": "UKRTL1", "event_date": "2025-03-23", "year": "2025", "time_precision": "1",
        "disorder_type": "Political violence", "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike", "actor1": "Russia", "actor2": "Civilians (Ukraine)",
        "country": "Ukraine", "iso3": "UKR", "admin1": "UA-63", "location": "Kharkiv", "latitude": "49.99",
        "longitude": "36.23", "geo_precision": "1", "source": "Outlet One; Outlet Two",
        "notes": ("Drone on residential target at Kharkiv on 2025-03-23. Attributed to Russia. "
                  "Claimed by Kharkiv Regional Administration. Denied by Russia. 2 reports."),
        "fatalities": "3", "target": "residential", "target_class": "residential", "weapon": "drone",
        "claimed_by": "Kharkiv Regional Administration", "denied_by": "Russia", "reports": "2", "documents": "a; b",
    }
    assert (sumy["sub_event_type"], sumy["actor2"], sumy["latitude"], sumy["time_precision"]) == (
        "Shelling/artillery/missile attack", "", "", "2")


def test_csv_of_acts(store: Store) -> None:
    buf = io.StringIO()
    assert export(store, "csv", buf, table="acts") == 1
    assert buf.getvalue().splitlines() == [
        "date,type,subject,actor,target,text,document,published,evidence_start,evidence_end",
        "2025-03-23,accuse,energy_ceasefire,Ukraine,Russia,Ukraine accuses Russia,a,2025-03-24,0,20"]


def test_jsonl_writes_truceline_records(store: Store) -> None:
    buf = io.StringIO()
    assert export(store, "jsonl", buf) == 3
    lines = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert [(r["schema"], r["document"]["id"]) for r in lines] == [("truceline.v1", "a"), ("truceline.v1", "b"),
                                                                   ("truceline.v1", "c")]
    assert lines[1]["incidents"][0]["denied_by"] == ["ru"]


def test_geojson_has_the_incidents_with_coordinates(store: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "incidents.geojson"
    assert export(store, "geojson", str(out)) == 1
    data = json.loads(out.read_text(encoding="utf-8"))
    [feature] = data["features"]
    assert data["type"] == "FeatureCollection"
    assert feature["geometry"] == {"type": "Point", "coordinates": [36.23, 49.99]}
    assert feature["properties"]["event_date"] == "2025-03-23"
    assert feature["properties"]["reports"] == 2


def test_parquet_is_typed(store: Store, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "incidents.parquet"
    assert export(store, "parquet", out) == 2
    table = pq.read_table(out)
    assert table.column_names == list(INCIDENT_COLUMNS)
    assert str(table.schema.field("event_date").type) == "date32[day]"
    assert str(table.schema.field("fatalities").type) == "int64"
    assert table.column("event_date").to_pylist() == [D(2025, 3, 22), D(2025, 3, 23)]
    assert table.column("latitude").to_pylist() == [None, 49.99]


def test_unknown_format_or_table(store: Store) -> None:
    with pytest.raises(ConfigError, match="unknown export format 'xlsx'"):
        export(store, "xlsx", io.StringIO())
    with pytest.raises(ConfigError, match="unknown export table 'people'"):
        export(store, "csv", io.StringIO(), table="people")


def test_csv_cells_a_spreadsheet_would_run_are_inert(tmp_path) -> None:  # type: ignore[no-untyped-def]
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
