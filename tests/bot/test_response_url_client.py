"""The response_url client (`bot.respond.webhook`): kept-alive pooled connections, with slack_sdk
WebhookClient's retries, statuses and errors unchanged."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from urllib.error import URLError

import pytest
from slack_sdk.webhook import WebhookClient

from bot.fakeslack import FakeSlack
from bot.respond import POOL, ConnectionPool, PooledWebhookClient, retry_handlers, webhook


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    POOL.clear()
    with FakeSlack() as server:
        yield server
    POOL.clear()


def _key(fake: FakeSlack) -> tuple[str, str, int]:
    host, port = fake.base.removeprefix("http://").split(":")
    return ("http", host, int(port))


def _idle(fake: FakeSlack) -> list[socket.socket]:
    return [conn.sock for conn in POOL._idle.get(_key(fake), [])]


def test_answers_to_one_host_share_one_connection(fake: FakeSlack) -> None:
    first = webhook(fake.response_url("a")).send(text="one", response_type="ephemeral")
    [sock] = _idle(fake)
    second = webhook(fake.response_url("b")).send(text="two", blocks=[{"type": "divider"}])
    assert (first.status_code, second.status_code) == (200, 200)
    assert _idle(fake) == [sock]  # the same socket, back in the pool
    calls = fake.calls_to("response_url")
    assert [c.path for c in calls] == ["/response/a", "/response/b"]
    assert calls[0].body == {"text": "one", "response_type": "ephemeral"}
    assert calls[1].body == {"text": "two", "blocks": [{"type": "divider"}]}
    assert calls[0].headers["content-type"] == "application/json;charset=utf-8"
    assert calls[0].headers["user-agent"].startswith("Python/")


def test_a_connection_the_server_closed_while_idle_is_replaced_and_the_answer_sent_once(fake: FakeSlack) -> None:
    webhook(fake.response_url("a")).send(text="one")
    with fake._lock:
        served = list(fake._open)
    for conn in served:  # what a server does to an idle keep-alive connection
        conn.shutdown(socket.SHUT_RDWR)
    # No retry handlers: the stale connection alone must be replaced, not left to the retry loop.
    sent = PooledWebhookClient(fake.response_url("b"), retry_handlers=[]).send(text="two")
    assert sent.status_code == 200
    assert [c.path for c in fake.calls_to("response_url")] == ["/response/a", "/response/b"]


@pytest.mark.parametrize(("status", "retry_after"), [(429, 0), (500, None), (503, None)])
def test_retried_like_webhookclient_then_delivered(fake: FakeSlack, status: int, retry_after: int | None) -> None:
    fake.fail_next("response_url", status=status, retry_after=retry_after)
    sent = webhook(fake.response_url()).send(text="hello")
    assert sent.status_code == 200
    assert len(fake.calls_to("response_url")) == 2


def test_a_refused_answer_is_returned_with_the_same_status_and_body_as_webhookclient(fake: FakeSlack) -> None:
    fake.fail_next("response_url", status=400, body={"ok": False, "error": "invalid_blocks"}, times=2)
    ours = webhook(fake.response_url()).send(text="x")
    theirs = WebhookClient(fake.response_url(), retry_handlers=retry_handlers()).send(text="x")
    assert (ours.status_code, ours.body) == (theirs.status_code, theirs.body) == (400, '{"ok": false, "error": "invalid_blocks"}')
    assert ours.headers["Content-Type"] == theirs.headers["Content-Type"]


def test_retries_spent_on_5xx_return_the_last_answer(fake: FakeSlack) -> None:
    fake.fail_next("response_url", status=500, times=3)
    sent = webhook(fake.response_url()).send(text="x")
    assert sent.status_code == 500
    assert len(fake.calls_to("response_url")) == 3  # the first attempt and two retries


def test_an_unreachable_host_raises_urlerror_after_the_retries_like_webhookclient() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/response/x"
    with pytest.raises(URLError):
        webhook(url).send(text="x")
    with pytest.raises(URLError):
        WebhookClient(url, retry_handlers=retry_handlers()).send(text="x")


def test_a_stopped_fake_answers_nothing_on_a_kept_connection() -> None:
    POOL.clear()
    fake = FakeSlack().start()
    url = fake.response_url()
    webhook(url).send(text="one")
    fake.stop()
    with pytest.raises(URLError):
        webhook(url).send(text="two")
    assert len(fake.calls_to("response_url")) == 1
    POOL.clear()


def test_the_pool_is_bounded_per_host_and_in_hosts() -> None:
    pool = ConnectionPool(per_host=2, hosts=2)
    conns = [pool.take(("http", "127.0.0.1", 9), 1.0, None)[0] for _ in range(3)]
    for conn in conns:
        pool.give_back(("http", "127.0.0.1", 9), conn)
    assert len(pool._idle[("http", "127.0.0.1", 9)]) == 2
    for port in (10, 11):
        pool.give_back(("http", "127.0.0.1", port), pool.take(("http", "127.0.0.1", port), 1.0, None)[0])
    assert list(pool._idle) == [("http", "127.0.0.1", 10), ("http", "127.0.0.1", 11)]
    _, was_idle = pool.take(("http", "127.0.0.1", 11), 1.0, None)
    assert was_idle
    pool.clear()
    assert not pool._idle
