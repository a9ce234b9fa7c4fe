"""Fixtures for the bot's scenario tests: a FakeSlack, the real App from create_app, signed requests."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import App, BoltResponse

from bot.app import create_app
from bot.fakeslack import Call, FakeSlack
from bot.settings import Settings
from bot.slackrequests import bolt_request, dm_event, event_callback, mention_event, slash_command
from tests.slacktext import texts

SECRET = "test-signing-secret-0123456789abcdef"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.add_user("U0ASKER", name="asker")
        yield fake


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file upgraded to head; each test gets a copy (migrating per test is slow)."""
    from bot.storage.db import upgrade_to_head

    path = tmp_path_factory.mktemp("template") / "herdbook.db"
    upgrade_to_head(f"sqlite:///{path}")
    return path


@pytest.fixture
def db_url(migrated_db: Path, tmp_path: Path) -> str:
    path = tmp_path / "herdbook.db"
    shutil.copy(migrated_db, path)
    return f"sqlite:///{path}"


@pytest.fixture
def settings(fake: FakeSlack, db_url: str) -> Settings:
    return Settings(_env_file=None, slack_bot_token="xoxb-test-token", slack_signing_secret=SECRET,
                    slack_api_url=fake.url, database_url=db_url)


@pytest.fixture
def app(settings: Settings) -> App:
    return create_app(settings, process_before_response=True)


@dataclass
class Sent:
    response: BoltResponse
    posted: list[Call]  # what the app sent to Slack while handling this request

    @property
    def replies(self) -> list[Call]:
        """Every reply: an answer carried in the ack's body (method "ack") first, then what was posted."""
        acked = []
        if self.response.body and self.response.body.startswith("{"):
            acked = [Call(method="ack", body=json.loads(self.response.body), headers={}, path="ack")]
        return acked + self.posted


class Slack:
    """Sends signed requests to the app the way Slack would, and collects what the app posted."""

    def __init__(self, app: App, fake: FakeSlack) -> None:
        self.app = app
        self.fake = fake

    def dispatch(self, body: str, **header_kw: Any) -> Sent:
        before = len(self.fake.posted())
        response = self.app.dispatch(bolt_request(SECRET, body, **header_kw))
        return Sent(response, self.fake.posted()[before:])

    def command(self, text: str, **kw: Any) -> Sent:
        return self.dispatch(slash_command(text, response_url=self.fake.response_url("cmd"), **kw))

    def event(self, event: dict[str, Any], *, event_id: str | None = None, **header_kw: Any) -> Sent:
        return self.dispatch(event_callback(event, event_id=event_id), **header_kw)

    def mention(self, text: str, **kw: Any) -> Sent:
        return self.event(mention_event(text, **kw))

    def dm(self, text: str, **kw: Any) -> Sent:
        return self.event(dm_event(text, **kw))


@pytest.fixture
def slack(app: App, fake: FakeSlack) -> Slack:
    return Slack(app, fake)


def reply_text(call: Call) -> str:
    """The fallback text and every text in the blocks, as one string to search."""
    return "\n".join([str(call.body.get("text") or ""), *texts(call.body.get("blocks") or [])])
