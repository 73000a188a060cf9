"""Access control over HTTP: every state-changing endpoint for every role, CSRF, tokens, login limits,
anonymous read-only."""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from .conftest import PASSWORDS, Live, start_live

Call = Callable[[httpx.Client, dict[str, str], dict[str, Any]], httpx.Response]


def _act_id(live: Live) -> int:
    client, _ = live.login("vic")
    return int(client.get("/api/acts", params={"type": "deny"}).json()["items"][0]["id"])


def _setup(live: Live) -> dict[str, Any]:
    """Ids the calls need: an act to review, a token of the admin's to revoke."""
    admin, csrf = live.login("ada")
    token = admin.post("/api/tokens", json={"name": "target"}, headers={"X-CSRF-Token": csrf}).json()
    return {"act": _act_id(live), "token": token["id"]}


# (name, call, expected status for anonymous, viewer, analyst, admin)
API_CALLS: list[tuple[str, Call, tuple[int, int, int, int]]] = [
    ("review", lambda c, h, ids: c.post(f"/api/reviews/act/{ids['act']}", json={"action": "confirm"}, headers=h),
     (401, 403, 200, 200)),
    ("token create", lambda c, h, ids: c.post("/api/tokens", json={"name": "x"}, headers=h), (401, 403, 201, 201)),
    # An analyst may revoke only their own tokens: the admin's token is "not found" to them.
    ("token revoke", lambda c, h, ids: c.delete(f"/api/tokens/{ids['token']}", headers=h), (401, 403, 404, 200)),
    ("user create", lambda c, h, ids: c.post("/api/users", json={"username": f"u-{h.get('n', 'x')}",
                                                                  "password": "long-enough-1", "role": "viewer"},
                                              headers=h), (401, 403, 403, 201)),
    ("user change", lambda c, h, ids: c.patch("/api/users/vic", json={"role": "viewer"}, headers=h),
     (401, 403, 403, 200)),
    ("audit read", lambda c, h, ids: c.get("/api/audit", headers=h), (401, 403, 403, 200)),
    ("audit export", lambda c, h, ids: c.get("/api/audit/export", headers=h), (401, 403, 403, 200)),
]

PAGE_CALLS: list[tuple[str, Call, tuple[int, int, int, int]]] = [
    ("review form", lambda c, h, ids: c.post(f"/review/act/{ids['act']}", data={"action": "confirm", **h}),
     (401, 403, 303, 303)),
    ("token form", lambda c, h, ids: c.post("/account/tokens", data={"name": "x", **h}), (401, 403, 200, 200)),
    ("revoke form", lambda c, h, ids: c.post(f"/account/tokens/{ids['token']}/revoke", data=h),
     (401, 403, 404, 303)),
    ("user form", lambda c, h, ids: c.post("/admin/users", data={"username": f"f-{h.get('n', 'x')}",
                                                                  "password": "long-enough-1", "role": "viewer", **h}),
     (401, 403, 403, 303)),
    ("user change form", lambda c, h, ids: c.post("/admin/users/vic", data={"role": "viewer", **h}),
     (401, 403, 403, 303)),
]
ROLE_USERS = (None, "vic", "ann", "ada")


def _status_by_role(live: Live, call: Call, csrf_field: str) -> tuple[int, ...]:
    """The status ``call`` gets as anonymous, viewer, analyst and admin (the CSRF token where ``csrf_field``
    says: a header for the API, a form field for the pages)."""
    ids = _setup(live)
    got = []
    for user in ROLE_USERS:
        if user is None:
            got.append(call(live.client(), {}, ids).status_code)
            continue
        client, csrf = live.login(user)
        got.append(call(client, {csrf_field: csrf, "n": user}, ids).status_code)
    return tuple(got)


@pytest.mark.parametrize(("name", "call", "expected"), API_CALLS, ids=[c[0] for c in API_CALLS])
def test_api_access_by_role(live: Live, name: str, call: Call, expected: tuple[int, ...]) -> None:
    assert _status_by_role(live, call, "X-CSRF-Token") == expected


@pytest.mark.parametrize(("name", "call", "expected"), PAGE_CALLS, ids=[c[0] for c in PAGE_CALLS])
def test_form_access_by_role(live: Live, name: str, call: Call, expected: tuple[int, ...]) -> None:
    assert _status_by_role(live, call, "csrf_token") == expected


@pytest.mark.parametrize(("name", "call", "expected"), API_CALLS[:5] + PAGE_CALLS,
                         ids=[c[0] for c in API_CALLS[:5] + PAGE_CALLS])
def test_session_without_csrf_token_is_refused(live: Live, name: str, call: Call, expected: tuple[int, ...]) -> None:
    ids = _setup(live)
    admin, _ = live.login("ada")
    answer = call(admin, {"X-CSRF-Token": "wrong", "csrf_token": "wrong"}, ids)
    assert answer.status_code == 403
    assert "CSRF" in answer.text


def test_anonymous_cannot_write_even_with_anonymous_read(live_anonymous: Live) -> None:
    client = live_anonymous.client()
    assert client.get("/api/incidents").json()["total"] == 3
    assert client.get("/").status_code == 200
    act = client.get("/api/acts").json()["items"][0]["id"]
    assert client.post(f"/api/reviews/act/{act}", json={"action": "reject"}).status_code == 401
    assert client.post(f"/review/act/{act}", data={"action": "reject"}).status_code == 401
    assert client.post("/api/tokens", json={}).status_code == 401
    assert client.get("/api/audit").status_code == 401


