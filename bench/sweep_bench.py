"""The threshold sweep over many workspaces, next to one GROUP BY over the reports table.

    .venv/bin/python bench/sweep_bench.py [--sizes 2500,10000] [--backends sqlite,postgres]
                                          [--pg-url postgresql://postgres@127.0.0.1:5432/postgres]

For each backend and size N: a fresh database migrated to head, N workspaces x 10 services x 24 months
of reports bulk-loaded (executemany on SQLite, COPY on PostgreSQL), about 1 % of workspaces near or
over the limit. Then, in the same run:

- `query`: SELECT workspace_id, month, SUM(value) FROM maureport GROUP BY workspace_id, month, all
  rows fetched: the floor for anything that reads every report once;
- `sweep (first)`: run_sweep when the crossing workspaces fire their alerts (writes);
- `sweep (steady)`: run_sweep again, nothing to change (what every clock tick does).

Wall time is measured without tracemalloc (it slows Python down); peak Python memory with
tracemalloc in a separate run of the same thing; max RSS from getrusage at the end. Target: the
steady sweep at most 3x the query, and its peak memory flat as N grows (it pages, never loads all).

One run (2026-11-26, two CPU cores shared with four other sessions, so timings are noisy):

    backend       ws   reports  load s  query s  q MiB  sweep1 s alerts  sweep s  s MiB sweep/query
    sqlite      2500    600000     3.1     0.36   16.6      1.06     19     0.60    2.0       1.64x
    sqlite     10000   2400000    17.2     2.44   66.3      4.51     89     2.45    2.0       1.01x
    postgres    2500    600000    11.3     0.46   20.7      1.30     19     0.73    1.7       1.58x
    postgres   10000   2400000    50.2     1.82   82.6      7.23     89     3.49    1.7       1.91x
"""

from __future__ import annotations

import argparse
import gc
import random
import resource
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.jobs.periods import add_months, latest_complete_month
from bot.jobs.sweep import run_sweep
from bot.storage.db import make_engine, upgrade_to_head

NOW = datetime(2026, 11, 15, 12, 0, tzinfo=UTC)
SERVICES = 10
MONTHS = 24
QUERY = "SELECT workspace_id, month, SUM(value) FROM maureport GROUP BY workspace_id, month"


def rows_for(n: int, seed: int = 7) -> tuple[list[tuple], list[tuple], list[tuple]]:
    rng = random.Random(seed)
    last = latest_complete_month(NOW)
    months = [add_months(last, -i) for i in reversed(range(MONTHS))]
    workspaces, services, reports = [], [], []
    sid = 0
    for w in range(n):
        ws = f"T{w:07d}"
        workspaces.append((ws, f"Company {w}", "CALERTS", "llama-2", "guide", NOW))
        big = rng.random() < 0.01  # near or over the limit: these fire alerts on the first sweep
        for s in range(SERVICES):
            sid += 1
            name = f"Service {s}"
            services.append((sid, ws, name, name.lower(), "llama-2", f"U{w:07d}{s}", months[0], f"U{w:07d}{s}", NOW))
            base = rng.randint(40_000_000, 80_000_000) if big else rng.randint(100_000, 20_000_000)
            for i, month in enumerate(months):
                reports.append((ws, sid, month, int(base * (1 + 0.01 * i)), f"U{w:07d}{s}", NOW))
    return workspaces, services, reports


WS_COLS = "id, name, alert_channel, default_license, default_policy, created_at"
SVC_COLS = "id, workspace_id, name, name_key, license, owner_id, since_month, created_by, created_at"
REP_COLS = "workspace_id, service_id, month, value, reported_by, reported_at"


