"""The outbox: claimed once, sent once, retried on 429/5xx/network errors, re-claimed after a crash."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from datetime import timedelta

import pytest

from bot.fakeslack import FakeSlack
from bot.jobs.outbox import claim, deliver, enqueue
from bot.storage.db import session_scope
from tests.jobs.conftest import World, at

T = at("2026-11-02 10:00")
TIMEOUT = timedelta(minutes=10)


def queue(world: World, n: int = 1, *, kind: str = "alert", channel: str = "CALERT") -> list[int]:
    world.workspace()
    with session_scope(world.engine) as s:
        for i in range(n):
            enqueue(session=s, workspace_id="T1", kind=kind, subject=f"level:50:service:{i}", period="2026-10",
                    channel=channel, text=f"message {i}", now=T)
    return [n.id for n in world.notifications()]


def send(world: World, now, **kw):  # type: ignore[no-untyped-def]
    return deliver(engine=world.engine, client=world.jobs.client, now=now, claim_timeout=TIMEOUT,
                   max_attempts=kw.pop("max_attempts", 8), **kw)


def test_enqueue_claims_once(world: World) -> None:
    world.workspace()
    with session_scope(world.engine) as s:
        first = enqueue(session=s, workspace_id="T1", kind="alert", subject="level:50:company", period="2026-10",
                        channel="CALERT", text="hello", now=T)
        second = enqueue(session=s, workspace_id="T1", kind="alert", subject="level:50:company", period="2026-10",
                         channel="CALERT", text="hello again", now=T)
    assert (first, second) == (True, False)
    assert [n.payload for n in world.notifications()] == ['{"text": "hello", "blocks": [], "meta": {}}']


def test_429_then_500_then_success_is_delivered_once(world: World) -> None:
    (nid,) = queue(world)
    world.fake.fail_next("chat.postMessage", status=429, retry_after=120)
    world.fake.fail_next("chat.postMessage", status=500)

    assert send(world, T).retrying == [nid]
    row = world.notifications()[0]
    assert (row.status, row.attempts, row.next_attempt_at) == ("failed", 1, T + timedelta(seconds=120))
    # Not before Retry-After, however often the clock ticks.
    assert send(world, T + timedelta(seconds=119)).retrying == []
    assert send(world, T + timedelta(seconds=120)).retrying == [nid]  # the 500
    assert world.notifications()[0].last_error.startswith("500")
    later = T + timedelta(minutes=10)
    assert send(world, later).sent == [nid]
    assert send(world, later + timedelta(hours=1)).sent == []

    attempts = world.posts()
    assert [c.body["text"] for c in attempts] == ["message 0"] * 3  # 429, 500, ok: one delivered
    row = world.notifications()[0]
    assert (row.status, row.attempts, row.slack_ts is not None) == ("sent", 3, True)


def test_network_error_is_retried(world: World) -> None:
    (nid,) = queue(world)
    world.fake.stop()  # Slack unreachable: connection refused
    assert send(world, T).retrying == [nid]
    assert "URLError" in (world.notifications()[0].last_error or "")
    with FakeSlack() as back:  # Slack is back (on another port)
        world.jobs.client.base_url = back.url
        assert send(world, T + timedelta(minutes=5)).sent == [nid]
        assert len(back.calls_to("chat.postMessage")) == 1


@pytest.mark.parametrize(("status", "body", "expected_error"), [
    (200, {"ok": False, "error": "channel_not_found"}, "channel_not_found"),
    (200, {"ok": False, "error": "not_in_channel"}, "not_in_channel"),
])
def test_slack_refusal_is_dead_at_once(world: World, status: int, body: dict, expected_error: str,
                                       caplog: pytest.LogCaptureFixture) -> None:
    (nid,) = queue(world)
    world.fake.fail_next("chat.postMessage", status=status, body=body)
    with caplog.at_level(logging.ERROR):
        assert send(world, T).dead == [nid]
    assert expected_error in world.notifications()[0].last_error
    assert "is dead" in caplog.text
    assert send(world, T + timedelta(days=1)).sent == []


def test_gives_up_after_max_attempts(world: World, caplog: pytest.LogCaptureFixture) -> None:
    queue(world)
    world.fake.fail_next("chat.postMessage", status=503, times=10)
    now = T
    outcomes = []
    with caplog.at_level(logging.ERROR):
        for _ in range(4):
            report = send(world, now, max_attempts=3)
            outcomes.append("dead" if report.dead else "retrying" if report.retrying else "-")
            now += timedelta(hours=2)
    assert outcomes == ["retrying", "retrying", "dead", "-"]
    assert "gave up after 3 attempts" in caplog.text


def test_claimed_then_abandoned_is_sent_once_after_the_timeout(world: World) -> None:
    (nid,) = queue(world)
    # A process claimed it and died before sending.
    assert claim(engine=world.engine, notification_id=nid, now=T, claim_timeout=TIMEOUT)
    assert send(world, T + timedelta(minutes=9)).sent == []
    assert world.posts() == []
    assert send(world, T + timedelta(minutes=10, seconds=1)).sent == [nid]
    assert send(world, T + timedelta(minutes=30)).sent == []
    assert len(world.posts()) == 1


KILLED_CHILD = """
import os, signal, sys
from datetime import datetime, timedelta
from bot.fakeslack import FakeSlack
from bot.jobs.outbox import claim
from bot.storage.db import make_engine
engine = make_engine(sys.argv[1])
ok = claim(engine=engine, notification_id=int(sys.argv[2]), now=datetime.fromisoformat(sys.argv[3]),
           claim_timeout=timedelta(minutes=10))
