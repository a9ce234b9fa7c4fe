"""A standing property test (issue 9): whatever a person types, in a slash command, a mention or a DM,
the app answers Slack 200 within Slack's limits and no exception reaches the error handler.

Through the real App with real signed bodies, on SQLite and PostgreSQL; the after-ack work runs on
a pool, as under `serve`, and is waited for explicitly.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from slack_bolt import App
from sqlalchemy.engine import Engine

from bot.app import create_app
from bot.deferred import Deferred
from bot.fakeslack import Call, FakeSlack
from bot.respond import SORRY
from bot.settings import Settings
from bot.slackrequests import bolt_request, dm_event, event_callback, mention_event, slash_command
from tests.bot.conftest import SECRET

WORDS = ["help", "name", "use", "mau", "ask", "register", "report", "status", "alerts", "nmae", "license",
         "llama-3.1", "llama-2", "policy", "month", "owner", "target", "mau"]
PIECES = ["1M", "800M", "5e9", "1.2k", "-1", "0", "9" * 30, "2026-08", "2026-13", "\"Support Bot\"", "'x",
          "\"", "<@U0ASKER>", "<@U0ASKER|asker>", "<#C0ALERTS|alerts>", "<!channel>", "<!here>", "@asker",
          "#alerts", "&amp;", "<b>", "*bold*", "`code`", "\u200b", "\u00a0", "Llama 2 Pro", "Meta", "fine-tune",
          "\u2013", "\U0001f999", "\t", "\n", "1e9999999", "9" * 5000]

token = st.one_of(st.sampled_from(WORDS), st.sampled_from(PIECES), st.text(max_size=12))
typed = st.one_of(
    st.text(max_size=300),
    st.lists(token, max_size=12).map(" ".join),
    st.tuples(st.sampled_from(WORDS), st.lists(token, max_size=10)).map(lambda t: " ".join([t[0], *t[1]])),
)

# Slack's documented limits for a message and its blocks.
MAX_TEXT = 40_000
MAX_BLOCKS = 50
MAX_SECTION = 3_000
MAX_HEADER = 150
MAX_CONTEXT_ELEMENTS = 10
MAX_FIELDS = 10
MAX_FIELD = 2_000
ACK_DEADLINE = 3.0


def within_limits(message: dict[str, Any]) -> None:
    assert isinstance(message.get("text", ""), str) and len(message.get("text") or "") <= MAX_TEXT
    blocks = message.get("blocks") or []
    assert len(blocks) <= MAX_BLOCKS
    for block in blocks:
        kind = block["type"]
        if kind == "header":
            assert len(block["text"]["text"]) <= MAX_HEADER, block
        elif kind == "section":
            if "text" in block:
                assert 0 < len(block["text"]["text"]) <= MAX_SECTION, block
            assert len(block.get("fields") or []) <= MAX_FIELDS
            assert all(len(f["text"]) <= MAX_FIELD for f in block.get("fields") or [])
        elif kind == "context":
            assert 0 < len(block["elements"]) <= MAX_CONTEXT_ELEMENTS
            assert all(len(e.get("text", "")) <= MAX_FIELD for e in block["elements"])


class Errors(logging.Handler):
    """Every record the app's error handler logs ("error while handling a Slack request")."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def errors() -> Iterator[Errors]:
    handler = Errors()
    logger = logging.getLogger("herdbook")
    logger.addHandler(handler)
    yield handler
    logger.removeHandler(handler)


@pytest.fixture
def world(database_url: str, engine: Engine) -> Iterator[tuple[App, FakeSlack, Deferred]]:
    with FakeSlack() as fake:
        fake.add_user("U0ASKER", name="asker", is_admin=True)
        fake.add_channel("C0ALERTS", name="alerts", creator="U0ASKER")
        settings = Settings(_env_file=None, slack_bot_token="xoxb-test-token", slack_signing_secret=SECRET,
                            slack_api_url=fake.url, database_url=database_url)
        pool = Deferred(4, backlog=16, wait_seconds=5)
        yield create_app(settings, engine=engine, deferred=pool), fake, pool
        pool.shutdown()


def _check(app: App, fake: FakeSlack, pool: Deferred, errors: Errors, body: str) -> None:
    before = len(fake.posted())
    started = time.monotonic()
    response = app.dispatch(bolt_request(SECRET, body))
    assert time.monotonic() - started < ACK_DEADLINE
    assert response.status == 200
    if response.body:
        within_limits(json.loads(response.body))
    assert pool.wait_idle(30)
    posted: list[Call] = fake.posted()[before:]
    for call in posted:
        within_limits(call.body)
        assert call.body.get("text") != SORRY
    assert errors.records == [], [r.getMessage() for r in errors.records]


PROPERTY = hsettings(max_examples=120, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@PROPERTY
@given(text=typed)
def test_any_slash_command_is_answered_200_within_limits(world: tuple[App, FakeSlack, Deferred],
                                                        errors: Errors, text: str) -> None:
    app, fake, pool = world
    _check(app, fake, pool, errors, slash_command(text, response_url=fake.response_url("p")))


@PROPERTY
@given(text=typed, where=st.sampled_from(["mention", "dm", "thread"]))
def test_any_mention_or_dm_is_answered_200_within_limits(world: tuple[App, FakeSlack, Deferred],
                                                        errors: Errors, text: str, where: str) -> None:
    app, fake, pool = world
    if where == "dm":
        event = dm_event(text)
    else:
        event = mention_event(text, thread_ts="1700000000.000001" if where == "thread" else None)
    _check(app, fake, pool, errors, event_callback(event))


# Issue 9.4: numbers no user count can be (int digit limit, decimal.Overflow) get a one-line refusal.
HUGE = ["mau 1e9999999", "mau " + "9" * 5000, "report Chat 1e9999999", "use chatbot mau " + "9" * 5000]


@pytest.mark.parametrize("text", HUGE)
def test_huge_numbers_are_refused_politely(world: tuple[App, FakeSlack, Deferred], errors: Errors,
                                           text: str) -> None:
    app, fake, pool = world
    _check(app, fake, pool, errors, slash_command(text, response_url=fake.response_url("p")))
