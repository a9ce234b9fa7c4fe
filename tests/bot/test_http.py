"""The running `llama-bot serve` (gunicorn + Bolt's WSGI adapter) over HTTP, against a FakeSlack.

`serve` acks first and answers in the background, so these tests wait for the reply to reach the
fake (a deadline on waiting, never an assertion on time).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from bot.fakeslack import Call, FakeSlack
from bot.slackrequests import event_callback, mention_event, signed_headers, slash_command
from tests.bot.conftest import SECRET
from tests.procs import console_script, free_port, wait_for


def http(url: str, *, body: str | None = None, headers: dict[str, str] | None = None) -> tuple[int, str]:
    req = urllib.request.Request(url, data=body.encode() if body is not None else None, headers=headers or {},
                                 method="POST" if body is not None else "GET")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()



class Served:
    def __init__(self, base: str, fake: FakeSlack, log: Path, database_url: str) -> None:
        self.base = base
        self.fake = fake
        self.log = log
        self.database_url = database_url

    def rows(self) -> dict[str, int]:
        """Rows per table that requests write (audit, processed events, workspaces)."""
        from sqlalchemy import text

        from bot.storage.db import make_engine

        engine = make_engine(self.database_url)
        try:
            with engine.connect() as conn:
                return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()
                        for t in ("audit", "processedevent", "workspace")}
        finally:
            engine.dispose()

    def post(self, body: str, **header_kw: Any) -> tuple[int, str]:
        secret = header_kw.pop("secret", SECRET)
        return http(self.base + "/slack/events", body=body, headers=signed_headers(secret, body, **header_kw))

    def replies(self, count: int) -> list[Call]:
        return wait_for(lambda: (p := self.fake.posted()) and len(p) >= count and p, what=f"{count} replies")


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def served_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
              migrated_db: Path) -> Iterator[str]:
    """The database `serve` runs on: a migrated SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        workdir = tmp_path_factory.mktemp("servedb")
        shutil.copy(migrated_db, workdir / "herdbook.db")
        yield f"sqlite:///{workdir / 'herdbook.db'}"
        return
    admin = os.environ.get("TEST_DATABASE_URL")
    if not admin:
        pytest.skip("TEST_DATABASE_URL is not set")
    import psycopg

    from bot.storage.db import upgrade_to_head
    from tests.conftest import _pg_admin_url, _with_database

    admin = _pg_admin_url() or admin
    name = "hb_http_" + uuid.uuid4().hex[:12]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    url = _with_database(admin, name)
    upgrade_to_head(url)
    try:
        yield url
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def running_serve(workdir: Path, database_url: str, fake: FakeSlack) -> Iterator[tuple[Served, subprocess.Popen]]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_") and k != "LOG_LEVEL"}
    # The default log level (INFO): rejected bodies must not appear in the log at it.
    env.update(SLACK_BOT_TOKEN="xoxb-test-token", SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=fake.url,
               PORT=str(port), DATABASE_URL=database_url, WEB_CONCURRENCY="1")
    log = workdir / "serve.log"
    with open(log, "w") as out:
        proc = subprocess.Popen([console_script("llama-bot"), "serve"], cwd=workdir, env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        def healthy() -> bool:
            if proc.poll() is not None:
                raise AssertionError(f"llama-bot serve exited: {log.read_text()}")
            try:
                return http(base + "/healthz")[0] == 200
            except OSError:
                return False

        wait_for(healthy, what="llama-bot serve to answer /healthz", deadline=60)
        yield Served(base, fake, log, database_url), proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, served_db: str) -> Iterator[Served]:
    with FakeSlack() as fake, running_serve(tmp_path_factory.mktemp("serve"), served_db, fake) as (server, _):
        yield server


@pytest.fixture
def server(served: Served) -> Served:
    served.fake.reset()
    return served


def test_healthz(server: Served) -> None:
    status, body = http(server.base + "/healthz")
    assert (status, json.loads(body)) == (200, {"ok": True, "database": "ok", "dead_alerts": 0})


def test_unknown_path_is_404(server: Served) -> None:
    assert http(server.base + "/nope")[0] == 404


@pytest.mark.parametrize(
    ("body", "content_type"),
    [("{not json", "application/json"), ("payload=%7Bbad", "application/x-www-form-urlencoded"),
     ("text=mau+800M", "application/x-www-form-urlencoded")],
)
def test_unsigned_garbage_is_401_without_a_500(server: Served, body: str, content_type: str) -> None:
    assert http(server.base + "/slack/events", body=body, headers={"content-type": content_type})[0] == 401
    assert server.fake.posted() == []


