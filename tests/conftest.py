"""Shared fixtures.

- Bolt reads some SLACK_* variables itself, so every test starts without them.
- `database_url` runs a test on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL too.
  Each PostgreSQL test gets a database of its own (created from TEST_DATABASE_URL's server and
  dropped afterwards), so parallel runs and leftover rows never meet.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
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


@pytest.fixture
def pg_database_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database (plain postgresql:// URL); skipped without TEST_DATABASE_URL."""
    admin = _pg_admin_url()
    if admin is None:
        pytest.skip(f"{PG_ENV} is not set")
    import psycopg

    name = "hb_" + uuid.uuid4().hex[:16]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(admin, name)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgres"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """A fresh database URL, once for SQLite and once for PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'herdbook.db'}"
    return request.getfixturevalue("pg_database_url")


@pytest.fixture
def engine(database_url: str):  # type: ignore[no-untyped-def]
    """An Engine on a fresh database upgraded to head with Alembic (SQLite and PostgreSQL)."""
    from bot.storage.db import make_engine, upgrade_to_head

    upgrade_to_head(database_url)
    eng = make_engine(database_url)
    try:
        yield eng
    finally:
        eng.dispose()
