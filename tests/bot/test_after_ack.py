"""The ack fast path through the real App with real signed bodies, on SQLite and PostgreSQL.

Work after the ack runs on a `Deferred` pool here, as under `serve`; the tests wait for it with
`wait_idle()` (never by sleeping). Also: unverified requests (issue 9.1), a workspace command that
fails after its ack (9.3), unreadable retry numbers (9.8), overload, and the audit writer.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt import App
from slack_bolt.request import BoltRequest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.app import create_app
from bot.deferred import Deferred
from bot.fakeslack import FakeSlack
from bot.respond import BUSY, SORRY, on_error
from bot.settings import Settings
from bot.slackrequests import bolt_request, event_callback, mention_event, signed_headers, slash_command
from bot.storage import audit
from tests.bot.conftest import SECRET, reply_text


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.add_user("U0ASKER", name="asker")
        yield fake


@pytest.fixture
def settings(fake: FakeSlack, database_url: str, engine: Engine) -> Settings:
    return Settings(_env_file=None, slack_bot_token="xoxb-test-token", slack_signing_secret=SECRET,
                    slack_api_url=fake.url, database_url=database_url)


@pytest.fixture
def pool() -> Iterator[Deferred]:
    deferred = Deferred(4, backlog=8, wait_seconds=5)
    yield deferred
    deferred.shutdown()


@pytest.fixture
def app(settings: Settings, engine: Engine, pool: Deferred) -> App:
    return create_app(settings, process_before_response=True, engine=engine, deferred=pool)


def rows(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                for t in ("audit", "processedevent", "workspace", "service")}


def command(app: App, fake: FakeSlack, words: str, key: str = "cmd") -> Any:
    return app.dispatch(bolt_request(SECRET, slash_command(words, response_url=fake.response_url(key))))


# -- 9.1 unverified requests -----------------------------------------------------------------

HOSTILE = ["abc", "", "1.7e9", "9" * 400, "\u0661\u0662", "-5", "0x10"]


@pytest.mark.parametrize("timestamp", HOSTILE)
def test_unverified_request_is_401_with_no_call_no_row_no_body_in_the_log(
        app: App, fake: FakeSlack, engine: Engine, pool: Deferred, timestamp: str,
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    before = rows(engine)
    marker = "hostile-body-marker"
    bodies = [event_callback(mention_event(f"mau 800M {marker}", channel="C0EVIL", thread_ts="1.1")),
              slash_command(f"status {marker}", response_url=fake.response_url("evil"))]
    for body in bodies:
        signature = signed_headers(SECRET, body)["x-slack-signature"]
        request = BoltRequest(body=body, headers={"x-slack-request-timestamp": timestamp,
                                                  "x-slack-signature": signature})
        assert app.dispatch(request).status == 401
    assert pool.wait_idle(10)
    assert fake.calls == []
    assert rows(engine) == before
    assert not [r for r in caplog.records if marker in r.getMessage() or "C0EVIL" in r.getMessage()]


def test_the_error_handler_answers_no_unverified_request(fake: FakeSlack, app: App) -> None:
    """Even handed an error for a request that never passed the signature check, it posts nothing."""
    body = json.loads(event_callback(mention_event("hi", channel="C0EVIL")))
    request = BoltRequest(body=json.dumps(body), headers={"content-type": "application/json"})
    request.context["client"] = app.client
    from slack_bolt import BoltResponse

    response = on_error(RuntimeError("boom"), body, request, BoltResponse(status=500))
    assert response is not None and response.status == 401
    assert on_error(RuntimeError("boom"), body, request, None) is None
    assert fake.calls == []


# -- 9.3 a workspace command that fails after its ack ----------------------------------------

@pytest.mark.parametrize("pooled", [True, False], ids=["pool", "inline"])
def test_workspace_command_failing_after_its_ack_is_200_and_an_apology(
        settings: Settings, engine: Engine, fake: FakeSlack, pool: Deferred, pooled: bool) -> None:
    app = create_app(settings, engine=engine, deferred=pool if pooled else None)
    with engine.begin() as conn:  # the database breaks under the bot: status can no longer read services
        conn.execute(text("ALTER TABLE service RENAME TO service_gone"))
    try:
        response = command(app, fake, "status", key="broken")
        assert (response.status, response.body) == (200, "")
        assert pool.wait_idle(10)
        [reply] = fake.posted()
        assert reply.path == "/response/broken"
        assert reply.body["text"] == SORRY
    finally:
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE service_gone RENAME TO service"))


# -- 9.8 unreadable retry numbers -------------------------------------------------------------

@pytest.mark.parametrize("retry_num", ["0,1", "abc", "", "1 1", "9" * 50])
def test_unreadable_retry_num_is_a_retry_of_unknown_number(app: App, fake: FakeSlack, pool: Deferred,
                                                          retry_num: str) -> None:
    body = event_callback(mention_event("mau 800M"))
    request = bolt_request(SECRET, body)
    request.headers["x-slack-retry-num"] = [retry_num]
    request.headers["x-slack-retry-reason"] = ["http_timeout"]
    assert app.dispatch(request).status == 200
    assert pool.wait_idle(10)
    [reply] = fake.posted()
    assert "license required" in reply.body["text"]
    again = bolt_request(SECRET, body, retry_num=2)
    assert app.dispatch(again).status == 200
    assert pool.wait_idle(10)
    assert len(fake.posted()) == 1


# -- deferral ---------------------------------------------------------------------------------

def test_workspace_command_acks_empty_and_answers_after(app: App, fake: FakeSlack, pool: Deferred,
                                                         engine: Engine) -> None:
    response = command(app, fake, 'register "Support Bot" license llama-3.1', key="reg")
    assert (response.status, response.body) == (200, "")
    assert pool.wait_idle(10)
    [reply] = fake.posted()
    assert reply.path == "/response/reg" and "Registered *Support Bot*" in reply.body["text"]
    assert rows(engine)["service"] == 1


def test_event_is_acked_before_its_answer(settings: Settings, engine: Engine, fake: FakeSlack) -> None:
    one = Deferred(1, backlog=4, wait_seconds=5)
    app = create_app(settings, engine=engine, deferred=one)
    gate = threading.Event()
    holding = one.reserve()  # a job of our own keeps the only worker busy until the gate opens
    assert holding is not None
    holding.run(gate.wait, on_error=lambda e: None)
    try:
        response = app.dispatch(bolt_request(SECRET, event_callback(mention_event("mau 800M", ts="1.5"))))
        assert response.status == 200
        assert fake.posted() == []  # acked while the answer still waits for a worker
    finally:
        gate.set()
    assert one.wait_idle(10)
    [reply] = fake.posted()
    assert reply.body["thread_ts"] == "1.5" and "license required" in reply.body["text"]
    one.shutdown()


def test_event_failing_after_its_ack_gets_the_apology(app: App, fake: FakeSlack, pool: Deferred) -> None:
    fake.fail_next("chat.postMessage", status=200, body={"ok": False, "error": "not_in_channel"})
    assert app.dispatch(bolt_request(SECRET, event_callback(mention_event("mau 800M", ts="2.5")))).status == 200
    assert pool.wait_idle(10)
    failed, apology = fake.posted()
    assert "license required" in failed.body["text"]
    assert apology.body["text"] == SORRY and apology.body["thread_ts"] == "2.5"


def test_overload_sheds_commands_in_the_ack_and_slows_events(settings: Settings, engine: Engine,
                                                             fake: FakeSlack) -> None:
    tight = Deferred(1, backlog=0, wait_seconds=0.05)
    app = create_app(settings, engine=engine, deferred=tight)
    gate = threading.Event()
    holding = tight.reserve()
    assert holding is not None
    holding.run(gate.wait, on_error=lambda e: None)
    try:
        busy = command(app, fake, "status", key="busy")
        assert busy.status == 200 and json.loads(busy.body)["text"] == BUSY
        # An event finds no place either: it is answered in the request's own thread (slower ack).
        assert app.dispatch(bolt_request(SECRET, event_callback(mention_event("mau 5M")))).status == 200
        [reply] = fake.posted()
        assert "allowed" in reply_text(reply)
        assert tight.shed == 2
    finally:
        gate.set()
        assert tight.wait_idle(10)
        tight.shutdown()


def test_rules_answers_still_travel_in_the_ack(app: App, fake: FakeSlack) -> None:
    response = command(app, fake, "name Llama 2 Pro")
    assert response.status == 200 and "prohibited" in json.loads(response.body)["text"]


# -- the audit writer -------------------------------------------------------------------------

def test_audit_rows_through_the_writer_one_per_answer(app: App, fake: FakeSlack, pool: Deferred,
                                                      engine: Engine) -> None:
    writer = audit.start_writer(engine)
    try:
        for words in ["mau 800M", "name Llama 2 Pro", "status", "help"]:
            assert command(app, fake, words).status == 200
        app.dispatch(bolt_request(SECRET, event_callback(mention_event("mau 5M"))))
        assert pool.wait_idle(10)
        assert writer.flush(10)
        assert rows(engine)["audit"] == 5
    finally:
        audit.stop_writer(engine)


def test_a_bad_row_costs_only_itself_and_close_drains(engine: Engine, caplog: pytest.LogCaptureFixture) -> None:
    from datetime import UTC, datetime

    writer = audit.AuditWriter(engine, batch=50)
    now = datetime.now(UTC)
    good = [{"workspace_id": "T1", "user_id": "U1", "action": "ask", "subject": None, "input": f"q{i}",
             "result": "ok", "detail": None, "created_at": now} for i in range(20)]
    bad = {**good[0], "workspace_id": None}  # NOT NULL: the database refuses it
    for row in good[:10] + [bad] + good[10:]:
        writer.put(row)
    writer.close()
    assert rows(engine)["audit"] == 20
    assert (writer.written, writer.lost) == (20, 1)
    writer.put({**good[0], "input": "after close"})  # a closed writer writes in the caller's thread
    assert rows(engine)["audit"] == 21