print("claimed" if ok else "not claimed", flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # dies between claim and send
"""


def test_process_killed_between_claim_and_send(world: World) -> None:
    (nid,) = queue(world)
    url = world.engine.url.render_as_string(hide_password=False)
    child = subprocess.run([sys.executable, "-c", KILLED_CHILD, url, str(nid), T.isoformat()],
                           check=False, capture_output=True, text=True, timeout=60, cwd=os.getcwd())
    assert child.returncode == -9, child.stderr
    assert child.stdout.strip() == "claimed"
    assert world.notifications()[0].status == "sending"
    assert send(world, T + timedelta(minutes=5)).sent == []
    assert send(world, T + timedelta(minutes=11)).sent == [nid]
    assert send(world, T + timedelta(minutes=40)).sent == []
    assert len(world.posts()) == 1


def test_two_deliverers_at_once_send_each_message_once(world: World) -> None:
    ids = queue(world, 12)
    barrier = threading.Barrier(2)
    reports = []

    def run() -> None:
        barrier.wait()
        reports.append(send(world, T))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    sent = sorted(reports[0].sent + reports[1].sent)
    assert sent == ids
    assert sorted(c.body["text"] for c in world.posts()) == sorted(f"message {i}" for i in range(12))


def test_a_429_holds_back_the_rest_of_that_workspace_for_this_tick(world: World) -> None:
    ids = queue(world, 3)
    world.fake.fail_next("chat.postMessage", status=429, retry_after=60)
    report = send(world, T)
    assert (report.retrying, report.sent) == ([ids[0]], [])
    assert len(world.posts()) == 1
    assert sorted(send(world, T + timedelta(minutes=2)).sent) == ids


def test_a_429_holds_back_the_whole_workspace_until_retry_after(world: World) -> None:
    """Slack's rate limit is per workspace: after a 429 no row of that workspace is tried before
    Retry-After, not even one queued later; another workspace is not held back."""
    ids = queue(world, 2)
    world.workspace("T2")
    with session_scope(world.engine) as s:
        enqueue(session=s, workspace_id="T2", kind="alert", subject="level:50:company", period="2026-10",
                channel="CALERT", text="other workspace", now=T)
    world.fake.fail_next("chat.postMessage", status=429, retry_after=300)
    report = send(world, T)
    assert report.retrying == [ids[0]] and len(report.sent) == 1  # T2's message went out
    with session_scope(world.engine) as s:
        enqueue(session=s, workspace_id="T1", kind="alert", subject="level:75:company", period="2026-10",
                channel="CALERT", text="queued after the 429", now=T + timedelta(minutes=1))
    for minutes in (1, 2, 4):  # the other two rows have no backoff of their own
        assert send(world, T + timedelta(minutes=minutes)).sent == []
    attempts = len(world.posts())
    assert sorted(send(world, T + timedelta(minutes=5)).sent) == [*ids, max(ids) + 2]
    assert len(world.posts()) == attempts + 3


KILLED_AFTER_POST = """
import os, signal, sys
from datetime import datetime, timedelta
from slack_sdk import WebClient
from bot.jobs import outbox
from bot.storage.db import make_engine
engine = make_engine(sys.argv[1])
def killed(*args, **kwargs):  # Slack has the message; the process dies before the row is marked sent
    os.kill(os.getpid(), signal.SIGKILL)
outbox._finish = killed
outbox.deliver(engine=engine, client=WebClient(token="xoxb-test", base_url=sys.argv[2]),
               now=datetime.fromisoformat(sys.argv[3]), claim_timeout=timedelta(minutes=10), max_attempts=8)
"""


def test_process_killed_after_slack_accepted_is_not_posted_twice(world: World) -> None:
    (nid,) = queue(world)
    url = world.engine.url.render_as_string(hide_password=False)
    child = subprocess.run([sys.executable, "-c", KILLED_AFTER_POST, url, world.fake.url, T.isoformat()],
                           check=False, capture_output=True, text=True, timeout=60, cwd=os.getcwd())
    assert child.returncode == -9, child.stderr
    (posted,) = world.posts()
    assert posted.body["metadata"] == {"event_type": "herdbook_outbox",
                                       "event_payload": {"key": "T1/alert/level:50:service:0/2026-10"}}
    assert world.notifications()[0].status == "sending"
    assert send(world, T + timedelta(minutes=11)).sent == [nid]  # found in conversations.history
    assert len(world.posts()) == 1
    row = world.notifications()[0]
    assert (row.status, row.slack_ts) == ("sent", world.fake.history["CALERT"][0]["ts"])
    assert len(world.fake.calls_to("conversations.history")) == 1


def test_network_error_after_slack_accepted_is_not_posted_twice(world: World, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The request reached Slack but the answer was lost (a timeout): the retry finds the message."""
    from slack_sdk import WebClient

    (nid,) = queue(world)
    real = WebClient.chat_postMessage

    def lost_answer(self, **kwargs):  # type: ignore[no-untyped-def]
        real(self, **kwargs)
        raise TimeoutError("The read operation timed out")

    monkeypatch.setattr(WebClient, "chat_postMessage", lost_answer)
    assert send(world, T).retrying == [nid]
    monkeypatch.setattr(WebClient, "chat_postMessage", real)
    assert send(world, T + timedelta(minutes=2)).sent == [nid]
    assert len(world.posts()) == 1


def test_without_history_access_a_stale_claim_is_posted_at_least_once(world: World) -> None:
    (nid,) = queue(world)
    assert claim(engine=world.engine, notification_id=nid, now=T, claim_timeout=TIMEOUT)
    world.fake.fail_next("conversations.history", status=200, body={"ok": False, "error": "missing_scope"})
    assert send(world, T + timedelta(minutes=11)).sent == [nid]
    assert len(world.posts()) == 1


def test_a_failed_lookup_is_retried_and_still_looks_before_posting(world: World) -> None:
    (nid,) = queue(world)
    assert claim(engine=world.engine, notification_id=nid, now=T, claim_timeout=TIMEOUT)
    # The dead process had posted; Slack's history is briefly unavailable when we look.
    world.fake.history["CALERT"] = [{"type": "message", "ts": "1700000500.000100", "text": "message 0",
                                     "metadata": {"event_type": "herdbook_outbox",
                                                  "event_payload": {"key": "T1/alert/level:50:service:0/2026-10"}}}]
    world.fake.fail_next("conversations.history", status=503)
    assert send(world, T + timedelta(minutes=11)).retrying == [nid]
    assert world.notifications()[0].last_error == "history lookup failed: 503 fatal_error"
    assert send(world, T + timedelta(minutes=20)).sent == [nid]
    assert world.posts() == []  # found on the second look: never posted again
    assert world.notifications()[0].slack_ts == "1700000500.000100"
