"""Concurrent writers against a real server: reviews, logins and an ingest at once never give a 5xx.

Web writes read before they write (is there a review already? how many failed logins?); on SQLite a
read transaction that then writes fails with "database is locked" when another writer got there first.
Every web write now takes the write lock first (``truceline.store.db.writing``), so writers queue.
"""
from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import httpx
import pytest

from truceline.models import Record

from .conftest import PASSWORDS, Live, records, start_live


@pytest.fixture
def busy(db_url: str) -> Iterator[Live]:
    live, close = start_live(db_url)
    yield live
    close()


def _login_form(client: httpx.Client) -> str:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
    assert token
    return token.group(1)


def test_reviews_logins_and_an_ingest_at_once_never_fail(busy: Live) -> None:
    analyst, csrf = busy.login("ann")
    items = [a["id"] for a in analyst.get("/api/acts", params={"limit": 100}).json()["items"]]
    assert items
    statuses: list[int] = []
    lock = threading.Lock()

    def note(code: int) -> None:
        with lock:
            statuses.append(code)

    def reviewer(n: int) -> None:
        client, token = busy.login("ann", fresh=True)
        for i in range(25):
            item = items[(n + i) % len(items)]
            body = {"action": "confirm"} if i % 2 else {"action": "correct", "changes": {"text": f"edit {n}-{i}"}}
            note(client.post(f"/api/reviews/act/{item}", headers={"x-csrf-token": token}, json=body).status_code)

    def failed_logins(n: int) -> None:
        with busy.client() as client:
            for _ in range(8):
                token = _login_form(client)
                note(client.post("/login", data={"username": f"nobody{n}", "password": "wrong-password",
                                                 "csrf_token": token, "next": "/"}).status_code)

    def logins() -> None:
        for _ in range(4):
            with busy.client() as client:
                token = _login_form(client)
                note(client.post("/login", data={"username": "vic", "password": PASSWORDS["vic"],
                                                 "csrf_token": token, "next": "/"}).status_code)

    def ingest() -> None:
        for n, rec in enumerate(records()):
            data = rec.to_dict()
            data["document"]["id"] = f"again-{n}"
            data["document"]["text"] += f" (republished {n})"
            busy.store.add(Record.from_dict(data))

    workers = [threading.Thread(target=reviewer, args=(n,)) for n in range(4)]
    workers += [threading.Thread(target=failed_logins, args=(n,)) for n in range(2)]
    workers += [threading.Thread(target=logins), threading.Thread(target=ingest)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
    assert not any(w.is_alive() for w in workers)
    assert len(statuses) == 4 * 25 + 2 * 8 + 4
    assert [s for s in statuses if s >= 500] == []
    assert statuses.count(200) >= 4 * 25  # every review went through
