"""Compliance: incidents against agreement windows as each side states them, on records built here."""
from __future__ import annotations

import json

from truceline.assess import assess, load_records, render_assessment

from .records import D, energy_truce, record, strike


def test_an_incident_between_the_two_starts_breaches_only_one_version():
    a = assess([record("d1", [energy_truce()], [strike(D(2025, 3, 21), denied_by=["gs_ukr"])])])
    assert [(g.subject, g.parties, g.scope) for g in a.agreements] == [("energy_ceasefire", ["RUS", "UKR"],
                                                                        ["energy"])]
    versions = {v.by: (v.start, v.end) for v in a.agreements[0].versions}
    assert versions == {"RUS": (D(2025, 3, 18), D(2025, 4, 17)), "UKR": (D(2025, 3, 25), D(2025, 4, 24))}
    [v] = a.violations
    assert (v.agreement, v.version, v.in_versions) == (0, "RUS", ["RUS"])
    assert (v.accused, v.claimed_by, v.denied_by) == ("UKR", "RUS", ["UKR"])
    assert [(e.document, e.start, e.end) for e in v.evidence] == [("d1", 10, 80)]


def test_after_both_starts_the_claimants_version_is_named():
    a = assess([record("d1", [energy_truce()], [strike(D(2025, 3, 27))])])
    [v] = a.violations
    assert (v.version, v.in_versions) == ("RUS", ["RUS", "UKR"])


def test_outside_scope_or_window_or_unaccused_is_no_violation():
    incs = [strike(D(2025, 3, 17)),                                  # before either start
            strike(D(2025, 4, 25)),                                  # after both ends
            strike(D(2025, 3, 27), target="residential"),            # not energy
            strike(D(2025, 3, 27), perpetrator=None, claimed_by=None, place="Belgorod", admin1="RU-BEL")]
    assert assess([record("d1", [energy_truce()], incs)]).violations == []


def test_after_one_sides_end_only_the_other_version_is_breached():
    [v] = assess([record("d1", [energy_truce()], [strike(D(2025, 4, 20))])]).violations
    assert (v.version, v.in_versions) == ("UKR", ["UKR"])


def test_a_proposal_binds_no_one():
    proposed = energy_truce()
    proposed.status = "proposed"
    a = assess([record("d1", [proposed], [strike(D(2025, 3, 27))])])
    assert (a.agreements, a.violations) == ([], [])


def test_one_incident_in_two_documents_is_one_violation_with_two_evidence_and_counts_run():
    r1 = record("d1", [energy_truce()], [strike(D(2025, 3, 27)), strike(D(2025, 3, 28), place="Kursk")])
    r2 = record("d2", [energy_truce()], [strike(D(2025, 3, 27), claimed_by=None),
                                          strike(D(2025, 3, 27), target="power_grid", perpetrator="rus",
                                                 claimed_by="gs_ukr", place="Sumy", admin1="UA-59")])
    a = assess([r1, r2])
    assert [(str(v.incident.date), v.accused, [e.document for e in v.evidence]) for v in a.violations] == [
        ("2025-03-27", "UKR", ["d1", "d2"]), ("2025-03-27", "RUS", ["d2"]), ("2025-03-28", "UKR", ["d1"])]
    assert a.agreements[0].sources == ["d1", "d2"]
    assert [(str(c.date), c.accused, c.alleged, c.running_total) for c in a.counts] == [
        ("2025-03-27", "RUS", 1, 1), ("2025-03-27", "UKR", 1, 1), ("2025-03-28", "UKR", 1, 2)]


def test_to_dict_has_the_records_md_shape():
    out = assess([record("d1", [energy_truce()], [strike(D(2025, 3, 21), denied_by=["gs_ukr"])])]).to_dict()
    assert out["schema"] == "truceline.assessment.v1"
    assert out["agreements"] == [{"subject": "energy_ceasefire", "parties": ["RUS", "UKR"], "scope": ["energy"],
                                  "versions": [{"by": "RUS", "start": "2025-03-18", "end": "2025-04-17"},
                                               {"by": "UKR", "start": "2025-03-25", "end": "2025-04-24"}],
                                  "sources": ["d1"]}]
    [v] = out["violations"]
    assert {k: v[k] for k in ("agreement", "version", "accused", "claimed_by", "denied_by")} == {
        "agreement": 0, "version": "RUS", "accused": "UKR", "claimed_by": "RUS", "denied_by": ["UKR"]}
    assert v["incident"]["date"] == "2025-03-21" and v["incident"]["location"]["admin1"] == "RU-KRS"
    assert v["evidence"] == [{"document": "d1", "start": 10, "end": 80}]
    assert out["counts"] == [{"date": "2025-03-21", "accused": "UKR", "alleged": 1, "running_total": 1}]
    json.dumps(out)


def test_report_words_claims_as_claims(tmp_path):
    path = tmp_path / "records.jsonl"
    rec = record("d1", [energy_truce()], [strike(D(2025, 3, 21), denied_by=["gs_ukr"])])
    path.write_text(json.dumps(rec.to_dict()) + "\n", encoding="utf-8")
    text = render_assessment(assess(load_records(path)))
    assert "claims, not findings" in text
    assert "as UKR states it: 2025-03-25 to 2025-04-24" in text
    assert "2025-03-21  Sudzha (RU-KRS): oil_gas by drone; UKR accused, claimed by RUS; denied by UKR" in text
    assert "2025-03-21  UKR  1  (1)" in text


def test_a_sides_own_account_outweighs_sources_giving_one_set_of_terms():
    from truceline.models import Agreement, Version

    plain = Agreement(subject="energy_ceasefire", parties=["rus", "ukr"], scope=["energy"], duration_days=30,
                      start=D(2025, 3, 18), end=D(2025, 4, 17), status="agreed")
    own = Agreement(subject="energy_ceasefire", parties=["rus", "ukr"], scope=["energy"], duration_days=30,
                    start=D(2025, 3, 18), end=D(2025, 4, 17), status="agreed",
                    versions=[Version(by="ukr", terms="counted from the talks", start=D(2025, 3, 25),
                                      end=D(2025, 4, 24))])
    result = assess([record("a", [plain], []), record("b", [plain], []), record("c", [own], [])])
    [g] = result.agreements
    assert [(v.by, v.start, v.end) for v in g.versions] == [("RUS", D(2025, 3, 18), D(2025, 4, 17)),
                                                           ("UKR", D(2025, 3, 25), D(2025, 4, 24))]
