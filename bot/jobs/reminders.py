"""Reminders 3 and 7 days after a check-in, then one summary per month to the alert channel.

Everything is derived from the outbox and the reports: a reminder is due when the check-in was sent
that long ago and the month is still unreported; the summary is due a day after the last reminder
(8 days after the first question of the month) while any asked service is still unreported.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.blocks.checkin import checkin_message, summary_message
from bot.jobs.batches import workspace_pages
from bot.jobs.outbox import enqueue
from bot.jobs.periods import UTC, aware
from bot.storage.db import session_scope
from bot.storage.models import MauReport, Notification, Service, Workspace

logger = logging.getLogger(__name__)

REMINDER_DAYS = (3, 7)
SUMMARY_AFTER = timedelta(days=8)
# Questions older than this belong to a month whose next check-in has already gone out.
LOOKBACK = timedelta(days=45)


@dataclass
class ReminderReport:
    reminders: list[tuple[str, int, str]] = field(default_factory=list)  # (workspace, service id, "M:rN")
    summaries: list[tuple[str, str, int]] = field(default_factory=list)  # (workspace, month, services missing)


@dataclass
class _Ask:
    kind: str
    service_id: int
    month: str
    status: str
    created_at: datetime
    sent_at: datetime | None
    meta: dict


def run_reminders(*, engine: Engine, now: datetime, workspace_id: str | None = None,
                  page_size: int = 500) -> ReminderReport:
    now = now.astimezone(UTC)
    report = ReminderReport()
    for page in workspace_pages(engine=engine, page_size=page_size, only=workspace_id):
        ids = [w.id for w in page]
        with Session(engine) as session:
            asks: dict[str, list[_Ask]] = defaultdict(list)
            for ws, kind, period, status, created, sent, payload in session.execute(
                select(Notification.workspace_id, Notification.kind, Notification.period, Notification.status,
                       Notification.created_at, Notification.sent_at, Notification.payload)
                .where(Notification.workspace_id.in_(ids), Notification.kind.in_(("checkin", "owner_missing")),
                       Notification.created_at >= now - LOOKBACK)
            ):
                meta = json.loads(payload).get("meta") or {}
                if meta.get("service_id") is not None:
                    asks[ws].append(_Ask(kind, int(meta["service_id"]), period, status, aware(created),
                                         aware(sent), meta))
            if not asks:
                continue
            months = {a.month for items in asks.values() for a in items}
            reported = set(session.execute(
                select(MauReport.service_id, MauReport.month)
                .where(MauReport.workspace_id.in_(ids), MauReport.month.in_(months))
            ).all())
            reminded = set(session.execute(
                select(Notification.workspace_id, Notification.subject, Notification.period)
                .where(Notification.workspace_id.in_(ids), Notification.kind.in_(("reminder", "summary")),
                       Notification.created_at >= now - LOOKBACK)
            ).all())
            existing = set(session.execute(
                select(Service.id).where(Service.workspace_id.in_(ids))
            ).scalars())
        channels = {w.id: w.alert_channel for w in page}
        with session_scope(engine) as session:
            for ws, items in asks.items():
                open_asks = [a for a in items if (a.service_id, a.month) not in reported and a.service_id in existing]
                _remind(session=session, now=now, workspace_id=ws, asks=open_asks, reminded=reminded, report=report)
                _summarise(session=session, now=now, workspace_id=ws, channel=channels.get(ws), asks=items,
                           open_asks=open_asks, reminded=reminded, report=report)
    return report


def _remind(*, session: Session, now: datetime, workspace_id: str, asks: list[_Ask],
            reminded: set[tuple[str, str, str]], report: ReminderReport) -> None:
    for ask in asks:
        if ask.kind != "checkin" or ask.status != "sent" or ask.sent_at is None:
            continue
        subject = f"service:{ask.service_id}"
        # After a long outage only the latest reminder goes out: two at once would be noise.
        days = next((d for d in reversed(REMINDER_DAYS) if now >= ask.sent_at + timedelta(days=d)), None)
        if days is None:
            continue
        period = f"{ask.month}:r{days}"
        if (workspace_id, subject, period) in reminded:
            continue
        meta = ask.meta
        text, blocks = checkin_message(service_id=ask.service_id, service_name=str(meta.get("service_name")),
                                       month=ask.month, last_value=meta.get("last_value"),
                                       last_month=meta.get("last_month"), reminder_days=days,
                                       lang=str(meta.get("lang") or "en"))  # the check-in's language
        if enqueue(session=session, workspace_id=workspace_id, kind="reminder", subject=subject, period=period,
                   channel=meta.get("owner"), text=text, blocks=blocks, now=now,
                   meta={"service_id": ask.service_id, "month": ask.month}):
            report.reminders.append((workspace_id, ask.service_id, period))


def _summarise(*, session: Session, now: datetime, workspace_id: str, channel: str | None, asks: list[_Ask],
               open_asks: list[_Ask], reminded: set[tuple[str, str, str]], report: ReminderReport) -> None:
    first_asked: dict[str, datetime] = {}
    for ask in asks:
        first_asked[ask.month] = min(first_asked.get(ask.month, ask.created_at), ask.created_at)
    for month, first in sorted(first_asked.items()):
        if now < first + SUMMARY_AFTER or (workspace_id, "company", month) in reminded:
            continue
        missing = sorted({(str(a.meta.get("service_name")), a.meta.get("owner")) for a in open_asks
                          if a.month == month})
        if not missing:
            continue
        if not channel:
            logger.warning("reminders: %s has %d services unreported for %s but no alert channel",
                           workspace_id, len(missing), month)
            continue
        # To the alert channel: in the workspace's language (`/llama-check language`).
        lang = session.execute(select(Workspace.language).where(Workspace.id == workspace_id)).scalar() or "en"
        text, blocks = summary_message(month=month, missing=missing, lang=lang)
        if enqueue(session=session, workspace_id=workspace_id, kind="summary", subject="company", period=month,
                   channel=channel, text=text, blocks=blocks, now=now, meta={"month": month}):
            report.summaries.append((workspace_id, month, len(missing)))