def load_sqlite(engine: Engine, data: tuple[list[tuple], list[tuple], list[tuple]]) -> None:
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute("BEGIN")  # storage's engine sets pysqlite to autocommit; one transaction for the load
        iso = [(*r[:-1], r[-1].isoformat(sep=" ")) for r in data[0]]
        cur.executemany(f"INSERT INTO workspace ({WS_COLS}) VALUES (?,?,?,?,?,?)", iso)
        cur.executemany(f"INSERT INTO service ({SVC_COLS}) VALUES (?,?,?,?,?,?,?,?,?)",
                        [(*r[:-1], r[-1].isoformat(sep=" ")) for r in data[1]])
        stamp = NOW.isoformat(sep=" ")
        cur.executemany(f"INSERT INTO maureport ({REP_COLS}) VALUES (?,?,?,?,?,?)",
                        ((*r[:-1], stamp) for r in data[2]))
        raw.commit()
        cur.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()


def load_postgres(engine: Engine, data: tuple[list[tuple], list[tuple], list[tuple]]) -> None:
    raw = engine.raw_connection()
    try:
        cur = raw.driver_connection.cursor()
        for table, cols, rows in (("workspace", WS_COLS, data[0]), ("service", SVC_COLS, data[1]),
                                  ("maureport", REP_COLS, data[2])):
            with cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        cur.execute("SELECT setval(pg_get_serial_sequence('service', 'id'), (SELECT max(id) FROM service))")
        raw.driver_connection.commit()
        raw.driver_connection.autocommit = True
        cur.execute("VACUUM ANALYZE")
        raw.driver_connection.autocommit = False
    finally:
        raw.close()


def group_by(engine: Engine) -> int:
    with engine.connect() as conn:
        return len(conn.execute(text(QUERY)).all())


def measure(fn: Callable[[], Any]) -> tuple[float, float, Any]:
    """(seconds, peak MiB under tracemalloc, result) — timed and traced in separate runs."""
    gc.collect()
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    gc.collect()
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return seconds, peak, result


@contextmanager
def database(backend: str, pg_url: str) -> Iterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{tmp}/bench.db"
        return
    import psycopg

    admin = pg_url.replace("postgresql+psycopg://", "postgresql://")
    name = "sweep_bench_" + uuid.uuid4().hex[:8]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bench(backend: str, n: int, pg_url: str) -> dict[str, Any]:
    with database(backend, pg_url) as url:
        upgrade_to_head(url)
        engine = make_engine(url)
        data = rows_for(n)
        start = time.perf_counter()
        (load_sqlite if backend == "sqlite" else load_postgres)(engine, data)
        load = time.perf_counter() - start
        reports = len(data[2])
        del data
        gc.collect()
        q_time, q_peak, groups = measure(lambda: group_by(engine))
        start = time.perf_counter()
        first = run_sweep(engine=engine, now=NOW)
        first_time = time.perf_counter() - start
        s_time, s_peak, steady = measure(lambda: run_sweep(engine=engine, now=NOW))
        engine.dispose()
    return {"backend": backend, "workspaces": n, "reports": reports, "load_s": load, "query_s": q_time,
            "query_peak_mib": q_peak, "groups": groups, "first_s": first_time, "alerts": len(first.alerts),
            "steady_s": s_time, "steady_peak_mib": s_peak, "steady_alerts": len(steady.alerts),
            "ratio": s_time / q_time}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2500,10000")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--pg-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args(argv)
    print(f"{'backend':9} {'ws':>6} {'reports':>9} {'load s':>7} {'query s':>8} {'q MiB':>6} "
          f"{'sweep1 s':>9} {'alerts':>6} {'sweep s':>8} {'s MiB':>6} {'sweep/query':>11}")
    for backend in args.backends.split(","):
        for n in (int(s) for s in args.sizes.split(",")):
            r = bench(backend, n, args.pg_url)
            print(f"{r['backend']:9} {r['workspaces']:>6} {r['reports']:>9} {r['load_s']:>7.1f} {r['query_s']:>8.2f} "
                  f"{r['query_peak_mib']:>6.1f} {r['first_s']:>9.2f} {r['alerts']:>6} {r['steady_s']:>8.2f} "
                  f"{r['steady_peak_mib']:>6.1f} {r['ratio']:>10.2f}x", flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max RSS of the whole run: {rss:.0f} MiB (includes the bulk-load rows held before loading)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
