"""Merge rules: actor identity, incident matching with its reasons, agreement keys."""
from __future__ import annotations

import datetime as dt

from truceline.models import Actor, Location
from truceline.resolve import merge
from truceline.resolve.merge import (
    actor_key,
    actor_reason,
    agreement_key,
    incident_key,
    incident_match,
    km_between,
    normalise,
    party_keys,
    target_class,
)

D = dt.date


def test_actor_keys() -> None:
    assert actor_key(Actor("a", "Vladimir Putin", "person", "RUS", "Q7747")) == "wd:Q7747"
    assert actor_key(Actor("b", "Ivan  Petróv", "person", "RUS")) == actor_key(Actor("c", "ivan petrov", "person",
                                                                                      None)) == "person:ivan petrov"
    assert actor_key(Actor("d", "Regional Council", "government", "UKR")) == "government:UKR:regional council"
    assert actor_key(Actor("e", "Regional Council", "government", "RUS")) != actor_key(
        Actor("f", "Regional Council", "government", "UKR"))
    assert actor_reason(Actor("a", "Vladimir Putin", "person", "RUS", "Q7747")) == (
        "same registry identity (Wikidata Q7747)")


def test_normalise() -> None:
    assert normalise("  Zaporizhzhia   NPP ") == "zaporizhzhia npp"
    assert normalise("Kryvyi Rih's") == "kryvyi rih s"


def test_target_classes() -> None:
    assert {target_class(t) for t in ("energy", "power_grid", "power_generation", "oil_gas", "nuclear")} == {"energy"}
    assert target_class("medical") == "medical"


def key(place: str, date: str, target: str = "power_grid", country: str = "UKR",
        lat: float | None = None, lon: float | None = None):  # type: ignore[no-untyped-def]
    return incident_key(D.fromisoformat(date), Location(place, country, None, lat, lon, 1), target)


def test_incident_matching() -> None:
    assert incident_match(key("Odesa", "2025-03-20"), key("odesa", "2025-03-20", "nuclear")) == (
        "same place (odesa, UKR), same day, same target class (energy)")
    assert incident_match(key("Odesa", "2025-03-21"), key("Odesa", "2025-03-20")) == (
        "same place (odesa, UKR), 1 day apart (2025-03-20 and 2025-03-21), same target class (energy)")
    assert incident_match(key("Odesa", "2025-03-22"), key("Odesa", "2025-03-20")) is None
    assert incident_match(key("Odesa", "2025-03-20", "residential"), key("Odesa", "2025-03-20")) is None
    assert incident_match(key("Odesa", "2025-03-20", country="USA"), key("Odesa", "2025-03-20")) is None
    assert incident_match(key("Izmail port", "2025-03-20", lat=45.35, lon=28.84),
                          key("Izmail", "2025-03-20", lat=45.3503, lon=28.8374)) == (
        "places 0.2 km apart (izmail and izmail port), same day, same target class (energy)")
    assert incident_match(key("Reni", "2025-03-20", lat=45.45, lon=28.29),
                          key("Izmail", "2025-03-20", lat=45.35, lon=28.84)) is None
    undated = incident_key(None, Location("Odesa", "UKR"), "power_grid")
    assert incident_match(undated, key("Odesa", "2025-03-20")) is None
    nowhere = incident_key(D(2025, 3, 20), None, "power_grid")
    assert incident_match(nowhere, nowhere) is None


def test_km_between() -> None:
    # Kyiv to Lviv is about 470 km as the crow flies.
    assert 460 < km_between(50.45, 30.52, 49.84, 24.03) < 480


def test_agreement_parties_are_countries() -> None:
    actors = {"k": Actor("k", "Government of Russia", "government", "RUS"),
              "z": Actor("z", "Volodymyr Zelensky", "person", "UKR"),
              "un": Actor("un", "United Nations", "organization", None, "Q1065")}
    assert party_keys(["z", "k", "missing"], actors) == ["RUS", "UKR"]
    assert party_keys(["un"], actors) == ["wd:Q1065"]
    assert agreement_key("energy_ceasefire", ["RUS", "UKR"]) == "energy_ceasefire|RUS+UKR"


def test_ceasefire_sides_are_the_belligerents_and_the_rest_mediate() -> None:
    assert merge.split_sides("energy_ceasefire", ["USA", "UKR", "RUS"]) == merge.Sides(["RUS", "UKR"], ["USA"])
    assert merge.split_sides("minerals", ["USA", "UKR"]) == merge.Sides(["UKR", "USA"], [])
    assert merge.split_sides("full_ceasefire", ["RUS"]).kind == "commitment"
    assert merge.split_sides("full_ceasefire", ["TUR", "USA"]) == merge.Sides(["TUR", "USA"], [])


def test_commitments_continue_within_their_span_and_not_beyond() -> None:
    d = dt.date.fromisoformat
    assert merge.commitment_match(d("2025-04-10"), d("2025-03-18"), d("2025-03-19"), d("2025-03-30"),
                                  d("2025-04-17")) is not None
    assert merge.commitment_match(d("2025-05-08"), d("2025-04-19"), d("2025-04-19"), d("2025-04-19"),
                                  d("2025-04-21"), new_start=d("2025-05-08")) is None
    assert merge.commitment_match(d("2025-07-01"), d("2025-03-18"), d("2025-03-19"), d("2025-03-30"),
                                  d("2025-04-17")) is None
    assert merge.commitment_match(None, None, None, None).startswith("an undated report")


def test_status_comes_from_the_newest_dated_report_and_a_passed_end() -> None:
    d = dt.date.fromisoformat
    reports = [merge.ReportStatus(d("2025-03-19"), "agreed", d("2025-04-17")),
               merge.ReportStatus(None, "rejected"),
               merge.ReportStatus(d("2025-03-26"), "in_force")]
    assert merge.derive_status(reports)[0] == "in_force"
    late = [*reports, merge.ReportStatus(d("2025-05-01"), "in_force")]
    status, why = merge.derive_status(late)
    assert status == "expired" and "2025-04-17" in why
