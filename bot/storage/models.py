"""Every table in one module. All times are timezone-aware UTC; every row names its workspace."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, Column, DateTime, Index, String, Text, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from bot.storage.clean import strip_controls

# Slack ids (team, enterprise, user, channel) are opaque strings; Slack documents no maximum and
# they have grown before (Enterprise Grid ids, 11+ character user ids). 128 leaves room for any.
ID_LEN = 128


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """DateTime that always comes back timezone-aware in UTC.

    PostgreSQL keeps the zone (timestamptz); SQLite stores text without it and would hand back naive
    datetimes, which cannot be compared with the aware `now` the jobs pass in. Naive values written
    by callers are taken to be UTC already.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class CleanString(TypeDecorator[str]):
    """A string column that stores text without NUL or other control characters (bot.storage.clean),
    and refuses text longer than the column on SQLite as PostgreSQL does.

    Applied to every string column of every table below, so no write path (ORM, Core insert,
    raw upsert) can hand PostgreSQL a NUL byte that SQLite would have taken.
    """

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        if not isinstance(value, str):
            return value
        value = strip_controls(value)
        # PostgreSQL refuses a longer value and SQLite would keep it: refuse it on both, the same way.
        length = getattr(self.impl, "length", None)
        if length is not None and len(value) > length:
            raise ValueError(f"{value[:40]!r}... is longer than {length} characters")
        return value


class CleanText(CleanString):
    impl = Text
    cache_ok = True


def _ts(nullable: bool = False) -> Column:
    return Column(UTCDateTime(), nullable=nullable)


class Workspace(SQLModel, table=True):
    id: str = Field(primary_key=True, max_length=ID_LEN)  # tenant key: enterprise id (org install) or team id
    name: str | None = Field(default=None, max_length=200)
    alert_channel: str | None = Field(default=None, max_length=ID_LEN)
    # After a 429, Slack wants nothing from this workspace before this time (Retry-After).
    slack_not_before: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    default_license: str = Field(default="llama-2", max_length=32)
    default_policy: str = Field(default="guide", max_length=64)
    # The language of channel messages (alerts, summaries): "en" or "ko" (`/llama-check language`).
    language: str = Field(default="en", max_length=8)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class Service(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("workspace_id", "name_key", name="uq_service_workspace_name"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = Field(foreign_key="workspace.id", index=True, max_length=ID_LEN)
    name: str = Field(max_length=120)
    # Case- and space-folded name: "Support Bot" and "support  bot" are the same service.
    name_key: str = Field(max_length=120)
    license: str = Field(default="llama-2", max_length=32)
    owner_id: str | None = Field(default=None, max_length=ID_LEN)
    # First month (YYYY-MM) the service had users; reports for earlier months are refused. Set at
    # registration to the previous calendar month (the default report month) unless given earlier.
    since_month: str = Field(max_length=7)
    created_by: str | None = Field(default=None, max_length=ID_LEN)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class MauReport(SQLModel, table=True):
    """The current value for one service and month. Every value ever given is in MauReportRevision."""

    __table_args__ = (
        UniqueConstraint("service_id", "month", name="uq_mau_service_month"),
        Index("ix_mau_workspace_month", "workspace_id", "month"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = Field(foreign_key="workspace.id", max_length=ID_LEN)
    service_id: int = Field(foreign_key="service.id", index=True)
    month: str = Field(max_length=7)  # YYYY-MM
    value: int = Field(sa_column=Column(BigInteger, nullable=False))
    reported_by: str = Field(max_length=ID_LEN)
    reported_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class MauReportRevision(SQLModel, table=True):
    """History: one row per value given for a service and month, the replaced ones included."""

    __table_args__ = (Index("ix_maurev_service_month", "service_id", "month"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = Field(foreign_key="workspace.id", max_length=ID_LEN)
    service_id: int = Field(foreign_key="service.id")
    month: str = Field(max_length=7)
    value: int = Field(sa_column=Column(BigInteger, nullable=False))
    reported_by: str = Field(max_length=ID_LEN)
    reported_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class SlackUser(SQLModel, table=True):
    """A cache of users.info: admin flag, time zone, whether the user has left."""

    __table_args__ = (UniqueConstraint("workspace_id", "user_id", name="uq_slackuser_workspace_user"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = Field(foreign_key="workspace.id", max_length=ID_LEN)
    user_id: str = Field(max_length=ID_LEN)
    is_admin: bool = False
    is_bot: bool = False
    deleted: bool = False
    tz: str | None = Field(default=None, max_length=64)
    locale: str | None = Field(default=None, max_length=16)  # "ko-KR", "en-US" (users.info include_locale)
    fetched_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class ProcessedEvent(SQLModel, table=True):
    event_id: str = Field(primary_key=True, max_length=ID_LEN)
    workspace_id: str | None = Field(default=None, max_length=ID_LEN)
    received_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class Audit(SQLModel, table=True):
    __table_args__ = (Index("ix_audit_workspace_created", "workspace_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = Field(max_length=ID_LEN)
    user_id: str | None = Field(default=None, max_length=ID_LEN)
    action: str = Field(max_length=32)  # ask, name, use, mau, register, report, alerts, checkin...
    subject: str | None = Field(default=None, max_length=200)
    input: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    result: str | None = Field(default=None, max_length=64)  # verdict word or "ok"/"refused"
    detail: str | None = Field(default=None, sa_column=Column(Text, nullable=True))  # JSON
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class Notification(SQLModel, table=True):
    """The outbox. A row is claimed by inserting it; the unique key makes a second claim a no-op."""

    __table_args__ = (
        UniqueConstraint("workspace_id", "kind", "subject", "period", name="uq_notification_key"),
        Index("ix_notification_status", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = Field(max_length=ID_LEN)
    kind: str = Field(max_length=32)  # checkin, reminder, summary, alert, owner_missing
    subject: str = Field(max_length=200)  # e.g. "service:12", "company", "level:75:company"
    period: str = Field(max_length=16)  # e.g. "2026-10" or "2026-10:r3"
    channel: str | None = Field(default=None, max_length=ID_LEN)
    payload: str = Field(default="{}", sa_column=Column(Text, nullable=False))  # JSON: text, blocks
    status: str = Field(default="pending", max_length=16)  # pending, sending, sent, failed, dead, skipped, obsolete
    attempts: int = 0
    claimed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    next_attempt_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    sent_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    slack_ts: str | None = Field(default=None, max_length=32)
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class AlertState(SQLModel, table=True):
    """Per workspace and subject (company or a service), the highest alert level armed-and-fired."""

    __table_args__ = (UniqueConstraint("workspace_id", "subject", "level", name="uq_alertstate_key"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = Field(max_length=ID_LEN)
    subject: str = Field(max_length=64)  # "company" or "service:<id>"
    level: int  # 50, 75, 90, 100
    fired: bool = False  # True after an upward crossing was posted; False once re-armed
    fired_period: str | None = Field(default=None, max_length=7)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


def _clean_every_string_column() -> None:
    """Every String/Text column of the tables above becomes CleanString/CleanText of the same length."""
    for table in SQLModel.metadata.tables.values():
        for column in table.columns:
            kind = column.type
            if isinstance(kind, CleanString):
                continue
            base = kind.impl if isinstance(kind, TypeDecorator) else kind  # SQLModel's AutoString wraps String
            if isinstance(base, Text):
                column.type = CleanText()
            elif isinstance(base, String):
                column.type = CleanString(length=base.length)


_clean_every_string_column()