@pytest.mark.parametrize(
    ("body", "content_type"),
    [("{not json", "application/json"), ("payload=%7Bbad", "application/x-www-form-urlencoded"),
     ("payload=%5B1%2C2%5D", "application/x-www-form-urlencoded")],
)
def test_signed_garbage_is_400(server: Served, body: str, content_type: str) -> None:
    assert server.post(body, content_type=content_type)[0] == 400
    assert server.fake.posted() == []


def test_url_verification_is_answered_only_when_signed(server: Served) -> None:
    """Slack's Events API handshake: a signed url_verification gets its challenge back; unsigned, 401."""
    body = json.dumps({"type": "url_verification", "token": "t", "challenge": "challenge-4b1d"})
    status, answer = server.post(body, content_type="application/json")
    assert (status, json.loads(answer)) == (200, {"challenge": "challenge-4b1d"})
    assert http(server.base + "/slack/events", body=body, headers={"content-type": "application/json"})[0] == 401
    assert server.fake.posted() == []


HOSTILE_TIMESTAMPS = ["abc", "", "1.7e9", "9" * 400, " 1700000000", "-1", "\u00b2"]


def _view_without_type() -> str:
    payload = {"type": "view_submission", "team": {"id": "T0FAKE"}, "user": {"id": "U0ASKER"},
               "view": {"id": "V1", "callback_id": "register", "private_metadata": '{"channel_id": "C0EVIL"}'}}
    return urlencode({"payload": json.dumps(payload)})


def test_unverified_requests_are_401_and_leave_no_trace(server: Served) -> None:
    """Issue 9.1: hostile timestamps, forged signatures and an unsigned view_submission without
    view.type: 401 each, no Slack call, no database row, no log line carrying the body."""
    before = server.rows()
    marker = "unverified-marker-7f3a"
    bodies = [
        event_callback(mention_event(f"mau 800M {marker}", channel="C0EVIL", thread_ts="1700000000.000001")),
        slash_command(f"status {marker}", response_url=server.fake.response_url("evil")),
        _view_without_type(),
    ]
    for body in bodies:
        signature = signed_headers(SECRET, body)["x-slack-signature"]
        content_type = "application/json" if body.startswith("{") else "application/x-www-form-urlencoded"
        for ts in HOSTILE_TIMESTAMPS:
            headers = {"content-type": content_type, "x-slack-request-timestamp": ts,
                       "x-slack-signature": signature}
            status, answer = http(server.base + "/slack/events", body=body, headers=headers)
            assert status == 401, (ts, answer)
        assert server.post(body, secret="forged-secret")[0] == 401
        unsigned = {"content-type": content_type}
        assert http(server.base + "/slack/events", body=body, headers=unsigned)[0] == 401
    # A good request afterwards is answered and is the only thing posted.
    server.post(event_callback(mention_event("mau 5M", channel="C0GOOD")))
    assert [c.body["channel"] for c in server.replies(1)] == ["C0GOOD"]
    # The audit writer batches: the reply can reach Slack before its row is committed.
    after = wait_for(lambda: (r := server.rows())["audit"] > before["audit"] and r, what="the good request's audit row")
    assert after["audit"] - before["audit"] == 1  # the good request's row only
    assert after["processedevent"] - before["processedevent"] == 1
    log = server.log.read_text()
    assert marker not in log and "C0EVIL" not in log and "/response/evil" not in log


@pytest.mark.parametrize("retry_num", ["0,1", "abc", "1,1", ""])
def test_unreadable_retry_num_is_answered_normally(server: Served, retry_num: str) -> None:
    """Issue 9.8: a duplicated or non-numeric X-Slack-Retry-Num is a retry of unknown number."""
    body = event_callback(mention_event("mau 800M"))
    headers = signed_headers(SECRET, body)
    headers.update({"x-slack-retry-num": retry_num, "x-slack-retry-reason": "http_timeout"})
    assert http(server.base + "/slack/events", body=body, headers=headers)[0] == 200
    [reply] = server.replies(1)
    assert "license required" in reply.body["text"]
    # The same event id again (any retry header) is not answered twice.
    assert http(server.base + "/slack/events", body=body, headers=headers)[0] == 200
    server.post(event_callback(mention_event("mau 5M")))
    assert [("allowed" in c.body["text"]) for c in server.replies(2)] == [False, True]


