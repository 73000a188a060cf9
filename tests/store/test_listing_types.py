"""The TypedDicts of ``truceline.store.listing`` describe what its reads return, key for key.

Each read runs on a small real store; every row it returns must have its TypedDict's required keys, no key
the TypedDict does not declare, and values of the declared types (nested shapes checked the same way). The
rows are checked again after the review overlay, which adds ``review_key``, ``review`` and corrected fields.
"""
from __future__ import annotations

import datetime as dt
import inspect
import types
import typing
from collections.abc import Callable
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints, is_typeddict

import pytest
import sqlalchemy as sa

from truceline.assess import compliance
from truceline.models import Agreement, Condition, Incident, Span, Version
from truceline.serve.auth import Principal, create_user
from truceline.store import Store, listing, reviews, rows
from truceline.store import schema as t

NONE = type(None)
PAGE = listing.Page(listing.MAX_LIMIT, 0)

TEXT = ("Putin proposed an energy truce from March 25 and Zelensky said Kyiv would accept it if strikes stop. "
        "Russian drones hit a substation in Sumy overnight; Kyiv said Moscow was behind it, Moscow denied it.")


# -- checking a value against a type hint ----------------------------------------------------------------------

def problems(value: Any, hint: Any, where: str) -> list[str]:
    """What is wrong with ``value`` as a ``hint`` (empty when it fits)."""
    origin, args = get_origin(hint), get_args(hint)
    if hint is Any:
        return []
    if origin in (Union, types.UnionType):
        found = [problems(value, option, where) for option in args]
        return [] if any(not p for p in found) else [p for ps in found for p in ps]
    if hint is NONE:
        return [] if value is None else [f"{where}: {value!r} is not None"]
    if is_typeddict(hint):
        if not isinstance(value, dict):
            return [f"{where}: {value!r} is not a dict ({hint.__name__})"]
        keys = set(value)
        missing = hint.__required_keys__ - keys
        undeclared = keys - hint.__required_keys__ - hint.__optional_keys__
        out = [f"{where}: {hint.__name__} misses {sorted(missing)}"] if missing else []
        out += [f"{where}: {hint.__name__} does not declare {sorted(undeclared)}"] if undeclared else []
        hints = get_type_hints(hint)
        for key in keys - undeclared:
            out += problems(value[key], hints[key], f"{where}.{key}")
        return out
    if origin is Literal:
        return [] if value in args else [f"{where}: {value!r} is not one of {args}"]
    if origin is list:
        if not isinstance(value, list):
            return [f"{where}: {value!r} is not a list"]
        return [p for i, v in enumerate(value) for p in problems(v, args[0], f"{where}[{i}]")]
    if origin is dict:
        if not isinstance(value, dict):
            return [f"{where}: {value!r} is not a dict"]
        return [p for k, v in value.items()
                for p in problems(k, args[0], f"{where} key") + problems(v, args[1], f"{where}[{k!r}]")]
    if origin is tuple:
        if not isinstance(value, tuple) or len(value) != len(args):
            return [f"{where}: {value!r} is not a tuple of {len(args)}"]
        return [p for i, (v, a) in enumerate(zip(value, args, strict=True)) for p in problems(v, a, f"{where}[{i}]")]
    if hint is float:
        return [] if isinstance(value, int | float) and not isinstance(value, bool) else [f"{where}: {value!r}"]
    if isinstance(hint, type):
        return [] if isinstance(value, hint) else [f"{where}: {value!r} is not {hint.__name__}"]
    raise AssertionError(f"{where}: the test cannot check {hint!r}")


def returned(function: Callable[..., Any]) -> Any:
    return get_type_hints(function)["return"]


def typeddicts(hint: Any) -> set[type]:
    """The TypedDicts a hint names, at any depth."""
    if is_typeddict(hint):
        return {hint} | {td for h in get_type_hints(hint).values() for td in typeddicts(h)}
    return {td for arg in get_args(hint) for td in typeddicts(arg)}


def assert_fits(value: Any, hint: Any, where: str) -> None:
    found = problems(value, hint, where)
    assert not found, "\n".join(found)


# -- a small store -----------------------------------------------------------------------------------------------

