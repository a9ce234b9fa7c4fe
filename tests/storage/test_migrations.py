"""Alembic at head is the models, on both databases; upgrades are repeatable; behind is refused."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import bot.storage.models  # noqa: F401 - the tables
from bot.storage.db import (
    MIGRATIONS_DIR,
    DatabaseBehind,
    current_revision,
    ensure_at_head,
    head_revision,
    make_engine,
    upgrade_to_head,
)


def test_head_matches_models(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": False})
        diffs = compare_metadata(ctx, SQLModel.metadata)
    assert diffs == []
    assert set(inspect(engine).get_table_names()) >= set(SQLModel.metadata.tables)


def test_fresh_database_upgrades_cleanly_and_twice(database_url: str) -> None:
    fresh = make_engine(database_url)
    try:
        assert current_revision(fresh) is None
        with pytest.raises(DatabaseBehind, match="llama-bot db upgrade"):
            ensure_at_head(fresh)
        upgrade_to_head(database_url)
        upgrade_to_head(database_url)  # a second `db upgrade` (every release) is a no-op
        assert current_revision(fresh) == head_revision() is not None
        ensure_at_head(fresh)
    finally:
        fresh.dispose()


def test_migrations_found_by_package_path_not_cwd(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    assert (MIGRATIONS_DIR / "env.py").is_file()
    upgrade_to_head("sqlite:///relative.db")
    assert (tmp_path / "relative.db").is_file()
    eng = make_engine("sqlite:///relative.db")
    try:
        ensure_at_head(eng)
    finally:
        eng.dispose()


def test_behind_database_names_the_command(database_url: str) -> None:
    upgrade_to_head(database_url)
    eng = make_engine(database_url)
    try:
        with eng.begin() as conn:
            conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0000_old'")
        with pytest.raises(DatabaseBehind) as info:
            ensure_at_head(eng)
        assert "0000_old" in str(info.value) and "llama-bot db upgrade" in str(info.value)
    finally:
        eng.dispose()


def test_foreign_keys_enforced(engine) -> None:  # type: ignore[no-untyped-def]
    """SQLite only enforces them when asked on each connection; make_engine asks."""
    from datetime import UTC, datetime

    from sqlalchemy.exc import IntegrityError

    from bot.storage.db import session_scope
    from bot.storage.models import MauReport

    with pytest.raises(IntegrityError), session_scope(engine) as s:
        s.add(MauReport(workspace_id="TNONE", service_id=999, month="2026-10", value=1, reported_by="U1",
                        reported_at=datetime(2026, 11, 1, tzinfo=UTC)))
