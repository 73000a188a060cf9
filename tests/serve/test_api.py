"""The JSON API against a real uvicorn server on 127.0.0.1: pages, filters, record shape, OpenAPI offline."""
from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import JSONResponse

from truceline.serve import api as api_routes

from .conftest import Live

#: the API routes that answer with text, not JSON, and the media types they declare instead of a model.
TEXT_ROUTES = {("get", "/api/audit/export"): {"text/csv", "application/x-ndjson"}}
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


@pytest.fixture(scope="module")
def api(live: Live) -> httpx.Client:
    client, _ = live.login("vic")
    return client


def test_reading_needs_a_login_when_anonymous_read_is_off(live: Live) -> None:
    answer = live.client().get("/api/incidents")
    assert answer.status_code == 401
    assert answer.json() == {"detail": "log in to read this"}


def test_incidents_page_newest_first_with_total(api: httpx.Client) -> None:
    body = api.get("/api/incidents", params={"limit": 2}).json()
    assert body["total"] == 3 and body["limit"] == 2 and body["offset"] == 0
    assert [i["date"] for i in body["items"]] == ["2025-05-10", "2025-05-08"]
    rest = api.get("/api/incidents", params={"limit": 2, "offset": 2}).json()
    assert [i["date"] for i in rest["items"]] == ["2025-05-07"]
    first = body["items"][0]
    assert first["location"] == {"name": "Kharkiv", "country": "UKR", "admin1": "UA-63", "lat": 49.99,
                                 "lon": 36.23, "precision": 1}
    assert (first["target"], first["weapon"], first["perpetrator"], first["fatalities"]) == (
        "medical", "missile", "Armed Forces of Russia", 4)


@pytest.mark.parametrize(("params", "dates"), [
    ({"target": "energy"}, ["2025-05-08", "2025-05-07"]),
    ({"target": "oil_gas"}, ["2025-05-08"]),
    ({"admin1": "ua-59"}, ["2025-05-07"]),
    ({"country": "RUS"}, ["2025-05-08"]),
    ({"since": "2025-05-08", "until": "2025-05-09"}, ["2025-05-08"]),
    ({"weapon": "missile"}, ["2025-05-10"]),
])
def test_incident_filters(api: httpx.Client, params: dict[str, str], dates: list[str]) -> None:
    body = api.get("/api/incidents", params=params).json()
    assert [i["date"] for i in body["items"]] == dates
    assert body["total"] == len(dates)


def test_limit_is_bounded(api: httpx.Client) -> None:
    assert api.get("/api/incidents", params={"limit": 501}).status_code == 422
    assert api.get("/api/incidents", params={"offset": -1}).status_code == 422


def test_acts_filter_by_actor_and_subject(api: httpx.Client) -> None:
    actors = api.get("/api/actors", params={"name": "government of ukraine"}).json()["items"]
    assert [a["name"] for a in actors] == ["Government of Ukraine"]
    acts = api.get("/api/acts", params={"actor": actors[0]["id"], "subject": "energy_ceasefire"}).json()
    assert sorted(a["type"] for a in acts["items"]) == ["accuse", "agree"]
    assert all(a["actor"] == "Government of Ukraine" for a in acts["items"])
    assert api.get("/api/acts", params={"type": "deny"}).json()["total"] == 1


def test_document_holds_its_record_and_items(api: httpx.Client) -> None:
    docs = api.get("/api/documents", params={"since": "2025-05-02", "until": "2025-05-02"}).json()["items"]
    assert [d["document"] for d in docs] == ["t-001"]
    doc = api.get(f"/api/documents/{docs[0]['id']}").json()
    assert doc["record"]["schema"] == "truceline.v1"
    assert doc["record"]["document"]["id"] == "t-001"
    statement = doc["items"]["statements"][0]
    assert doc["text"][statement["evidence"]["start"]:statement["evidence"]["end"]] == (
        "The Kremlin said the pause starts on May 3.")
    assert len(doc["items"]["acts"]) == 2 and len(doc["items"]["agreements"]) == 1


