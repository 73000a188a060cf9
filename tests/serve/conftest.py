"""Web app fixtures: a real store (SQLite file) holding records written for these tests, three users, and
the app running on uvicorn on 127.0.0.1 in a thread. Tests talk to it over HTTP with httpx.

The articles are short texts written for the purpose; one (``t-evil``) carries markup and scripts.
"""
from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import uvicorn

from truceline.serve.app import create_app
from truceline.serve.auth import create_user
from truceline.settings import Settings
from truceline.store import Store, open_store

from .records import EVIL_TEXT, EVIL_TITLE, PASSWORDS, ROLES, records

__all__ = ["EVIL_TEXT", "EVIL_TITLE", "PASSWORDS", "Live", "records"]

@dataclass
class Live:
    url: str
    store: Store
    settings: Settings
    sessions: dict[str, tuple[httpx.Client, str]] = field(default_factory=dict)

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, follow_redirects=False)

    def login(self, user: str, password: str | None = None, fresh: bool = False) -> tuple[httpx.Client, str]:
        """A client holding a session for ``user``, and that session's CSRF token (one per user and module
        unless ``fresh``: argon2 makes each login cost a tenth of a second on purpose)."""
        if not fresh and user in self.sessions:
            return self.sessions[user]
        c = self.client()
        form = c.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token, form.text
        answer = c.post("/login", data={"username": user, "password": password or PASSWORDS[user],
                                        "csrf_token": token.group(1), "next": "/"})
        assert answer.status_code == 303, answer.text
        me = c.get("/api/me").json()
        if not fresh:
            self.sessions[user] = (c, me["csrf"])
        return c, me["csrf"]


def _serve(app: object) -> tuple[str, Callable[[], None]]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)

    def stop() -> None:
        server.should_exit = True
        thread.join(10)
        sock.close()

    return f"http://127.0.0.1:{port}", stop


def start_live(db: Path | str, **overrides: object) -> tuple[Live, Callable[[], None]]:
    settings = Settings.load(db=str(db), **overrides)
    store = open_store(str(db), settings)
    for record in records():
        store.add(record)
    for user, role in ROLES.items():
        create_user(store.engine, user, PASSWORDS[user], role)
    url, stop = _serve(create_app(settings, store))

    def close() -> None:
        stop()
        store.close()

    return Live(url, store, settings), close


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """The app over a fresh store, module-wide (tests in a module may see each other's reviews)."""
    server, close = start_live(tmp_path_factory.mktemp("serve") / "store.db")
    yield server
    close()


@pytest.fixture(scope="module")
def live_anonymous(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """The same with ``anonymous_read`` on."""
    server, close = start_live(tmp_path_factory.mktemp("serve-anon") / "store.db", anonymous_read=True)
    yield server
    close()
