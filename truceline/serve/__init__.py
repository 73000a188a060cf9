"""The web app: JSON API, offline dashboard, review with an audit log, access control.

    from truceline.serve import create_app, serve, add_user
    add_user(settings, "ana", "a long password", "analyst")
    serve(settings, host="127.0.0.1", port=8000)

See ``docs/serve.md``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from truceline.settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

    from truceline.store import Store

__all__ = ["add_user", "create_app", "serve"]


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """The FastAPI app over ``store`` (default: the store at ``settings.db``)."""
    from .app import create_app as build

    return build(settings, store)


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the app on uvicorn at host:port until interrupted."""
    from .app import serve as run

    run(settings, host, port)


def add_user(settings: Settings, username: str, password: str, role: str) -> int:
    """Create a user (role viewer, analyst or admin) in the store at ``settings.db``; returns its id.

    Raises ``AccessError`` when the name is taken, the role unknown or the password shorter than 8.
    """
    from truceline.store import open_store

    from .auth import create_user

    with open_store(settings.db, settings) as store:
        return create_user(store.engine, username, password, role)
