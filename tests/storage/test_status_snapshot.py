"""`status_snapshot` (Core selects in a read-only transaction) reads what the ORM repository functions read,
on SQLite and PostgreSQL, and never writes or takes SQLite's write lock."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from bot.storage import repository as repo
from bot.storage.db import make_engine, read_scope, session_scope
from bot.storage.models import Notification

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def _seed(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """T1: four services (one never reported, one replaced, one carried), two dead alerts; T2: one service."""
    ids: dict[str, int] = {}
    with session_scope(engine) as s:
        for team in ("T1", "T2"):
            repo.get_or_create_workspace(session=s, team_id=team, now=NOW, default_license="llama-3.1")
        repo.set_alert_channel(session=s, workspace_id="T1", channel_id="C0ALERTS")
        for team, name, owner in (("T1", "zeta Bot", "U1"), ("T1", "Alpha", None), ("T1", "Mid <b>", "U2"),
                                  ("T1", "Never", "U3"), ("T2", "Other", "U9")):
            ids[name] = repo.register_service(session=s, workspace_id=team, name=name, license="llama-2",
                                              owner_id=owner, user_id="U1", now=NOW, since_month="2025-06").id
        for name, month, value in (("zeta Bot", "2026-08", 10), ("zeta Bot", "2026-09", 12), ("zeta Bot", "2026-10", 15),
                                   ("Alpha", "2026-09", 7), ("Alpha", "2026-09", 8),  # replaced: 8 counts
                                   ("Mid <b>", "2026-07", 3), ("Mid <b>", "2026-10", 4),
                                   ("Other", "2026-10", 99)):
            team = "T2" if name == "Other" else "T1"
            repo.record_report(session=s, workspace_id=team, service_id=ids[name], month=month, value=value,
                               user_id="U1", now=NOW)
        for subject, period, error in (("level:75:company", "2026-10", "channel_not_found"),
                                       (f"level:50:service:{ids['Alpha']}", "2026-09", None)):
            s.add(Notification(workspace_id="T1", kind="alert", subject=subject, period=period, status="dead",
                               claimed_at=NOW, last_error=error))
        s.add(Notification(workspace_id="T1", kind="alert", subject="level:90:company", period="2026-10",
                           status="sent"))
    return ids


@pytest.mark.parametrize("month", ["2026-10", "2026-09", "2026-07", "2026-01"])
def test_snapshot_reads_what_the_orm_functions_read(engine, month: str) -> None:  # type: ignore[no-untyped-def]
    _seed(engine)
    snap = repo.status_snapshot(engine=engine, workspace_id="T1", month=month)
    assert snap is not None
    with session_scope(engine) as s:
        ws = repo.get_workspace(session=s, workspace_id="T1")
        services = repo.list_services(session=s, workspace_id="T1")
        total = repo.company_total(session=s, workspace_id="T1", month=month, services=services)
        series = repo.company_series(session=s, workspace_id="T1", up_to=month)
        dead = repo.dead_alerts(session=s, workspace_id="T1")
    assert ws is not None
    assert (snap.workspace.id, snap.workspace.default_license, snap.workspace.default_policy,
            snap.workspace.alert_channel) == (ws.id, ws.default_license, ws.default_policy, ws.alert_channel)
    assert [(x.id, x.name, x.license, x.owner_id) for x in snap.services] == \
        [(x.id, x.name, x.license, x.owner_id) for x in services]
    assert (snap.total.month, snap.total.value) == (total.month, total.value)
    assert sorted(snap.total.carried) == sorted(total.carried)
    assert sorted(snap.total.missing) == sorted(total.missing)
    assert {k: (r.month, r.value) for k, r in snap.total.per_service.items()} == \
        {k: (r.month, r.value) for k, r in total.per_service.items()}
    assert snap.series == series
    assert snap.dead == dead
    assert len(snap.dead) == 2 and snap.dead[0].subject_name == "Alpha"


def test_snapshot_of_an_empty_or_unknown_workspace(engine) -> None:  # type: ignore[no-untyped-def]
    assert repo.status_snapshot(engine=engine, workspace_id="T404", month="2026-10") is None
    with session_scope(engine) as s:
        repo.get_or_create_workspace(session=s, team_id="T3", now=NOW)
    snap = repo.status_snapshot(engine=engine, workspace_id="T3", month="2026-10")
    assert snap is not None
    assert (snap.services, snap.total.value, snap.series, snap.dead) == ([], 0, [], [])
    assert snap.workspace.default_license == "llama-2" and snap.workspace.alert_channel is None


def test_snapshot_sees_only_its_workspace(engine) -> None:  # type: ignore[no-untyped-def]
    ids = _seed(engine)
    snap = repo.status_snapshot(engine=engine, workspace_id="T2", month="2026-10")
    assert snap is not None
    assert [s.name for s in snap.services] == ["Other"] and snap.total.value == 99 and snap.dead == []
    assert ids["Other"] in snap.total.per_service and len(snap.total.per_service) == 1


def test_read_scope_refuses_to_write_on_postgresql_and_writes_nothing(engine) -> None:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        repo.get_or_create_workspace(session=s, team_id="T1", now=NOW)
    if engine.dialect.name == "postgresql":
        with pytest.raises(DBAPIError, match="read-only"), read_scope(engine) as conn:
            conn.execute(text("UPDATE workspace SET name = 'x' WHERE id = 'T1'"))
    else:  # SQLite has no read-only transaction; what the block did is rolled back, never committed
        with read_scope(engine) as conn:
            conn.execute(text("UPDATE workspace SET name = 'x' WHERE id = 'T1'"))
    with session_scope(engine) as s:
        assert repo.get_workspace(session=s, workspace_id="T1").name is None  # type: ignore[union-attr]


def test_sqlite_snapshot_does_not_wait_for_the_write_lock(engine, database_url: str) -> None:  # type: ignore[no-untyped-def]
    """While another process holds the write lock, status still reads (BEGIN IMMEDIATE would be refused
    at once here: this engine's busy timeout is 0, so nothing in this test waits on time)."""
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's write lock")
    _seed(engine)
    reader = make_engine(database_url, pool_size=1, max_overflow=0)
    with reader.connect() as conn:
        conn.exec_driver_sql("PRAGMA busy_timeout=0")  # the one pooled connection: fail instead of waiting
    writer = make_engine(database_url)
    try:
        with writer.begin() as held:  # BEGIN IMMEDIATE: the write lock, held until the block ends
            held.execute(text("UPDATE workspace SET name = 'busy' WHERE id = 'T1'"))
            snap = repo.status_snapshot(engine=reader, workspace_id="T1", month="2026-10")
            assert snap is not None and snap.total.value == 15 + 8 + 4
            with pytest.raises(DBAPIError, match="locked"), session_scope(reader) as s:
                repo.get_workspace(session=s, workspace_id="T1")  # a read/write session does wait for it
    finally:
        reader.dispose()
        writer.dispose()
