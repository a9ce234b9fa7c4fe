"""Scenario fixtures: the real App from create_app on a migrated database (SQLite and PostgreSQL),
a FakeSlack Web API, and signed requests built the way Slack builds them (bot.slackrequests)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_bolt import App, BoltResponse
from sqlalchemy import func
from sqlmodel import select

from bot.app import create_app
from bot.fakeslack import Call, FakeSlack
from bot.settings import Settings
from bot.slackrequests import bolt_request, event_callback, mention_event, slash_command
from bot.storage.db import session_scope
from bot.storage.months import add_months, previous_month
from tests.slacktext import texts

SECRET = "storage-test-signing-secret-0123456789"
OWNER, OTHER, ADMIN, CREATOR = "U0OWNER", "U0OTHER", "U0ADMIN", "U0CREATOR"
TEAM_A, TEAM_B = "T0AAAA", "T0BBBB"


def last_month() -> str:
    """The month `report` defaults to, from the same clock the listeners read."""
    return previous_month(datetime.now(UTC))


def months_ago(n: int) -> str:
    return add_months(last_month(), 1 - n)


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        fake.add_user(OWNER, name="olivia")
        fake.add_user(OTHER, name="oscar")
        fake.add_user(ADMIN, name="ada", is_admin=True)
        fake.add_user(CREATOR, name="cora")
        fake.add_channel("C0ALERTS", name="llama-alerts", creator=CREATOR)
        yield fake


@pytest.fixture
def settings(fake: FakeSlack, database_url: str) -> Settings:
    return Settings(_env_file=None, slack_bot_token="xoxb-test-token", slack_signing_secret=SECRET,
                    slack_api_url=fake.url, database_url=database_url)


@pytest.fixture
def app(settings: Settings, engine) -> App:  # type: ignore[no-untyped-def]
    return create_app(settings, process_before_response=True, engine=engine)


@dataclass
class Sent:
    response: BoltResponse
    posted: list[Call]

    @property
    def text(self) -> str:
        """Every text the app posted for this request (fallback and blocks), joined."""
        return "\n".join(text for call in self.posted for text in texts(call.body))


class Slack:
    def __init__(self, app: App, fake: FakeSlack) -> None:
        self.app, self.fake = app, fake

    def dispatch(self, body: str, **header_kw: Any) -> Sent:
        before = len(self.fake.posted())
        response = self.app.dispatch(bolt_request(SECRET, body, **header_kw))
        assert response.status == 200, response.body
        return Sent(response, self.fake.posted()[before:])

    def command(self, text: str, *, user: str = OWNER, team: str = TEAM_A, channel: str = "C0GENERAL") -> Sent:
        return self.dispatch(slash_command(text, response_url=self.fake.response_url("cmd"), user_id=user,
                                           team_id=team, channel_id=channel))

    def mention(self, text: str, *, user: str = OWNER, team: str = TEAM_A, event_id: str | None = None) -> Sent:
        return self.dispatch(event_callback(mention_event(text, user=user), team_id=team, event_id=event_id))

    def submit_view(self, view: dict[str, Any], values: dict[str, Any], *, user: str = OWNER,
                    team: str = TEAM_A) -> Sent:
        payload = {
            "type": "view_submission",
            "team": {"id": team, "domain": "fake"},
            "user": {"id": user, "team_id": team},
            "api_app_id": "A0HERDBOOK",
            "view": {**view, "id": "V0REGISTER", "team_id": team, "state": {"values": values}},
        }
        return self.dispatch(urlencode({"payload": json.dumps(payload)}))


@pytest.fixture
def slack(app: App, fake: FakeSlack) -> Slack:
    return Slack(app, fake)


def rows(engine, model, *where) -> int:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        return s.exec(select(func.count()).select_from(model).where(*where)).one()
