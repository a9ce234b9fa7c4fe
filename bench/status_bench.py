"""How long does `status` take, and how many SQL queries, for a workspace with 500 services x 36 months?

    .venv/bin/python bench/status_bench.py [--services 500] [--months 36] [--runs 5] [--pg URL]

Builds the reply the way a slash command does (`bot.answers.answer` with the real handler, the
audit row included), against a migrated SQLite file and, when `--pg` or TEST_DATABASE_URL names a
PostgreSQL server, a fresh database there. Queries are counted with SQLAlchemy's
`before_cursor_execute` event. A second, smaller workspace (50 services) in the same run shows the
count does not grow with the number of services. Target: well within Slack's 3 seconds, a constant
number of queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, insert

from bot.answers import answer
from bot.reply import Asked, Deps
from bot.settings import Settings
from bot.storage.db import make_engine, session_scope, upgrade_to_head
from bot.storage.models import MauReport, Service, Workspace
from bot.storage.months import add_months, previous_month

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def seed(engine: Any, *, team: str, services: int, months: int) -> None:
    last = previous_month(NOW)
    first = add_months(last, 1 - months)
    with session_scope(engine) as s:
        s.add(Workspace(id=team, created_at=NOW))
        s.flush()
        s.execute(insert(Service), [
            {"workspace_id": team, "name": f"Service {i:03d}", "name_key": f"service {i:03d}",
             "license": ("llama-2", "llama-3.1", "llama-3.3")[i % 3], "owner_id": f"U{i:07d}",
             "since_month": first, "created_by": "UBENCH", "created_at": NOW}
            for i in range(services)
        ])
        ids = [sid for (sid,) in s.execute(Service.__table__.select().with_only_columns(Service.__table__.c.id)
                                          .where(Service.__table__.c.workspace_id == team))]
        rows = [
            {"workspace_id": team, "service_id": sid, "month": add_months(first, m),
             "value": 100_000 + 3_000 * m + 17 * n, "reported_by": "UBENCH", "reported_at": NOW}
            for n, sid in enumerate(ids) for m in range(months)
        ]
        for i in range(0, len(rows), 5000):
            s.execute(insert(MauReport), rows[i:i + 5000])


def measure(engine: Any, *, team: str, runs: int) -> dict[str, Any]:
    settings = Settings(_env_file=None)
    deps = Deps(settings=settings, engine=engine)
    statements: list[str] = []

    def count(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    times, queries = [], []
    reply = None
    try:
        for _ in range(runs):
            statements.clear()
            asked = Asked(text="status", surface="command", now=NOW, user_id="UBENCH", team_id=team)
            start = time.perf_counter()
            reply = answer(asked, deps=deps)
            times.append(time.perf_counter() - start)
            queries.append(len([s for s in statements if not s.lstrip().upper().startswith(
                ("BEGIN", "SAVEPOINT", "RELEASE", "PRAGMA"))]))
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert reply is not None and reply.ok, reply
    return {"median_s": statistics.median(times), "max_s": max(times), "queries": sorted(set(queries)),
            "blocks": len(reply.blocks), "text_chars": len(reply.text)}


def run(label: str, url: str, *, services: int, months: int, runs: int) -> None:
    upgrade_to_head(url)
    engine = make_engine(url)
    try:
        t0 = time.perf_counter()
        seed(engine, team="TBIG", services=services, months=months)
        seed(engine, team="TSMALL", services=50, months=months)
        seeded = time.perf_counter() - t0
        big = measure(engine, team="TBIG", runs=runs)
        small = measure(engine, team="TSMALL", runs=runs)
    finally:
        engine.dispose()
    print(f"{label}: seeded {services + 50} services x {months} months "
          f"({(services + 50) * months:,} reports) in {seeded:.1f}s")
    print(f"  status, {services} services: median {big['median_s'] * 1000:.0f} ms, max {big['max_s'] * 1000:.0f} ms, "
          f"SQL queries {big['queries']}, {big['blocks']} blocks, {big['text_chars']} chars of text")
    print(f"  status,  50 services: median {small['median_s'] * 1000:.0f} ms, max {small['max_s'] * 1000:.0f} ms, "
          f"SQL queries {small['queries']}")


def _pg_database(admin: str) -> tuple[str, str]:
    import psycopg

    admin = admin.replace("postgres://", "postgresql://", 1).replace("postgresql+psycopg://", "postgresql://")
    name = "hb_bench_" + uuid.uuid4().hex[:10]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin.rsplit("/", 1)[0] + "/" + name, name


def _drop(admin: str, name: str) -> None:
    import psycopg

    admin = admin.replace("postgres://", "postgresql://", 1).replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=500)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pg", default=os.environ.get("TEST_DATABASE_URL"),
                        help="PostgreSQL server URL (a fresh database is created and dropped)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", f"sqlite:///{tmp}/bench.db", services=args.services, months=args.months, runs=args.runs)
    if args.pg:
        url, name = _pg_database(args.pg)
        try:
            run("PostgreSQL", url, services=args.services, months=args.months, runs=args.runs)
        finally:
            _drop(args.pg, name)
    else:
        print("PostgreSQL: skipped (no --pg and no TEST_DATABASE_URL)")


if __name__ == "__main__":
    main()
