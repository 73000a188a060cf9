"""Fixtures shared by the intake tests: a real HTTP server on 127.0.0.1 (see ``intake_server.py``)."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from intake_server import LoopbackServer


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    s = LoopbackServer()
    yield s
    s.close()
