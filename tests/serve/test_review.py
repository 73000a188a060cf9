"""Review over HTTP: confirm, correct, reject; corrections outlive re-extraction; the audit log."""
from __future__ import annotations

import csv
import io
import json

import httpx
import pytest
import sqlalchemy as sa

from truceline.store import schema as t
from truceline.store.serve_tables import audit_log

from .conftest import Live, records


def _analyst(live: Live) -> tuple[httpx.Client, dict[str, str]]:
    client, csrf = live.login("ann")
    return client, {"X-CSRF-Token": csrf}


def _act(client: httpx.Client, type_: str) -> dict:  # type: ignore[type-arg]
    return client.get("/api/acts", params={"type": type_}).json()["items"][0]  # type: ignore[no-any-return]


def test_correction_shows_in_the_api_and_survives_reextraction(live: Live) -> None:
    client, h = _analyst(live)
    deny = _act(client, "deny")
    answer = client.post(f"/api/reviews/act/{deny['id']}", headers=h,
                         json={"action": "correct", "changes": {"subject": "full_ceasefire", "text": "denies it"},
                               "note": "the denial is about the truce as a whole"})
    assert answer.status_code == 200, answer.text
    shown = _act(client, "deny")
    assert (shown["subject"], shown["text"], shown["review"]["action"]) == ("full_ceasefire", "denies it", "correct")

    # Re-extraction: the document's rows are replaced (new row ids); the correction follows the item.
    t2 = next(r for r in records() if r.document.id == "t-002")
    with live.store.engine.begin() as conn:
        conn.execute(sa.delete(t.documents).where(t.documents.c.doc_id == "t-002"))
    live.store.add(t2)
    again = _act(client, "deny")
    assert again["id"] != deny["id"]
    assert (again["subject"], again["text"], again["review"]["action"]) == ("full_ceasefire", "denies it", "correct")
    # Re-ingesting the same content stores nothing new and changes nothing.
    assert live.store.add(t2) is None
    assert _act(client, "deny")["subject"] == "full_ceasefire"


def test_rejected_incident_leaves_the_violations(live: Live) -> None:
    client, h = _analyst(live)
    before = {v["date"] for v in client.get("/api/violations").json()["items"]}
    assert "2025-05-08" in before
    assert '<span id="count-violations">2</span>' in client.get("/").text
    kursk = client.get("/api/incidents", params={"admin1": "RU-KRS"}).json()["items"][0]
    report = client.get(f"/api/incidents/{kursk['id']}").json()["report_items"][0]
    assert client.post(f"/api/reviews/incident/{report['id']}", headers=h,
                       json={"action": "reject"}).status_code == 200
    assert client.get("/api/incidents", params={"admin1": "RU-KRS"}).json()["items"][0]["review"]["action"] == "reject"
    after = {v["date"] for v in client.get("/api/violations").json()["items"]}
    assert after == before - {"2025-05-08"}
    # The overview is cached per data version: the review changes the version, so it is recomputed.
    assert '<span id="count-violations">1</span>' in client.get("/").text


def test_confirm_then_correct_the_agreement_status(live: Live) -> None:
    client, h = _analyst(live)
    agreement = client.get("/api/agreements").json()["items"][0]
    report = client.get(f"/api/agreements/{agreement['id']}").json()["reports"][0]
    assert client.post(f"/api/reviews/agreement/{report['id']}", headers=h, json={"action": "confirm"}).json()[
        "action"] == "confirm"
    client.post(f"/api/reviews/agreement/{report['id']}", headers=h,
                json={"action": "correct", "changes": {"status": "in_force", "scope": "energy,nuclear"}})
    shown = client.get(f"/api/agreements/{agreement['id']}").json()["reports"][0]
    assert (shown["status"], shown["scope"], shown["review"]["action"]) == ("in_force", ["energy", "nuclear"],
                                                                             "correct")