def test_agreement_versions_side_by_side(api: httpx.Client) -> None:
    agreement = api.get("/api/agreements").json()["items"][0]
    found = api.get(f"/api/agreements/{agreement['id']}").json()
    assert found["subject"] == "energy_ceasefire" and found["parties"] == ["RUS", "UKR"]
    sides = {v["side"]: (v["start"], v["end"], v["remaining_days"]) for v in found["versions"]}
    # The store's date is its newest document (2025-05-10).
    assert sides == {"RUS": ("2025-05-03", "2025-06-02", 23), "UKR": ("2025-05-05", "2025-06-04", 25)}


def test_violations_name_the_accused_and_the_version(api: httpx.Client) -> None:
    found = api.get("/api/violations").json()
    got = [(v["date"], v["accused"], v["version"], v["in_versions"], v["claimed_by"]) for v in found["items"]]
    # Sumy (May 7, energy) and Kursk (May 8, energy) fall in both windows, each listed once and named by
    # the alleging side's version; the hospital is out of scope.
    assert got == [("2025-05-08", "UKR", "RUS", ["RUS", "UKR"], ["RUS"]),
                   ("2025-05-07", "RUS", "UKR", ["RUS", "UKR"], ["UKR"])]


def test_search(api: httpx.Client) -> None:
    hits = api.get("/api/search", params={"q": "substation"}).json()["items"]
    assert [h["document"] for h in hits] == ["t-002"]
    assert "[substation]" in hits[0]["snippet"]


def test_unknown_items_are_404(api: httpx.Client) -> None:
    assert api.get("/api/agreements/999").status_code == 404
    assert api.get("/api/documents/999").json() == {"detail": "no document 999"}


def test_openapi_and_docs_are_served_offline(live: Live) -> None:
    client = live.client()
    spec = client.get("/openapi.json").json()
    assert {"/api/incidents", "/api/acts", "/api/violations", "/api/reviews/{kind}/{ident}"} <= set(spec["paths"])
    page = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
    assert "http://" not in page and "https://" not in page
    bundle = client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and len(bundle.content) > 500_000
    assert client.get("/static/vendor/swagger-ui/swagger-ui.css").status_code == 200


def test_security_headers(live: Live) -> None:
    headers = live.client().get("/login").headers
    assert "default-src 'self'" in headers["content-security-policy"]
    assert "script-src 'self';" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def _shape(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    """A response schema with its $ref (or its array items' $ref) resolved against the spec's components."""
    if schema.get("type") == "array":
        schema = schema.get("items", {})
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        return dict(spec["components"]["schemas"].get(ref.rsplit("/", 1)[1], {}))
    return schema


def undocumented(spec: dict[str, Any]) -> list[str]:
    """Every API operation whose success answer has no described shape (a model with properties)."""
    missing = []
    for path, operations in spec["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            if method not in HTTP_METHODS:
                continue
            ok = {code: answer.get("content", {}) for code, answer in operation["responses"].items()
                  if code.startswith("2")}
            text = TEXT_ROUTES.get((method, path))
            if text is not None:
                if not any(text <= set(content) for content in ok.values()):
                    missing.append(f"{method.upper()} {path}: no {sorted(text)} answer declared")
                continue
            if not any(_shape(content.get("application/json", {}).get("schema", {}), spec).get("properties")
                       for content in ok.values()):
                missing.append(f"{method.upper()} {path}")
    return missing


def test_every_api_route_documents_its_answer(live: Live) -> None:
    spec = live.client().get("/openapi.json").json()
    paths = {p for p in spec["paths"] if p.startswith("/api/")}
    assert {"/api/documents", "/api/incidents/{ident}", "/api/tokens", "/api/audit/export"} <= paths
    assert undocumented(spec) == []
    # The list routes send prebuilt JSON responses; their models still name what they hold.
    page = spec["components"]["schemas"]["ListedIncidentPage"]
    assert set(page["properties"]) == {"total", "limit", "offset", "items"}
    assert page["properties"]["items"]["items"] == {"$ref": "#/components/schemas/ListedIncident"}


def test_a_route_without_a_model_is_caught() -> None:
    app = FastAPI()
    app.include_router(api_routes.router)

    @app.get("/api/extra")
    def extra() -> dict[str, Any]:
        return {}

    @app.get("/api/raw")
    def raw() -> JSONResponse:  # like the prebuilt list answers, without response_model=
        return JSONResponse({})

    assert undocumented(app.openapi()) == ["GET /api/extra", "GET /api/raw"]
