"""Fixtures shared across the suite. Keep this small: a fixture used by one module belongs in that module.

Helpers are fixtures rather than importable functions, so test modules need no package imports.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import sqlalchemy as sa

from truceline.settings import Settings

if TYPE_CHECKING:
    from truceline.extract.pipeline import Extractor

ROOT = Path(__file__).resolve().parent.parent


# Under CI (CI=true, as .ci/run is started) every part a test needs is installed and started, so a test
# that skips for want of one (../shared, chromium, PostgreSQL) hides a broken set-up: it fails instead.
@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI") and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI, where every part must be present: {report.longrepr}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if report.skipped and os.environ.get("CI"):
        report.outcome = "failed"
        report.longrepr = f"module skipped under CI, where every part must be present: {report.longrepr}"

CliRunner = Callable[..., "subprocess.CompletedProcess[str]"]


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    """The bundled demo corpus (examples/demo), written by the project."""
    return ROOT / "examples" / "demo"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the clone (spec, dev set, scorer); it may be absent, so check ``.exists()``."""
    return ROOT.parent / "shared"


@pytest.fixture(scope="session")
def truceline_bin() -> str:
    """The ``truceline`` script of the running interpreter's environment (the project's .venv)."""
    beside = Path(sys.executable).parent / "truceline"
    if beside.exists():
        return str(beside)
    found = shutil.which("truceline")
    if found is None:
        pytest.fail("no truceline command: install the package (./run test does)")
    return found


@pytest.fixture(scope="session")
def cli(truceline_bin: str) -> CliRunner:
    """``cli("extract", "--format", "json", path, input_text=None)``: run the real command from the repo root.

    Returns the finished process whatever its exit status.
    """

    def run(*args: str, input_text: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run([truceline_bin, *args], input=input_text, capture_output=True, text=True,
                              timeout=timeout, cwd=ROOT, env=dict(os.environ))

    return run


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.load()


@pytest.fixture(scope="session")
def extractor(settings: Settings) -> Extractor:
    """One Extractor (and so one loaded spaCy pipeline) for the whole session."""
    from truceline.extract.pipeline import Extractor as _Extractor

    return _Extractor(settings)


PG_ENV = "TRUCELINE_TEST_PG_URL"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new store's address: a SQLite file, and (marked ``postgres``) a PostgreSQL database of its own on
    the server ``TRUCELINE_TEST_PG_URL`` names (``./run test`` starts one), dropped afterwards."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(f"PostgreSQL run needs {PG_ENV} (scripts/postgres.sh start prints one; ./run test sets it)")
    with new_pg_database("truceline_test_") as url:
        yield url


@contextlib.contextmanager
def new_pg_database(prefix: str) -> Iterator[str]:
    """A new PostgreSQL database on the server ``TRUCELINE_TEST_PG_URL`` names, dropped on leaving."""
    base = os.environ[PG_ENV]
    name = prefix + uuid.uuid4().hex[:12]
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.engine.make_url(base).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture
def pg_database() -> Callable[[str], contextlib.AbstractContextManager[str]]:
    """:func:`new_pg_database`, for the conftest files below this one."""
    return new_pg_database
