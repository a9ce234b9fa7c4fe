"""Short write transactions that two processes can run at once without tripping over each other."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Engine
from sqlmodel import Session


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session whose transaction takes the write lock up front on SQLite.

    SQLite's default deferred transactions deadlock when two connections both read and then both
    try to write: one gets "database is locked" at once, without waiting. BEGIN IMMEDIATE makes the
    second writer wait (busy_timeout) at the start instead. PostgreSQL needs nothing: row locks and
    unique indexes do the work.
    """
    session = Session(engine, expire_on_commit=False)
    try:
        if engine.dialect.name == "sqlite":
            conn = session.connection()
            # bot.storage.db.make_engine already begins every transaction IMMEDIATE; an engine made
            # otherwise (pysqlite's lazy BEGIN) gets it here.
            if not conn.connection.dbapi_connection.in_transaction:
                conn.exec_driver_sql("BEGIN IMMEDIATE")
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
