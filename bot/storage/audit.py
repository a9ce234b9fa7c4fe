"""The audit row by the cheap path: a SQLAlchemy Core insert, batched by one writer thread per engine.

`repository.record_audit` builds the row's values; when a writer is running for the session's
engine (`serve` starts one per gunicorn worker) the values are queued here and the request goes on,
otherwise they are inserted at once in the caller's transaction (tests, shell, jobs).

Under `serve` the rows of a request are held until its response has been written (`hold`/`unhold`,
bot/web.py), then queued. A queued row keeps its `detail` as a dict: the writer encodes it as JSON (off the request thread).
The writer takes whatever has queued up (up to `batch` rows) and inserts it in one transaction
(one `executemany`, one commit: one WAL append on SQLite, one round trip on PostgreSQL). If a batch
fails (a row PostgreSQL refuses, a dropped connection), its rows are retried one by one so one bad
row never costs the others; a row that still fails is logged with its workspace and action.

Loss window. A row is in memory from `put()` until its batch commits: normally a few milliseconds,
at most `capacity` rows. A graceful stop (SIGTERM: gunicorn's worker_exit, or interpreter exit)
drains the queue first. A process killed with SIGKILL, or the machine losing power, loses the rows
still queued; the answers themselves were already sent. When the queue is full, `put()` writes the
row in the caller's thread instead (slower, never dropped).
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from typing import Any

from sqlalchemy.engine import Engine

from bot.storage.models import Audit

logger = logging.getLogger("herdbook.audit")

Row = dict[str, Any]
_STOP = object()


def _encoded(row: Row) -> Row:
    detail = row.get("detail")
    if detail is None or isinstance(detail, str):
        return row
    return {**row, "detail": json.dumps(detail, sort_keys=True, default=str)}


def insert_rows(engine_or_conn: Any, rows: list[Row]) -> None:
    """Insert audit rows (a `detail` that is not a string yet is stored as its JSON)."""
    table = Audit.__table__  # type: ignore[attr-defined]
    rows = [_encoded(row) for row in rows]
    if isinstance(engine_or_conn, Engine):
        with engine_or_conn.begin() as conn:
            conn.execute(table.insert(), rows)
    else:
        engine_or_conn.execute(table.insert(), rows)


def warm_insert(engine: Engine, row: Row) -> None:
    """The writer's insert compiled for one row and for a batch (SQLAlchemy compiles each shape once per engine,
    ~1-2 ms, in the writer's thread: during the first answers otherwise), in a transaction that is rolled back:
    nothing is written."""
    with engine.connect() as conn:
        transaction = conn.begin()
        try:
            insert_rows(conn, [row])
            insert_rows(conn, [row, row])
        finally:
            transaction.rollback()


class AuditWriter:
    def __init__(self, engine: Engine, *, batch: int = 500, capacity: int = 10_000, linger: float = 0.0) -> None:
        self.engine = engine
        self.batch = batch
        self.linger = linger
        self._queue: queue.Queue[Any] = queue.Queue(maxsize=capacity)
        self._local = threading.local()
        self._thread = threading.Thread(target=self._loop, name="audit-writer", daemon=True)
        self._thread.start()
        self.written = 0
        self.lost = 0

    def hold(self) -> None:
        """From now until `unhold()`, keep the rows this thread puts (serve: until the response is written,
        so waking the writer never delays the ack)."""
        self._local.held = []

    def unhold(self) -> list[Row]:
        """Stop holding in this thread; the rows held so far, for `put_all` (any thread)."""
        rows = getattr(self._local, "held", None) or []
        self._local.held = None
        return rows

    def put_all(self, rows: list[Row]) -> None:
        for row in rows:
            self.put(row)

    def put(self, row: Row) -> None:
        held = getattr(self._local, "held", None)
        if held is not None:
            held.append(row)
            return
        if not self._thread.is_alive():  # closed: write it here
            self._write([row])
            return
        try:
            self._queue.put_nowait(row)
        except queue.Full:  # overloaded: the caller pays for its own row rather than drop it
            self._write([row])

    def flush(self, timeout: float | None = 10.0) -> bool:
        """Wait until every row put so far is committed (or failed and logged)."""
        if not self._thread.is_alive():
            return self._queue.empty()
        done = threading.Event()
        self._queue.put(done)
        return done.wait(timeout)

    def close(self, timeout: float = 10.0) -> None:
        """Write what is queued, then stop the thread."""
        if self._thread.is_alive():
            self._queue.put(_STOP)
            self._thread.join(timeout)
        if self._thread.is_alive():
            logger.error("audit writer still busy after %.0f s; %d rows may be lost", timeout, self._queue.qsize())

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if self.linger and item is not _STOP and not isinstance(item, threading.Event):
                time.sleep(self.linger)  # let a batch gather: one wake-up and one commit for many rows
            rows: list[Row] = []
            markers: list[threading.Event] = []
            stop = False
            while True:
                if item is _STOP:
                    stop = True
                elif isinstance(item, threading.Event):
                    markers.append(item)
                else:
                    rows.append(item)
                if len(rows) >= self.batch:
                    break
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
            if rows:
                self._write(rows)
            for marker in markers:
                marker.set()
            if stop:
                if self._queue.empty():
                    return
                self._queue.put(_STOP)  # rows were put after the stop: write them too, then stop

    def _write(self, rows: list[Row]) -> None:
        try:
            insert_rows(self.engine, rows)
            self.written += len(rows)
            return
        except Exception:
            if len(rows) == 1:
                self.lost += 1
                logger.exception("could not write the audit row (%s, %s)", rows[0].get("workspace_id"),
                                 rows[0].get("action"))
                return
            logger.warning("an audit batch of %d rows failed; writing them one by one", len(rows), exc_info=True)
        for row in rows:
            self._write([row])


_writers: dict[int, AuditWriter] = {}
_lock = threading.Lock()


def start_writer(engine: Engine, **kw: Any) -> AuditWriter:
    """Start (once) the writer for `engine`; `record_audit` on that engine queues from now on."""
    with _lock:
        writer = _writers.get(id(engine))
        if writer is None:
            writer = _writers[id(engine)] = AuditWriter(engine, **kw)
        return writer


def writer_for(bind: Any) -> AuditWriter | None:
    writer = _writers.get(id(bind))
    return writer if writer is not None and writer.engine is bind else None


def stop_writer(engine: Engine, timeout: float = 10.0) -> None:
    with _lock:
        writer = _writers.pop(id(engine), None)
    if writer is not None:
        writer.close(timeout)


def stop_all(timeout: float = 10.0) -> None:
    for writer in list(_writers.values()):
        stop_writer(writer.engine, timeout)
