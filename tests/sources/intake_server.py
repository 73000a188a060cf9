"""A real HTTP server on 127.0.0.1 for the intake tests: routes set per test, every request recorded.

Not a test module (no ``test_`` prefix): imported by tests/sources/test_fetch.py, test_feeds.py,
test_watch.py and benchmarks/intake_latency.py.
"""
from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    #: seconds to wait before answering (a slow page).
    delay: float = 0.0
    #: answer 304 when the request's If-None-Match equals this.
    etag: str | None = None
    #: answer 304 when the request's If-Modified-Since equals this.
    last_modified: str | None = None


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    at: float


class LoopbackServer:
    """``ThreadingHTTPServer`` on 127.0.0.1, port chosen by the system."""

    def __init__(self) -> None:
        self.routes: dict[str, Route | list[Route]] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
                server._answer(self)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def route(self, path: str, *answers: Route, **kw: Any) -> None:
        """Serve ``Route(**kw)`` at ``path``; several answers are served in turn, the last one repeatedly."""
        with self._lock:
            self.routes[path] = list(answers) if answers else Route(**kw)

    def hits(self, path: str) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.path == path)

    def seen(self, path: str) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _answer(self, h: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.requests.append(Seen(h.path, {k.lower(): v for k, v in h.headers.items()}, time.monotonic()))
            entry = self.routes.get(h.path)
            route: Route | None
            if isinstance(entry, list):
                route = entry.pop(0) if len(entry) > 1 else entry[0]
            else:
                route = entry
        if route is None:
            route = Route(status=404, body=b"not found", content_type="text/plain")
        try:
            if route.delay:
                time.sleep(route.delay)
            conditional = (route.etag and h.headers.get("If-None-Match") == route.etag) or \
                (route.last_modified and h.headers.get("If-Modified-Since") == route.last_modified)
            status = 304 if conditional else route.status
            body = b"" if status == 304 else route.body
            h.send_response(status)
            if route.content_type and status != 304:
                h.send_header("Content-Type", route.content_type)
            if route.etag:
                h.send_header("ETag", route.etag)
            if route.last_modified:
                h.send_header("Last-Modified", route.last_modified)
            for name, value in route.headers.items():
                h.send_header(name, value)
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


def refuse_non_loopback(monkeypatch: Any) -> list[tuple[str, int]]:
    """A safety net for SSRF tests: any attempt to open a socket to a non-loopback address fails loudly
    (and is recorded) instead of sending a packet. The guard under test must refuse before this."""
    attempts: list[tuple[str, int]] = []
    real = socket.create_connection

    def guarded(address: tuple[str, int], *args: Any, **kw: Any) -> socket.socket:
        if address[0] not in LOOPBACK_HOSTS:
            attempts.append((address[0], address[1]))
            raise AssertionError(f"test tried to connect to {address[0]}")
        return real(address, *args, **kw)

    monkeypatch.setattr(socket, "create_connection", guarded)
    return attempts