@pytest.fixture
def filled(store: Store, build: Any) -> Store:
    sides = build.sides()
    truce = Agreement("energy_ceasefire", ["ru", "ua"], ["energy"], 30, dt.date(2025, 3, 25), dt.date(2025, 4, 24),
                      "proposed",
                      versions=[Version("ru", "from March 25", Span(0, 60), ["energy"], dt.date(2025, 3, 25),
                                        dt.date(2025, 4, 24), 30),
                                Version("ua", "if strikes stop")],
                      conditions=[Condition("ua", "strikes stop", Span(61, 100)), Condition("nobody", "unsaid")],
                      evidence=Span(0, 100))
    store.add(build.record(
        "t1", TEXT, "2025-03-20", title="Truce proposed", outlet="Test Wire", actors=sides,
        statements=[build.statement("zel", "Kyiv would accept it", "2025-03-20", 49, 100),
                    build.statement("putin", "an energy truce", None, 0, 48)],
        acts=[build.act("propose", "putin", "energy_ceasefire", "2025-03-20", target="zel", start=0, end=48),
              build.act("accept", "zel", "energy_ceasefire", None, start=49, end=100)],
        agreements=[truce],
        incidents=[build.incident("Sumy", "2025-03-20", perpetrator="ru", claimed_by="uagov", denied_by=("ru",),
                                  admin1="UA-59", lat=50.9, lon=34.8, fatalities=1),
                   Incident(None, None, None, "residential", None, None, None, [], None, Span(101, 150))]))
    # The same strike, reported again (merged), and a document without a date or title.
    store.add(build.record(
        "t2", "Drones hit a substation in Sumy overnight, the regional governor said.", None, actors=sides,
        incidents=[build.incident("Sumy", "2025-03-20", admin1="UA-59", lat=50.9, lon=34.8)],
        agreements=[build.agreement("energy_ceasefire", ["ru", "ua"], "agreed", "2025-03-25", 30)]))
    return store


def _review(store: Store) -> None:
    """A correction, a rejection and a confirmation of each kind that adds fields when it is applied."""
    analyst = Principal(create_user(store.engine, "ann", "a long enough password 1", "analyst"), "ann", "analyst",
                        "session")
    with store.engine.connect() as conn:
        first = {table.name: conn.execute(sa.select(table.c.id).order_by(table.c.id)).scalars().all()
                 for table in (t.statements, t.acts, t.incident_reports, t.agreement_reports)}
        putin = conn.execute(sa.select(t.actors.c.id).where(t.actors.c.name == "Vladimir Putin")).scalar_one()
    reviews.review_item(store.engine, analyst, "statement", first["statements"][0], "correct",
                        {"speaker_id": putin, "text": "Kyiv would accept", "date": "2025-03-21"})
    reviews.review_item(store.engine, analyst, "act", first["acts"][0], "reject")
    reviews.review_item(store.engine, analyst, "act", first["acts"][1], "correct", {"actor_id": putin,
                                                                                   "conditional": True})
    reviews.review_item(store.engine, analyst, "incident", first["incident_reports"][0], "correct",
                        {"perpetrator_id": putin, "fatalities": 2, "target": "oil_gas"})
    reviews.review_item(store.engine, analyst, "incident", first["incident_reports"][1], "reject")
    reviews.review_item(store.engine, analyst, "agreement", first["agreement_reports"][0], "correct",
                        {"status": "agreed", "scope": ["energy"], "start": "2025-03-26"})
    reviews.review_item(store.engine, analyst, "agreement", first["agreement_reports"][1], "confirm")


# -- every read, called as the web app calls it ------------------------------------------------------------------

def _ids(conn: sa.Connection) -> dict[str, int]:
    def first(table: sa.Table) -> int:
        return int(conn.execute(sa.select(sa.func.min(table.c.id))).scalar_one())
    return {"document": first(t.documents), "actor": first(t.actors), "incident": first(t.incidents),
            "agreement": first(t.agreements)}


READS: dict[str, Callable[[sa.Connection, dict[str, int]], Any]] = {
    "documents": lambda conn, ids: listing.documents(conn, PAGE),
    "document": lambda conn, ids: listing.document(conn, ids["document"]),
    "document_ids": lambda conn, ids: listing.document_ids(conn, ["t1", "t2", "absent"]),
    "names": lambda conn, ids: listing.names(conn, {ids["actor"]}),
    "actors": lambda conn, ids: listing.actors(conn, PAGE),
    "actor": lambda conn, ids: listing.actor(conn, ids["actor"]),
    "statements": lambda conn, ids: listing.statements(conn, PAGE),
    "acts": lambda conn, ids: listing.acts(conn, PAGE),
    "positions": lambda conn, ids: listing.positions(conn),
    "incidents": lambda conn, ids: listing.incidents(conn, PAGE),
    "incident": lambda conn, ids: listing.incident(conn, ids["incident"]),
    "incident_reports": lambda conn, ids: listing.incident_reports(conn, document=ids["document"]),
    "incidents_by_region": lambda conn, ids: listing.incidents_by_region(conn),
    "incident_points": lambda conn, ids: listing.incident_points(conn, 100),
    "agreements": lambda conn, ids: listing.agreements(conn, PAGE),
    "agreement": lambda conn, ids: listing.agreement(conn, ids["agreement"]),
    "agreement_reports": lambda conn, ids: listing.agreement_reports(conn, document=ids["document"]),
    "incidents_per_side_per_day": lambda conn, ids: listing.incidents_per_side_per_day(
        conn, dt.date(2025, 3, 1), dt.date(2025, 3, 31)),
    "data_version": lambda conn, ids: listing.data_version(conn),
}
#: public functions that are not reads of the store: helpers the reads (and the API) are built from.
NOT_READS = {"iso", "result", "incident_filters", "statement_item", "act_item", "incident_item"}


def test_every_read_is_checked() -> None:
    public = {name for name, f in inspect.getmembers(listing, inspect.isfunction)
              if f.__module__ == listing.__name__ and not name.startswith("_")}
    assert public - NOT_READS == set(READS)


