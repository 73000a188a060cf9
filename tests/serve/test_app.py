"""The app's own settings: how many threads run request handlers."""
from __future__ import annotations

from pathlib import Path

import anyio
import anyio.to_thread
import pytest

from truceline.serve import create_app
from truceline.settings import Settings


def _handler_threads(settings: Settings) -> int:
    app = create_app(settings)

    async def started() -> int:
        # What uvicorn does at start-up: run the app's lifespan, then read the pool it left.
        async with app.router.lifespan_context(app):
            return int(anyio.to_thread.current_default_thread_limiter().total_tokens)

    return anyio.run(started)


def test_serve_threads_bounds_the_handler_pool(tmp_path: Path) -> None:
    assert _handler_threads(Settings.load(db=str(tmp_path / "t.db"), serve_threads=3)) == 3


def test_serve_threads_zero_means_one_per_cpu(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 5)
    assert _handler_threads(Settings.load(db=str(tmp_path / "t.db"), serve_threads=0)) == 5
