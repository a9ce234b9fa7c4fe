"""The first answers of a fresh `serve` worker pay nothing a later answer does not (docs/performance.md, item 9).

Measured on a fresh worker before this was held (bench/first_requests.py): its first rules answer took 12-13 ms
against 0.2-0.3 ms later (22-43 ms in a first probe, whose workspace had no row yet), for SQLAlchemy compiling the answer path's statements on their first execution (~20 ms
for the answer's language, ~8 ms for the OSPO's decisions), the engine's first connection, Bolt's auth.test, and
the catalogs and Block Kit of a first verdict. And every person's first answer in each worker (again every five
minutes) read their language in two write transactions (on SQLite, the write lock), one of them held while
users.info went to Slack. These tests fail if any of that comes back on the answer path (on main at 1dcdec2:
7 statements compiled in the first answers, and write transactions for a known person's language).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from bot.storage import users as users_store
from bot.storage.db import READ_ONLY, make_engine, session_scope

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import json, sys, tempfile, threading
    from datetime import UTC, datetime
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    from sqlalchemy.pool import Pool
    from sqlalchemy.sql import compiler
    from bot import web
    from bot.fakeslack import FakeSlack
    from bot.settings import Settings
    from bot.slackrequests import signed_environ, slash_command
    from bot.storage import audit, users
    from bot.storage import repository as repo
    from bot.storage.db import READ_ONLY, make_engine, session_scope, upgrade_to_head

    secret = "first-answer-secret-0123456789"
    url = "sqlite:///" + tempfile.mkdtemp() + "/herdbook.db"
    upgrade_to_head(url)
    now = datetime.now(UTC)
    seed = make_engine(url)
    with session_scope(seed) as s:  # a workspace with a service, and its people's users.info rows, fresh
        repo.get_or_create_workspace(session=s, team_id="T0FIRST", now=now)
        repo.register_service(session=s, workspace_id="T0FIRST", name="Svc", license="llama-3.1", owner_id="U1",
                              user_id="U1", now=now, since_month="2026-01")
        users.save_user(session=s, workspace_id="T0FIRST", user_id="U0EN", now=now, locale="en-US")
        users.save_user(session=s, workspace_id="T0FIRST", user_id="U0KO", now=now, locale="ko-KR")
    seed.dispose()

    def call(app, text, user):
        body = slash_command(text, response_url=fake.response_url("r"), team_id="T0FIRST", user_id=user)
        environ = signed_environ(secret, body)
        status = []
        body = app(environ, lambda s, h: status.append(s))
        b"".join(body)
        getattr(body, "close", lambda: None)()  # as gunicorn does: the held audit row goes to the writer
        assert status[0].startswith("200"), (text, status)

    counts = {"compiled": 0, "connected": 0, "write_transactions": 0}
    main = threading.get_ident()
    real_init = compiler.SQLCompiler.__init__
    def counting_init(self, *a, **kw):
        counts["compiled"] += 1
        real_init(self, *a, **kw)
    def on_connect(*_):
        counts["connected"] += 1
    def on_begin(conn):
        if threading.get_ident() == main and not conn.get_execution_options().get(READ_ONLY):
            counts["write_transactions"] += 1

    with FakeSlack() as fake:
        fake.add_user("U0EN", locale="en-US")
        fake.add_user("U0KO", locale="ko-KR")
        settings = Settings(_env_file=None, slack_bot_token="xoxb-t", slack_signing_secret=secret,
                            slack_api_url=fake.url, database_url=url)
        app = web.build_wsgi(settings, inline=True)  # what each gunicorn worker loads, warm-up included
        getattr(web, "wait_for_warm_up", lambda: None)()  # (an older tree has none: the test shows what it pays)
        slack_before = len(fake.calls)
        compiler.SQLCompiler.__init__ = counting_init
        event.listen(Pool, "connect", on_connect)
        event.listen(Engine, "begin", on_begin)
        imported = {}
        for i, text in enumerate(sys.argv[1:]):
            before = set(sys.modules)
            call(app, text, ("U0EN", "U0KO")[i % 2])
            imported[text] = sorted(set(sys.modules) - before)
        audit.stop_all()  # the audit rows: written by the writer (its insert compiled by the warm-up too)
        compiler.SQLCompiler.__init__ = real_init
        calls = [c.method for c in fake.calls[slack_before:]]
        print(json.dumps({"imported": imported, "slack": calls, **counts}))
""")

