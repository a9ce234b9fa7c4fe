"""The storage side of `llama-bot`: `db upgrade`, `audit export`, and the "database behind" check.

`bot/__main__.py` parses the arguments and calls these with the settings; they print and return an
exit status, never a traceback for an ordinary problem (an unreachable database, a bad date).
"""

from __future__ import annotations

import csv
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TextIO

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot.settings import Settings
from bot.storage.db import (
    UPGRADE_HINT,
    DatabaseBehind,
    describe,
    ensure_at_head,
    is_sqlite,
    make_engine,
    session_scope,
    upgrade_to_head,
)

EXIT_DB = 3
EXIT_USAGE = 2
AUDIT_COLUMNS = ("created_at", "workspace_id", "user_id", "action", "subject", "input", "result", "detail")
# OWASP "CSV Injection": a spreadsheet runs a cell starting with one of these as a formula
# (=HYPERLINK(...), +cmd|..., @SUM(...)); a leading apostrophe makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: str) -> str:
    """`value` safe to open in a spreadsheet: text that would start a formula gets a leading `'`."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _unreachable(settings: Settings, error: Exception) -> str:
    where = make_url(settings.database_url).render_as_string(hide_password=True)
    return f"llama-bot: cannot use the database {where}: {error.__class__.__name__}: {str(error).splitlines()[0]}"


def _missing_sqlite_file(settings: Settings) -> str | None:
    """Opening a SQLite file that is not there creates it: say "run db upgrade" before anything opens it."""
    if not is_sqlite(settings.database_url):
        return None
    database = make_url(settings.database_url).database
    if not database or database == ":memory:" or database.startswith("file:") or Path(database).exists():
        return None
    return (f"llama-bot: The database {settings.database_url} has no Herdbook tables yet (there is no file "
            f"{Path(database).resolve()}). {UPGRADE_HINT}")


def database_behind(settings: Settings) -> str | None:
    """None when the database is at the latest migration, else the message to print (says what to run)."""
    if (missing := _missing_sqlite_file(settings)) is not None:
        return missing
    engine = make_engine(settings.database_url)
    try:
        ensure_at_head(engine)
    except DatabaseBehind as exc:
        return f"llama-bot: {exc}"
    except SQLAlchemyError as exc:
        return _unreachable(settings, exc)
    finally:
        engine.dispose()
    return None


def refuse_if_behind(settings: Settings, *, mode: str, out: TextIO | None = None) -> int | None:
    """For serve, socket and clock: an exit status after printing why, or None to go on."""
    message = database_behind(settings)
    if message is None:
        return None
    print(f"{message} (`llama-bot {mode}` does not start on an out-of-date database.)", file=out or sys.stderr)
    return EXIT_DB


def prepare_shell_database(settings: Settings, *, out: TextIO | None = None) -> int | None:
    """The shell upgrades its own local SQLite file; any other database must already be at head."""
    if is_sqlite(settings.database_url):
        try:
            upgrade_to_head(settings.database_url)
        except SQLAlchemyError as exc:
            print(_unreachable(settings, exc), file=out or sys.stderr)
            return EXIT_DB
        return None
    return refuse_if_behind(settings, mode="shell", out=out)


def db_upgrade(settings: Settings, *, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    try:
        upgrade_to_head(settings.database_url)
    except SQLAlchemyError as exc:
        print(_unreachable(settings, exc), file=sys.stderr)
        return EXIT_DB
    engine = make_engine(settings.database_url)
    try:
        from bot.storage.db import current_revision

        print(f"Database {describe(engine)} is at migration {current_revision(engine)} (latest).", file=out)
    finally:
        engine.dispose()
    return 0


def parse_since(text: str | None) -> datetime | None:
    """`2026-10-01` or an ISO datetime (UTC when no zone) -> aware datetime; ValueError otherwise."""
    if not text:
        return None
    try:
        if len(text) == 10:
            d = date.fromisoformat(text)
            return datetime(d.year, d.month, d.day, tzinfo=UTC)
        when = datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a date; use YYYY-MM-DD, for example 2026-10-01.") from exc
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def audit_export(
    settings: Settings, *, workspace: str | None, since: str | None, out_path: str | None,
    out: TextIO | None = None,
) -> int:
    """CSV of audit rows (oldest first) to `out_path` or stdout."""
    from bot.storage.repository import audit_rows

    try:
        since_dt = parse_since(since)
    except ValueError as exc:
        print(f"llama-bot audit export: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if out_path and not Path(out_path).parent.is_dir():
        print(f"llama-bot audit export: cannot write {out_path!r}: the folder {str(Path(out_path).parent)!r} does "
              "not exist; give --out a file in a folder that exists, or leave --out out for standard output.",
              file=sys.stderr)
        return EXIT_USAGE
    if (message := database_behind(settings)) is not None:
        print(message, file=sys.stderr)
        return EXIT_DB
    try:
        stream = open(out_path, "w", newline="", encoding="utf-8") if out_path else (out or sys.stdout)  # noqa: SIM115
    except OSError as exc:
        print(f"llama-bot audit export: cannot write {out_path!r} ({exc.strerror or exc}); give --out a file in a "
              "folder that exists and that you may write to, or leave --out out for standard output.", file=sys.stderr)
        return EXIT_USAGE
    engine = make_engine(settings.database_url)
    count = 0
    try:
        writer = csv.writer(stream)
        writer.writerow(AUDIT_COLUMNS)
        with session_scope(engine) as session:
            for row in audit_rows(session=session, workspace_id=workspace, since=since_dt):
                writer.writerow([csv_cell(cell) for cell in (
                    row.created_at.isoformat(), row.workspace_id, row.user_id or "", row.action,
                    row.subject or "", row.input or "", row.result or "", row.detail or "",
                )])
                count += 1
        # OSPO requests and decisions: a file (or a section) of their own.
        from bot.storage.reviews import export_reviews

        export_reviews(engine=engine, out_path=out_path, stream=stream, workspace_id=workspace, since=since_dt)
    finally:
        if out_path:
            stream.close()
        engine.dispose()
    if out_path:
        print(f"Wrote {count} audit rows to {out_path}.", file=sys.stderr)
    return 0
