"""A small world for the jobs: a real database (SQLite and PostgreSQL), the fake Slack Web API, and
helpers that register services and report months through the storage repository."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.fakeslack import Call, FakeSlack
from bot.jobs.clock import Jobs, tick
from bot.jobs.outbox import deliver
from bot.jobs.periods import UTC
from bot.jobs.slack import make_jobs_client
from bot.settings import Settings
from bot.storage import repository as repo
from bot.storage.db import session_scope
from bot.storage.models import Notification

T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)  # when the test world's services were registered


def at(text: str) -> datetime:
    """'2026-11-01 09:00' (UTC) -> aware datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@dataclass
class World:
    engine: Engine
    fake: FakeSlack
    jobs: Jobs

    @property
    def settings(self) -> Settings:
        return self.jobs.settings

    def workspace(self, team: str = "T1", *, channel: str | None = "CALERT") -> str:
        with session_scope(self.engine) as s:
            repo.get_or_create_workspace(session=s, team_id=team, now=T0)
            if channel:
                repo.set_alert_channel(session=s, workspace_id=team, channel_id=channel)
        return team

    def service(self, name: str, *, owner: str | None, team: str = "T1", since: str = "2025-12",
                tz: str = "UTC", now: datetime = T0, **user: Any) -> int:
        if owner and owner not in self.fake.state.users:
            self.fake.add_user(owner, tz=tz, **user)
        with session_scope(self.engine) as s:
            svc = repo.register_service(session=s, workspace_id=team, name=name, license="llama-2",
                                        owner_id=owner, user_id=owner, now=now, since_month=since)
            s.flush()
            return int(svc.id)

    def report(self, service_id: int, month: str, value: int, *, team: str = "T1",
               now: datetime | None = None) -> None:
        with session_scope(self.engine) as s:
            repo.record_report(session=s, workspace_id=team, service_id=service_id, month=month, value=value,
                               user_id="UREPORTER", now=now or at("2030-01-15 00:00"))

    def tick(self, now: datetime) -> dict[str, Any] | None:
        return tick(jobs=self.jobs, now=now)

    def deliver(self, now: datetime) -> Any:
        return deliver(engine=self.engine, client=self.jobs.client, now=now,
                       claim_timeout=timedelta(minutes=self.settings.outbox_claim_timeout_minutes),
                       max_attempts=self.settings.outbox_max_attempts)

    def dms(self, user: str | None = None) -> list[Call]:
        """Messages posted into DM channels (the fake names them D + user id without the U)."""
        return [c for c in self.fake.calls_to("chat.postMessage")
                if str(c.body.get("channel", "")).startswith("D")
                and (user is None or c.body["channel"] == "D" + user.lstrip("U"))]

    def posts(self, channel: str = "CALERT") -> list[Call]:
        return [c for c in self.fake.calls_to("chat.postMessage") if c.body.get("channel") == channel]

    def notifications(self, **where: Any) -> list[Notification]:
        with Session(self.engine) as s:
            query = select(Notification)
            for key, value in where.items():
                query = query.where(getattr(Notification, key) == value)
            return list(s.execute(query.order_by(Notification.id)).scalars())


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as f:
        yield f


@pytest.fixture
def world(engine: Engine, fake: FakeSlack) -> World:
    settings = Settings(_env_file=None, slack_bot_token="xoxb-test-token", slack_api_url=fake.url,
                        database_url=str(engine.url.render_as_string(hide_password=False)))
    return World(engine=engine, fake=fake, jobs=Jobs(engine=engine, client=make_jobs_client(settings),
                                                     settings=settings))