def test_api_token_works_without_csrf_and_stops_when_revoked(live: Live) -> None:
    analyst, csrf = live.login("ann")
    made = analyst.post("/api/tokens", json={"name": "nightly"}, headers={"X-CSRF-Token": csrf})
    assert made.status_code == 201
    secret = made.json()["token"]
    script = httpx.Client(base_url=live.url, headers={"Authorization": f"Bearer {secret}"})
    assert script.get("/api/me").json() == {"username": "ann", "role": "analyst", "via": "token", "csrf": None}
    act = script.get("/api/acts").json()["items"][0]["id"]
    assert script.post(f"/api/reviews/act/{act}", json={"action": "confirm"}).status_code == 200
    assert analyst.delete(f"/api/tokens/{made.json()['id']}", headers={"X-CSRF-Token": csrf}).status_code == 200
    assert script.get("/api/me").status_code == 401
    assert httpx.get(f"{live.url}/api/me", headers={"Authorization": "Bearer tl_made-up"}).status_code == 401


def test_viewer_token_cannot_be_made_and_viewer_cannot_review_by_token(live: Live) -> None:
    viewer, csrf = live.login("vic")
    assert viewer.post("/api/tokens", json={}, headers={"X-CSRF-Token": csrf}).status_code == 403


def test_failed_logins_are_limited(live: Live) -> None:
    client = live.client()
    admin, csrf = live.login("ada")
    assert admin.post("/api/users", json={"username": "lim", "password": "right-password", "role": "viewer"},
                      headers={"X-CSRF-Token": csrf}).status_code == 201
    statuses = []
    for _ in range(live.settings.login_max_failures):
        form = client.get("/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
        statuses.append(client.post("/login", data={"username": "lim", "password": "wrong-password",
                                                    "csrf_token": token}).status_code)
    assert statuses == [401] * live.settings.login_max_failures
    form = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
    locked = client.post("/login", data={"username": "lim", "password": "right-password", "csrf_token": token})
    assert locked.status_code == 429
    assert "too many failed logins" in locked.text
    # Other accounts are not locked out by someone else's failures.
    live.login("vic", fresh=True)
    actions = [e["action"] for e in admin.get("/api/audit", params={"username": "lim"}).json()["items"]]
    assert actions.count("login.failed") == 5 and "login.locked" in actions


def test_login_form_needs_its_csrf_cookie(live: Live) -> None:
    answer = live.client().post("/login", data={"username": "ada", "password": PASSWORDS["ada"],
                                                "csrf_token": "forged"})
    assert answer.status_code == 403


def test_logout_ends_the_session(live: Live) -> None:
    client, csrf = live.login("vic", fresh=True)
    assert client.post("/logout", data={"csrf_token": csrf}).status_code == 303
    assert client.get("/api/me").status_code == 401


def test_disabled_user_loses_sessions_and_cannot_log_in(live: Live) -> None:
    admin, csrf = live.login("ada")
    admin.post("/api/users", json={"username": "gone", "password": "password-gone", "role": "analyst"},
               headers={"X-CSRF-Token": csrf})
    user, _ = live.login("gone", "password-gone", fresh=True)
    assert admin.patch("/api/users/gone", json={"active": False}, headers={"X-CSRF-Token": csrf}).status_code == 200
    assert user.get("/api/me").status_code == 401
    form = live.client()
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.get("/login").text).group(1)  # type: ignore[union-attr]
    assert form.post("/login", data={"username": "gone", "password": "password-gone",
                                     "csrf_token": token}).status_code == 401


def test_passwords_are_stored_as_argon2_hashes(live: Live) -> None:
    import sqlalchemy as sa

    from truceline.store.serve_tables import users

    with live.store.engine.connect() as conn:
        stored = conn.execute(sa.select(users.c.password_hash).where(users.c.username == "ada")).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORDS["ada"] not in stored


def test_pages_redirect_anonymous_browsers_to_login(live: Live) -> None:
    answer = live.client().get("/map", headers={"Accept": "text/html"})
    assert answer.status_code == 303 and answer.headers["location"] == "/login?next=/map"


def _try(client: httpx.Client, user: str, password: str, address: str) -> int:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)  # type: ignore[union-attr]
    return client.post("/login", data={"username": user, "password": password, "csrf_token": token},
                       headers={"X-Forwarded-For": address}).status_code


def test_failures_lock_out_the_client_that_failed_never_the_user(tmp_path: Path) -> None:
    live, close = start_live(tmp_path / "store.db", login_client_header="X-Forwarded-For",
                             login_max_failures=3, login_max_client_failures=6)
    try:
        attacker, user = live.client(), live.client()
        # Someone else's failures for "vic" lock out only their own address...
        assert [_try(attacker, "vic", "guess", "203.0.113.7") for _ in range(4)] == [401, 401, 401, 429]
        assert _try(attacker, "vic", PASSWORDS["vic"], "203.0.113.7") == 429
        # ...while vic, from elsewhere, still gets in.
        assert _try(user, "vic", PASSWORDS["vic"], "198.51.100.2") == 303
        # One address trying many names is refused once it has failed too often, whatever the name.
        names = [_try(attacker, f"name{n}", "guess", "203.0.113.9") for n in range(7)]
        assert names == [401] * 6 + [429]
    finally:
        close()