@pytest.mark.parametrize(("body", "message"), [
    ({"action": "correct", "changes": {"type": "surrender"}}, "type: expected one of"),
    ({"action": "correct", "changes": {"colour": "red"}}, "no correctable field 'colour'"),
    ({"action": "correct", "changes": {}}, "at least one field"),
    ({"action": "correct", "changes": {"actor_id": 9999}}, "no actor 9999"),
    ({"action": "approve"}, "unknown action 'approve'"),
])
def test_bad_reviews_are_refused(live: Live, body: dict, message: str) -> None:  # type: ignore[type-arg]
    client, h = _analyst(live)
    act = _act(client, "agree")
    answer = client.post(f"/api/reviews/act/{act['id']}", headers=h, json=body)
    assert answer.status_code == 422
    assert message in answer.json()["detail"]


def test_review_of_a_missing_item_is_404(live: Live) -> None:
    client, h = _analyst(live)
    assert client.post("/api/reviews/act/99999", headers=h, json={"action": "reject"}).status_code == 404
    assert client.post("/api/reviews/opinion/1", headers=h, json={"action": "reject"}).status_code == 404


def test_review_form_on_the_document_page(live: Live) -> None:
    client, csrf = live.login("ann")
    doc = client.get("/api/documents", params={"since": "2025-05-10"}).json()["items"][0]
    found = client.get(f"/api/documents/{doc['id']}").json()
    report = found["items"]["incidents"][0]
    answer = client.post(f"/review/incident/{report['id']}", data={
        "csrf_token": csrf, "action": "correct", "fatalities": "5", "weapon": "", "back": f"/documents/{doc['id']}"})
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/documents/{doc['id']}#incident-{report['id']}"
    page = client.get(f"/documents/{doc['id']}").text
    assert "5 killed" in page and "corrected" in page
    assert client.get("/api/incidents", params={"admin1": "UA-63"}).json()["items"][0]["fatalities"] == 5


def test_audit_log_records_who_when_before_after(live: Live) -> None:
    client, h = _analyst(live)
    act = _act(client, "accuse")
    client.post(f"/api/reviews/act/{act['id']}", headers=h, json={"action": "reject", "note": "not an accusation"})
    admin, _ = live.login("ada")
    entries = admin.get("/api/audit", params={"action": "review.reject"}).json()["items"]
    entry = next(e for e in entries if e["target"].startswith("act:t-002:"))
    assert entry["username"] == "ann"
    assert entry["at"].startswith("20")
    assert entry["before"]["action"] is None and entry["before"]["item"]["type"] == "accuse"
    assert entry["after"] == {"action": "reject", "corrected": {}, "note": "not an accusation"}

    rows = list(csv.DictReader(io.StringIO(admin.get("/api/audit/export", params={"format": "csv"}).text)))
    assert [r["id"] for r in rows] == sorted((r["id"] for r in rows), key=int)
    assert any(r["action"] == "review.reject" and r["username"] == "ann" for r in rows)
    lines = admin.get("/api/audit/export", params={"format": "jsonl"}).text.splitlines()
    assert len(lines) == len(rows)
    assert json.loads(lines[-1])["id"] == int(rows[-1]["id"])
    admin_page = admin.get("/admin").text
    assert "review.reject" in admin_page and "not an accusation" in admin_page


def test_audit_log_is_append_only_in_the_database(live: Live) -> None:
    with pytest.raises(sa.exc.IntegrityError, match="append-only"):
        with live.store.engine.begin() as conn:
            conn.execute(sa.update(audit_log).values(username="someone else"))
    with pytest.raises(sa.exc.IntegrityError, match="append-only"):
        with live.store.engine.begin() as conn:
            conn.execute(sa.delete(audit_log))


def test_ids_beyond_what_the_database_stores_are_422(live: Live) -> None:
    client, h = _analyst(live)
    huge = 2**63
    assert client.get(f"/api/incidents/{huge}").status_code == 422
    assert client.post(f"/api/reviews/incident/{huge}", headers=h, json={"action": "reject"}).status_code == 422
    kursk = client.get("/api/incidents", params={"admin1": "RU-KRS"}).json()["items"][0]
    report = client.get(f"/api/incidents/{kursk['id']}").json()["report_items"][0]
    answer = client.post(f"/api/reviews/incident/{report['id']}", headers=h,
                         json={"action": "correct", "changes": {"perpetrator_id": huge}})
    assert answer.status_code == 422 and "at most" in answer.text
    assert client.get(f"/documents/{huge}").status_code == 422
