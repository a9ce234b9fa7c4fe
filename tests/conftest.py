"""Shared fixtures.

- Bolt reads some SLACK_* variables itself, so every test starts without them.
- `database_url` runs a test on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL too.
  Each PostgreSQL test gets a database of its own (created from TEST_DATABASE_URL's server and
  dropped afterwards), so parallel runs and leftover rows never meet.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

PG_ENV = "TEST_DATABASE_URL"


@pytest.fixture(autouse=True)
def _no_slack_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for key in list(os.environ):
        if key.startswith("SLACK_") or key in ("DATABASE_URL", "PORT"):
            monkeypatch.delenv(key, raising=False)


def _pg_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url:
        return None
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    return url.replace("postgresql+psycopg://", "postgresql://")


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


@pytest.fixture(scope="session")
def _sqlite_at_head(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to head per test process; `engine` tests start from a copy."""
    from bot.storage.db import upgrade_to_head

    path = tmp_path_factory.mktemp("at-head") / "herdbook.db"
    upgrade_to_head(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def _pg_at_head() -> Iterator[str | None]:
    """A PostgreSQL database migrated to head per test process (xdist worker), the template of `engine` tests'
    databases; None without TEST_DATABASE_URL."""
    admin = _pg_admin_url()
    if admin is None:
        yield None
        return
    import psycopg

    from bot.storage.db import upgrade_to_head

    name = "hb_head_" + uuid.uuid4().hex[:12]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        upgrade_to_head(_with_database(admin, name))  # disposes its engine: nobody stays connected to the template
        yield name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _wants_head(request: pytest.FixtureRequest) -> bool:
    """The test uses `engine`, whose database must be at head: start it from the migrated template (the same
    schema Alembic would build, without running the migrations again for every test)."""
    return "engine" in request.fixturenames


@pytest.fixture
def pg_database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh PostgreSQL database (plain postgresql:// URL), empty unless the test uses `engine`; skipped without
    TEST_DATABASE_URL."""
    admin = _pg_admin_url()
    if admin is None:
        pytest.skip(f"{PG_ENV} is not set")
    import psycopg

    template = request.getfixturevalue("_pg_at_head") if _wants_head(request) else None
    name = "hb_" + uuid.uuid4().hex[:16]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    try:
        yield _with_database(admin, name)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh database URL, once for SQLite and once for PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "herdbook.db"
        if _wants_head(request):
            shutil.copy(request.getfixturevalue("_sqlite_at_head"), path)
        return f"sqlite:///{path}"
    return str(request.getfixturevalue("pg_database_url"))


@pytest.fixture
def engine(database_url: str):  # type: ignore[no-untyped-def]
    """An Engine on a fresh database at head (a copy of one migrated with Alembic), SQLite and PostgreSQL."""
    from bot.storage.db import current_revision, head_revision, make_engine

    eng = make_engine(database_url)
    assert current_revision(eng) == head_revision()
    try:
        yield eng
    finally:
        eng.dispose()
