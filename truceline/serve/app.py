"""The web app: ``create_app(settings)`` builds it over the store, ``serve(settings, host, port)`` runs it.

One FastAPI app serves the JSON API (``/api``), its OpenAPI description (``/openapi.json``, browsable at
``/docs`` with the vendored Swagger UI), the server-rendered dashboard and static files. Nothing is
loaded from another host: the Content-Security-Policy says so to the browser too.
"""
from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from truceline.errors import AccessError
from truceline.settings import Settings
from truceline.store.db import larger_page_cache
from truceline.views.templates import TEMPLATES

if TYPE_CHECKING:
    from truceline.store import Store

HERE = Path(__file__).parent
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")


class _Headers:
    """Security headers on every answer (plain ASGI: no per-request task, unlike BaseHTTPMiddleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        no_store = path.startswith("/api/") or path in ("/login", "/logout")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", CSP)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                headers.setdefault("X-Frame-Options", "DENY")
                if no_store:
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, with_headers)


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """The app over ``store`` (default: ``open_store(settings.db)``, migrated on open)."""
    from truceline.store import open_store

    from . import admin_pages, api, incident_pages, incidents_api, pages, review_forms
    from .cache import Overview, Versioned
    from .render import error_page

    settings = settings or Settings.load()
    store = store or open_store(settings.db, settings)
    threads = settings.serve_threads or os.cpu_count() or 2

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # Sync handlers run on AnyIO's thread pool (40 threads by default); see Settings.serve_threads.
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    app = FastAPI(title="Truceline", version="1", docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Ceasefire monitoring records: documents, actors, statements, acts, agreements, "
                              "incidents, alleged violations; review and access control.")
    app.state.settings = settings
    app.state.store = store
    app.state.engine = store.engine
    # The overview, and list pages, counts and map data, kept per data version (serve/cache.py).
    app.state.overview = Overview()
    app.state.answers = Versioned()
    larger_page_cache(store.engine)
    app.add_middleware(_Headers)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    # The incident routes first: "/api/incidents/points" must not be read as an incident id.
    app.include_router(incidents_api.router)
    app.include_router(api.router)
    for module in (incident_pages, review_forms, admin_pages, pages):
        app.include_router(module.router)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse((TEMPLATES / "docs.html").read_text(encoding="utf-8"))

    @app.exception_handler(AccessError)
    def refused(request: Request, exc: AccessError) -> Response:
        if _wants_html(request):
            if exc.status == 401:
                return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
            return error_page(request, exc.status, str(exc))
        return JSONResponse({"detail": str(exc)}, status_code=exc.status)

    @app.exception_handler(RequestValidationError)
    def invalid(request: Request, exc: RequestValidationError) -> Response:
        detail: Any = [{"loc": e.get("loc"), "msg": e.get("msg")} for e in exc.errors()]
        if _wants_html(request):
            return error_page(request, 422, "; ".join(f"{d['loc'][-1]}: {d['msg']}" for d in detail))
        return JSONResponse({"detail": detail}, status_code=422)

    return app


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the app on uvicorn until interrupted (one process; SQLite in WAL mode serves readers alongside
    an ingest)."""
    import uvicorn

    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", proxy_headers=False)
