"""Rules replies remembered per exact question (bot/services/reply_cache.py): the same answer as
computed afresh, never shared across inputs that change it, and everything per request (the OSPO
button, the audit row) still done per request."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from bot.app import create_app
from bot.fakeslack import FakeSlack
from bot.grammar import Command, parse_command
from bot.reply import Asked, Reply
from bot.services.reply_cache import REPLIES, ReplyCache
from bot.settings import Settings
from tests.bot.conftest import Slack

TEXTS = ["name Llama 2 Pro", "name Acme Chat", "mau 800M", "use customer support chatbot mau 5M",
         "can we fine-tune Llama 2 and sell API access?", "help", "help name", "--license llama-3.1 mau 800M",
         "라마 2로 만든 챗봇을 팔아도 되나요?"]


def _ack(sent: Any) -> dict[str, Any]:
    return json.loads(sent.response.body)


def _audit_rows(settings: Settings) -> int:
    engine = create_engine(settings.database_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT count(*) FROM audit")).scalar_one()
    finally:
        engine.dispose()


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    REPLIES.clear()


def test_a_remembered_reply_is_the_one_computed_afresh(slack: Slack) -> None:
    fresh = {}
    for question in TEXTS:
        REPLIES.clear()
        fresh[question] = _ack(slack.command(question))
    REPLIES.clear()
    for _ in range(2):  # a reply is kept when its question comes a second time
        for question in TEXTS:
            slack.command(question)
    assert REPLIES.hits == 0
    hits = REPLIES.hits
    for question in TEXTS:
        assert _ack(slack.command(question)) == fresh[question], question
    assert REPLIES.hits == hits + len(TEXTS)


def test_every_request_still_gets_its_button_and_its_audit_row(slack: Slack, settings: Settings) -> None:
    before = _audit_rows(settings)
    for _ in range(4):
        blocks = _ack(slack.command("name Llama 2 Pro"))["blocks"]  # prohibited: the Ask button follows
        assert [b.get("block_id") for b in blocks].count("review_ask") == 1
    assert REPLIES.hits == 2  # kept at the second, given at the third and fourth
    assert _audit_rows(settings) - before == 4


def test_the_language_is_part_of_the_question(slack: Slack, fake: FakeSlack) -> None:
    fake.add_user("U0KOREAN", locale="ko-KR")
    english = _ack(slack.command("mau 800M"))
    korean = _ack(slack.command("mau 800M", user_id="U0KOREAN"))
    assert english["text"] != korean["text"]
    assert _ack(slack.command("mau 800M")) == english
    assert _ack(slack.command("mau 800M", user_id="U0KOREAN")) == korean


def test_the_workspace_defaults_are_part_of_the_question(settings: Settings, fake: FakeSlack) -> None:
    other = settings.model_copy(update={"default_license": "llama-3.1"})
    default = _ack(Slack(create_app(settings), fake).command("mau 800M"))
    changed = _ack(Slack(create_app(other), fake).command("mau 800M"))
    assert default != changed
    assert "3.1" in json.dumps(changed) and "3.1" not in json.dumps(default)


def test_workspace_words_and_failures_are_not_remembered(slack: Slack) -> None:
    for _ in range(3):
        slack.command("status")
        slack.command("mau lots")  # a quantity the rules cannot read: a refusal, rebuilt each time
    assert REPLIES.hits == 0


def test_bounded_and_keyed_by_the_handler() -> None:
    cache = ReplyCache(size=2)
    calls: list[str] = []

    def handler(command: Command, asked: Asked, deps: Any) -> Reply:
        calls.append(asked.text)
        return Reply(text=asked.text)

    class Deps:
        settings = Settings(_env_file=None)

    def ask(question: str, fn: Any = handler) -> Reply:
        asked = Asked(text=question, surface="command", now=None)  # type: ignore[arg-type]
        return cache.reply(fn, parse_command(question), asked, Deps())  # type: ignore[arg-type]

    first = ask("mau 1M")
    assert ask("mau 1M") is not first  # asked once before: computed again, and now kept
    kept = ask("mau 1M")
    assert ask("mau 1M") is kept
    for question in ("mau 2M", "mau 2M", "mau 3M", "mau 3M"):  # two more kept: mau 1M, the oldest, goes
        ask(question)
    calls.clear()
    ask("mau 1M")
    ask("mau 3M")
    assert calls == ["mau 1M"]

    def other(command: Command, asked: Asked, deps: Any) -> Reply:
        return Reply(text="other")

    assert ask("mau 1M", other).text == "other"
    assert ask("mau 1M", other).text == "other"
    assert ask("register Chat", handler) is not ask("register Chat", handler)  # not a rules word
