"""Under `serve`, the after-ack jobs of a request start only once its HTTP response has been written (the WSGI
server closes the body), so they never compete with the ack; none is ever lost on the way."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt import App
from sqlalchemy import text

from bot.app import create_app
from bot.deferred import Deferred, Held
from bot.fakeslack import FakeSlack
from bot.settings import Settings
from bot.slackrequests import signed_environ, slash_command
from bot.storage import audit
from bot.storage.db import make_engine
from bot.web import wsgi_app
from tests.bot.conftest import SECRET


class CountingPool(Deferred):
    """A pool that counts the jobs it has started."""

    def __init__(self) -> None:
        super().__init__(2, backlog=4, wait_seconds=5)
        self.started = 0

    def _start(self, job: Any, on_error: Any) -> None:
        self.started += 1
        super()._start(job, on_error)


@pytest.fixture
def pool() -> Iterator[CountingPool]:
    deferred = CountingPool()
    yield deferred
    deferred.shutdown()


@pytest.fixture
def app(settings: Settings, pool: CountingPool) -> App:
    return create_app(settings, process_before_response=True, deferred=pool)


def _environ(text: str, fake: FakeSlack) -> dict[str, Any]:
    return signed_environ(SECRET, slash_command(text, response_url=fake.response_url("held")))


def test_a_workspace_command_starts_after_its_response_is_written(app: App, pool: CountingPool,
                                                                  fake: FakeSlack) -> None:
    front = wsgi_app(app, signing_secret=SECRET, deferred=pool)
    status: list[str] = []
    body = front(_environ("status", fake), lambda s, h: status.append(s))
    assert status == ["200 OK"] and b"".join(body) == b""  # the empty ack, written ...
    assert pool.started == 0 and pool.pending == 1  # ... while its job waits, its place reserved
    body.close()  # type: ignore[attr-defined]  # what the WSGI server does once the response is sent
    assert pool.started == 1
    assert pool.wait_idle(10)
    assert len(fake.calls_to("response_url")) == 1  # the answer went out


def test_a_rules_answer_queues_its_audit_row_after_its_response(settings: Settings, pool: CountingPool,
                                                                  fake: FakeSlack) -> None:
    engine = make_engine(settings.database_url)
    writer = audit.start_writer(engine)
    try:
        app = create_app(settings, process_before_response=True, deferred=pool, engine=engine)
        front = wsgi_app(app, signing_secret=SECRET, deferred=pool, audit_writer=writer)
        body = front(_environ("name Llama 2 Pro", fake), lambda s, h: None)
        assert json.loads(b"".join(body))["response_type"] == "ephemeral"  # the answer is in the ack
        assert writer.flush() and _audit_rows(engine) == 0  # its row is held, not queued yet
        body.close()  # type: ignore[attr-defined]
        assert writer.flush() and _audit_rows(engine) == 1
        assert pool.started == 0 and pool.pending == 0  # and no after-ack job
        plain = wsgi_app(app, signing_secret=SECRET, deferred=pool)  # nothing to hold: a plain body
        assert not hasattr(plain(_environ("name Llama 2 Pro", fake), lambda s, h: None), "close")
        assert writer.flush() and _audit_rows(engine) == 2
    finally:
        audit.stop_writer(engine)
        engine.dispose()


def _audit_rows(engine: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM audit")).scalar_one())


def test_held_jobs_start_once_in_order_from_any_thread() -> None:
    pool = Deferred(1, backlog=4, wait_seconds=5)
    ran: list[int] = []
    try:
        pool.hold()
        for n in range(3):
            slot = pool.reserve()
            assert slot is not None
            slot.run(lambda n=n: ran.append(n), on_error=lambda e: None)
        held = pool.unhold()
        assert len(held) == 3 and ran == [] and pool.pending == 3
        after = pool.reserve()  # no longer holding: this one starts at once
        assert after is not None
        nine = threading.Event()
        after.run(lambda: (ran.append(9), nine.set()), on_error=lambda e: None)
        assert nine.wait(10) and ran == [9]
        starter = threading.Thread(target=held.start)
        starter.start()
        starter.join()
        held.start()  # a second start is a no-op
        assert pool.wait_idle(10)
        assert ran == [9, 0, 1, 2]
    finally:
        pool.shutdown()


def test_a_held_job_nobody_started_is_started_rather_than_lost(caplog: pytest.LogCaptureFixture) -> None:
    pool = Deferred(1, backlog=1, wait_seconds=5)
    ran: list[str] = []
    try:
        pool.hold()
        slot = pool.reserve()
        assert slot is not None
        slot.run(lambda: ran.append("done"), on_error=lambda e: None)
        held: Held | None = pool.unhold()
        del held  # dropped without start()
        assert pool.wait_idle(10)
        assert ran == ["done"]
        assert "never started" in caplog.text
    finally:
        pool.shutdown()
