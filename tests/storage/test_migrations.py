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


def test_0002_rekeys_service_names_and_keeps_lookalikes_apart(database_url: str) -> None:
    """Services registered under 0001's key (case and space folding only) are found by the new key;
    two that only now look alike keep separate keys (the first by id gets the new one)."""
    from alembic import command
    from sqlalchemy import text

    from bot.storage.db import alembic_config, session_scope
    from bot.storage.repository import find_service

    engine = make_engine(database_url)
    try:
        with engine.begin() as conn:
            cfg = alembic_config(database_url)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "0001")
            conn.execute(text("INSERT INTO workspace (id, default_license, default_policy, created_at) "
                              "VALUES ('T1', 'llama-2', 'guide', '2026-11-01T00:00:00+00:00')"))
            for i, (name, key) in enumerate([("\uff33upport Bot", "\uff53upport bot"),
                                             ("Sup\u200bport Bot", "sup\u200bport bot")]):
                conn.execute(text("INSERT INTO service (id, workspace_id, name, name_key, license, since_month, "
                                  "created_at) VALUES (:i, 'T1', :n, :k, 'llama-2', '2026-01', "
                                  "'2026-11-01T00:00:00+00:00')"), {"i": i + 1, "n": name, "k": key})
        upgrade_to_head(database_url)
        with session_scope(engine) as s:
            assert find_service(session=s, workspace_id="T1", name="SUPPORT  bot").id == 1
            keys = list(s.connection().execute(text("SELECT name_key FROM service ORDER BY id")).scalars())
        assert keys == ["support bot", "sup\u200bport bot"]
    finally:
        engine.dispose()
