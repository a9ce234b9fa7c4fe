"""Engines, sessions and migrations. The one place that knows how to open the database.

`make_engine(url)` accepts every form `DATABASE_URL` may take (`sqlite:///file`, `postgres://`,
`postgresql://`, `postgresql+psycopg://`). The schema is Alembic's business: `upgrade_to_head(url)`
migrates, `ensure_at_head(engine)` refuses to run on a database behind the code.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine

from bot.settings import normalise_database_url

# Located by this file, not the working directory, so an installed package finds its migrations.
STORAGE_DIR = Path(__file__).resolve().parent
ALEMBIC_INI = STORAGE_DIR / "alembic.ini"
MIGRATIONS_DIR = STORAGE_DIR / "migrations"

# Alembic logs each plugin and step at INFO; under LOG_LEVEL=INFO that buries the one line that
# matters (`db upgrade` prints its own result). Alembic itself is imported where it is used, after this.
logging.getLogger("alembic").setLevel(logging.WARNING)

UPGRADE_HINT = "Run `llama-bot db upgrade` (with the same DATABASE_URL) and start again."


class DatabaseBehind(RuntimeError):
    """The database schema is not at the latest migration this code was written for."""


def is_sqlite(url_or_engine: str | Engine) -> bool:
    url = url_or_engine.url if isinstance(url_or_engine, Engine) else make_url(normalise_database_url(url_or_engine))
    return url.get_backend_name() == "sqlite"


def _sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # SQLite ignores foreign keys unless asked, per connection; busy_timeout lets the web process
    # and the clock write to the same file without "database is locked" on a brief overlap.
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    # WAL lets readers (status, /healthz) go on while the web workers or the clock write, and makes
    # each commit one append instead of a journal rewrite; in-memory databases keep their own mode.
    cur.execute("PRAGMA database_list")
    if any(row[1] == "main" and row[2] for row in cur.fetchall()):
        cur.execute("PRAGMA journal_mode=WAL")
        wal = str(cur.fetchone()[0]).lower() == "wal"
    else:
        wal = False
    if wal:
        # In WAL, NORMAL syncs at checkpoints, not at every commit: a committed transaction survives
        # any crash of the process; only power loss / an OS crash can undo the last ones (never
        # corrupt). The argument, and what Herdbook promises: docs/performance.md.
        cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()
    # pysqlite opens transactions lazily (only before writes), which breaks SAVEPOINTs: the
    # insert-or-skip paths rely on them. SQLAlchemy's documented fix: let SQLAlchemy emit BEGIN.
    dbapi_conn.isolation_level = None


# Execution option of a connection opened by `read_scope`: its transactions only read.
READ_ONLY = "herdbook_read_only"


def _sqlite_begin(conn: Any) -> None:
    if conn.get_execution_options().get(READ_ONLY):
        # A deferred BEGIN: in WAL mode a read snapshot, taken at the first SELECT, that never waits
        # for the write lock nor holds it (status under load: docs/performance.md).
        conn.exec_driver_sql("BEGIN")
        return
    # IMMEDIATE takes the write lock up front: two processes (web and clock) that both read and then
    # write would otherwise deadlock on the lock upgrade and one would fail at once; this way the
    # second waits (busy_timeout) and then sees the first one's rows.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An Engine for `url`: SQLite (file or memory) or PostgreSQL through psycopg 3."""
    url = normalise_database_url(url)
    if is_sqlite(url):
        opts: dict[str, Any] = {"connect_args": {"check_same_thread": False, "timeout": 10}}
        database = make_url(url).database
        if not database or database == ":memory:":
            # One shared connection, or every pooled connection would see its own empty database.
            opts["poolclass"] = StaticPool
        opts.update(kwargs)
        engine = create_engine(url, **opts)
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    opts = {"pool_pre_ping": True}
    opts.update(kwargs)
    return create_engine(url, **opts)


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits when the block ends normally and rolls back when it raises.

    `expire_on_commit=False` so rows returned from the block can still be read after it.
    """
    session = Session(engine, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


@contextmanager
def read_scope(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction for SQLAlchemy Core selects that return plain rows (no ORM session).

    One consistent snapshot for every SELECT in the block (SQLite: a deferred `BEGIN`, which in WAL
    mode neither takes nor waits for the write lock; PostgreSQL: `BEGIN READ ONLY`, so a write here
    fails instead of happening). Ended by a rollback: there is nothing to commit.
    """
    options: dict[str, Any] = {READ_ONLY: True}
    if engine.dialect.name == "postgresql":
        options["postgresql_readonly"] = True
    with engine.connect() as conn:
        conn.execution_options(**options)
        with conn.begin() as transaction:
            yield conn
            transaction.rollback()


def alembic_config(url: str | None = None) -> Any:
    from alembic.config import Config

    cfg = Config(str(ALEMBIC_INI))
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url is not None:
        # configparser treats % as interpolation; passwords may contain it.
        cfg.set_main_option("sqlalchemy.url", normalise_database_url(url).replace("%", "%%"))
    return cfg


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade_to_head(url: str) -> None:
    """Apply every migration up to head. Safe to run again on a database already there."""
    from alembic import command

    engine = make_engine(url)
    sqlite = is_sqlite(engine)
    if sqlite:
        # Batch migrations rebuild SQLite tables (copy, drop, rename); with foreign keys enforced the
        # drop would fail or cascade. Alembic's advice: off during the migration, checked after.
        event.listen(engine, "connect", _foreign_keys_off)
    try:
        with engine.begin() as conn:
            cfg = alembic_config(url)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            if sqlite:
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"the migration left rows with broken foreign keys: {broken[:5]}")
    finally:
        engine.dispose()


def _foreign_keys_off(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.execute("PRAGMA foreign_keys=OFF")


def describe(engine: Engine) -> str:
    """The database URL with the password hidden, for messages."""
    return engine.url.render_as_string(hide_password=True)


def ensure_at_head(engine: Engine) -> None:
    """Raise DatabaseBehind unless the database is at the latest migration."""
    head = head_revision()
    current = current_revision(engine)
    if current == head:
        return
    if current is None:
        state = "has no Herdbook tables yet"
    else:
        state = f"is at migration {current}, and this version of Herdbook needs {head}"
    raise DatabaseBehind(f"The database {describe(engine)} {state}. {UPGRADE_HINT}")


def ping(engine: Engine) -> bool:
    """True when the database answers a trivial query (for /healthz)."""
    from sqlalchemy import text

    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure means "not healthy"; the caller reports it
        return False