@pytest.mark.parametrize(
    ("text", "verdict_word"),
    [("mau 800M", "license required"), ("name Llama 2 Pro", "prohibited"), ("use chatbot mau 5M", "allowed")],
)
def test_slash_command_over_http(server: Served, text: str, verdict_word: str) -> None:
    status, body = server.post(slash_command(text, response_url=server.fake.response_url("http")))
    assert status == 200
    reply = json.loads(body)  # rules answers travel in the ack
    assert reply["response_type"] == "ephemeral"
    assert verdict_word in reply["text"]
    assert reply["blocks"][0]["type"] == "header"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("help", "/llama-check name Llama 2 Pro"), ("nmae Llama 2 Pro", "Did you mean `name`"), ("mau lots", "'lots'")],
)
def test_help_unknown_and_bad_input_over_http(server: Served, text: str, expected: str) -> None:
    status, body = server.post(slash_command(text, response_url=server.fake.response_url("h")))
    assert status == 200
    assert expected in json.loads(body)["text"]


def test_workspace_command_over_http_acks_then_answers_via_response_url(server: Served) -> None:
    status, body = server.post(slash_command("status", response_url=server.fake.response_url("st")))
    assert (status, body) == (200, "")
    [reply] = server.replies(1)
    assert reply.path == "/response/st"
    assert reply.body["response_type"] == "ephemeral"


def test_mention_over_http_is_answered_in_thread(server: Served) -> None:
    event = mention_event("mau 800M", ts="1700000100.000100")
    assert server.post(event_callback(event))[0] == 200
    [reply] = server.replies(1)
    assert reply.body["thread_ts"] == "1700000100.000100"
    assert "license required" in reply.body["text"]


@pytest.mark.parametrize(
    "header_kw",
    [{"secret": "forged-secret"}, {"timestamp": int(time.time()) - 6 * 60}],
    ids=["forged signature", "timestamp older than five minutes"],
)
def test_bad_signature_over_http_is_401_and_no_reply(server: Served, header_kw: dict) -> None:
    status, body = server.post(slash_command("mau 800M", response_url=server.fake.response_url("bad")),
                               **dict(header_kw))
    assert status == 401
    assert "license required" not in body
    status, _ = server.post(event_callback(mention_event("mau 800M", channel="C0FORGED")), **dict(header_kw))
    assert status == 401
    # A good request afterwards is answered; the rejected ones never are.
    server.post(event_callback(mention_event("mau 5M", channel="C0GOOD")))
    replies = server.replies(1)
    assert [c.body["channel"] for c in replies] == ["C0GOOD"]


def test_retried_delivery_over_http_is_not_answered_twice(server: Served) -> None:
    body = event_callback(mention_event("mau 800M"), event_id="Ev0HTTPRETRY")
    assert server.post(body)[0] == 200
    server.replies(1)
    assert server.post(body, retry_num=1, retry_reason="http_timeout")[0] == 200
    # The retry is settled in middleware before its response; a later question proves the queue moved.
    server.post(event_callback(mention_event("mau 5M")))
    replies = server.replies(2)
    assert len(replies) == 2
    assert "allowed" in replies[1].body["text"]


def test_429_then_success_is_retried_and_delivered_once(server: Served) -> None:
    server.fake.fail_next("chat.postMessage", status=429, retry_after=1)
    assert server.post(event_callback(mention_event("mau 800M")))[0] == 200
    attempts = server.replies(2)
    assert [c.method for c in attempts] == ["chat.postMessage", "chat.postMessage"]
    assert attempts[0].body["text"] == attempts[1].body["text"]
    assert "license required" in attempts[1].body["text"]


def test_sigterm_drains_after_ack_work_and_queued_audit_rows(tmp_path: Path, served_db: str) -> None:
    """Issue 16: gunicorn's graceful stop finishes the after-ack jobs and writes every queued audit row."""
    with FakeSlack() as fake, running_serve(tmp_path, served_db, fake) as (server, proc):
        before = server.rows()["audit"]
        for i in range(10):
            assert server.post(slash_command("name Llama 2 Pro", response_url=fake.response_url(f"n{i}")))[0] == 200
        for i in range(5):
            assert server.post(slash_command("status", response_url=fake.response_url(f"s{i}")))[0] == 200
        proc.send_signal(signal.SIGTERM)  # at once: rows and status answers may still be queued
        assert proc.wait(timeout=30) == 0
        assert server.rows()["audit"] - before == 15
        assert len(fake.calls_to("response_url")) == 5