ANSWERS = ["name Llama 2 Pro", "can we fine-tune Llama 3 and sell API access?", "mau 800M",
           "use customer support chatbot mau 5M", "help name", "라마 3를 상업적으로 써도 되나요?", "status"]


def test_the_first_answers_of_a_fresh_worker_compile_connect_import_and_ask_nothing() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT, *ANSWERS], check=False, cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["imported"] == {text: [] for text in ANSWERS}
    assert seen["compiled"] == 0  # every statement of the answers and of their audit rows was compiled before
    assert seen["connected"] == 0  # the first connection was opened by the warm-up
    assert seen["write_transactions"] == 0  # a known person's language is read without the write lock
    # No auth.test, no users.info: only `status`'s answer, posted to its response_url after the ack.
    assert seen["slack"] == ["response_url"]


# -- the answer's language, in-process --------------------------------------------------------------------


NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)


class Client:
    """users.info, and whether the database was in use while Slack was asked."""

    def __init__(self, engine: Any, answer: dict[str, Any] | Exception) -> None:
        self.engine, self.answer, self.asked, self.connections_out = engine, answer, 0, []

    def users_info(self, *, user: str, include_locale: bool = False) -> dict[str, Any]:
        self.asked += 1
        self.connections_out.append(self.engine.pool.checkedout())
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


@pytest.fixture
def db(db_url: str) -> Any:
    from bot.storage import repository as repo

    engine = make_engine(db_url)
    with session_scope(engine) as s:
        repo.get_or_create_workspace(session=s, team_id="T1", now=NOW)
    yield engine
    engine.dispose()


def _locale(engine: Any, client: Client, user: str = "U1", team: str = "T1") -> str | None:
    from bot.i18n import _read_locale

    return _read_locale(engine=engine, team_id=team, user_id=user, client=client, now=NOW)


def _writes(engine: Any) -> list[bool]:
    seen: list[bool] = []
    event.listen(engine, "begin", lambda conn: seen.append(not conn.get_execution_options().get(READ_ONLY)))
    return seen


def test_a_known_persons_language_is_one_read_without_the_write_lock_or_slack(db: Any) -> None:
    with session_scope(db) as s:
        users_store.save_user(session=s, workspace_id="T1", user_id="U1", now=NOW - timedelta(hours=1), locale="ko-KR")
    writes = _writes(db)
    client = Client(db, RuntimeError("Slack must not be asked"))
    assert _locale(db, client) == "ko-KR"
    assert client.asked == 0 and writes == [False]


def test_a_new_person_is_asked_of_slack_outside_any_transaction_then_remembered(db: Any) -> None:
    writes = _writes(db)
    client = Client(db, {"ok": True, "user": {"id": "U1", "locale": "ko-KR", "tz": "Asia/Seoul"}})
    assert _locale(db, client) == "ko-KR"
    assert client.asked == 1 and client.connections_out == [0]  # no connection held while Slack answered
    assert writes == [False, True]  # the read, then the short write of the users.info row
    with session_scope(db) as s:
        row = users_store.get_user(session=s, workspace_id="T1", user_id="U1")
        assert row is not None and (row.locale, row.tz, row.fetched_at) == ("ko-KR", "Asia/Seoul", NOW)
    assert _locale(db, Client(db, RuntimeError("Slack must not be asked"))) == "ko-KR"


def test_a_stale_row_is_refreshed_and_kept_when_slack_cannot_be_asked(db: Any) -> None:
    from slack_sdk.errors import SlackApiError

    with session_scope(db) as s:
        users_store.save_user(session=s, workspace_id="T1", user_id="U1", now=NOW - timedelta(days=2), locale="ko-KR")
    assert _locale(db, Client(db, OSError("unreachable"))) == "ko-KR"  # stale is better than nothing
    gone = SlackApiError("gone", response=type("R", (), {"data": {"ok": False, "error": "user_not_found"}})())
    assert _locale(db, Client(db, gone)) is None  # Slack does not know them: no language of theirs
    assert _locale(db, Client(db, {"ok": True, "user": {"id": "U1", "locale": "en-US"}})) == "en-US"


def test_a_workspace_without_a_row_is_asked_of_slack_and_nothing_is_written(db: Any) -> None:
    writes = _writes(db)
    client = Client(db, {"ok": True, "user": {"id": "U1", "locale": "ko-KR"}})
    assert _locale(db, client, team="T0NEW") == "ko-KR"
    assert client.asked == 1 and writes == [False]