def test_no_read_answers_dict_of_any() -> None:
    """Precise return types: no read answers ``Any`` or ``dict[str, Any]`` (its rows are TypedDicts)."""
    for name in READS:
        hint = returned(getattr(listing, name))
        assert "Any" not in str(hint), (name, hint)


@pytest.mark.parametrize("name", sorted(READS))
def test_rows_have_exactly_the_declared_keys(filled: Store, name: str) -> None:
    with filled.engine.connect() as conn:
        value = READS[name](conn, _ids(conn))
    hint = returned(getattr(listing, name))
    assert value, f"{name} found nothing to check"
    assert_fits(value, hint, name)


def test_every_shape_is_met(filled: Store) -> None:
    """The store above gives each row shape at least once (so the checks above are not vacuous)."""
    seen: set[type] = set()

    def walk(value: Any, hint: Any) -> None:
        if is_typeddict(hint) and isinstance(value, dict):
            seen.add(hint)
            hints = get_type_hints(hint)
            for key, item in value.items():
                walk(item, hints.get(key, Any))
        elif get_origin(hint) in (Union, types.UnionType):
            for option in get_args(hint):
                if not problems(value, option, ""):
                    walk(value, option)
        elif get_origin(hint) is list:
            for item in value:
                walk(item, get_args(hint)[0])
        elif get_origin(hint) is dict:
            for item in value.values():
                walk(item, get_args(hint)[1])

    expected: set[type] = set()
    with filled.engine.connect() as conn:
        ids = _ids(conn)
        for name, read in READS.items():
            hint = returned(getattr(listing, name))
            expected |= typeddicts(hint)
            walk(read(conn, ids), hint)
    # Filled in by callers, not by the reads: the API's document items, a report's context (the incident page's).
    assert expected - seen == {rows.DocumentItems, rows.ReportContext}


def test_rows_after_the_review_overlay(filled: Store) -> None:
    """The overlay adds ``review_key``/``review`` and corrected fields (an incident report's corrected
    perpetrator adds ``perpetrator_id``): all declared, so the rows still fit their TypedDicts."""
    _review(filled)
    with filled.engine.connect() as conn:
        ids = _ids(conn)
        statements = reviews.overlay(conn, "statement", listing.statements(conn, PAGE)["items"])
        acts = reviews.overlay(conn, "act", listing.acts(conn, PAGE)["items"])
        reports = reviews.overlay(conn, "incident", listing.incident_reports(conn, document=ids["document"]))
        agreement_reports = reviews.overlay(conn, "agreement", listing.agreement_reports(conn,
                                                                                         document=ids["document"]))
        incidents = reviews.overlay_incidents(conn, listing.incidents(conn, PAGE)["items"])
        incident = listing.incident(conn, ids["incident"])
        agreement = listing.agreement(conn, ids["agreement"])
        document = listing.document(conn, ids["document"])
        assert incident is not None and agreement is not None and document is not None
        # As the API's detail routes fill them in.
        reviews.overlay(conn, "incident", incident["report_items"])
        reviews.overlay_incidents(conn, [incident])
        reviews.overlay(conn, "agreement", agreement["reports"])
        agreement["versions"] = compliance.versions(conn, ids["agreement"], compliance.as_of(conn))
        document["items"] = {"statements": statements, "acts": acts, "incidents": reports,
                             "agreements": agreement_reports}

    assert_fits(statements, list[listing.Statement], "statements")
    assert_fits(acts, list[listing.Act], "acts")
    assert_fits(reports, list[listing.IncidentReport], "incident reports")
    assert_fits(agreement_reports, list[listing.DocumentAgreementReport], "agreement reports")
    assert_fits(incidents, list[listing.Incident], "incidents")
    assert_fits(incident, listing.IncidentDetail, "incident")
    assert_fits(agreement, listing.AgreementDetail, "agreement")
    assert_fits(document, listing.DocumentDetail, "document")
    # The optional keys are there where the overlay puts them.
    for row in (*statements, *acts, *reports, *agreement_reports):
        assert {"review_key", "review"} <= set(row)
    assert all("review" in row for row in incidents)
    assert any("perpetrator_id" in row for row in reports)
    assert any(row["review"] and row["review"]["action"] == "correct" for row in statements)
    assert any(row["review"] and row["review"]["action"] == "reject" for row in acts)


def test_optional_keys_are_read_at_runtime() -> None:
    """``NotRequired`` survives to ``__optional_keys__`` (listing.py must not stringify its annotations)."""
    assert listing.Statement.__optional_keys__ == {"review_key", "review"}
    assert listing.IncidentReport.__optional_keys__ == {"perpetrator_id", "claimed_by_id", "denied_by_ids", "context",
                                                        "review_key", "review"}
    assert listing.Incident.__optional_keys__ == {"review"}
    assert listing.IncidentPoint.__optional_keys__ == {"x", "y", "colour"}
    assert listing.AgreementDetail.__optional_keys__ == {"versions"}
    assert listing.DocumentDetail.__optional_keys__ == {"items"}
    assert typing.get_type_hints(listing.Statement)["review_key"] == str | None
