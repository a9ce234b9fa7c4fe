"""Monthly check-ins: once the month has turned for an owner, ask them once for last month's MAU.

Due-ness is read from the database every time: a service is due for month M when it existed in M,
has no report for M and has no check-in for M yet. Reporting (modal, "no change" or `report`)
closes it simply by creating the report. A clock that was down over the 1st finds the same services
due at its next tick, and the outbox's unique key keeps it to one DM per service and month.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from slack_sdk import WebClient
from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.blocks.checkin import checkin_message, owner_missing_message
from bot.i18n import lang_of_locale
from bot.jobs.batches import WorkspaceRow, workspace_pages
from bot.jobs.outbox import enqueue
from bot.jobs.owners import Owner, owner_profiles
from bot.jobs.periods import UTC, candidate_checkin_months, checkin_month
from bot.storage.db import session_scope
from bot.storage.models import MauReport, Notification, Service, Workspace

logger = logging.getLogger(__name__)


@dataclass
class CheckinReport:
    queued: list[tuple[str, int, str]] = field(default_factory=list)  # (workspace, service id, month)
    owner_missing: list[tuple[str, int, str]] = field(default_factory=list)
    waiting: list[int] = field(default_factory=list)  # owner's profile unavailable: next tick


@dataclass(frozen=True)
class _Candidate:
    id: int
    workspace_id: str
    name: str
    owner_id: str | None
    since_month: str


def run_checkins(*, engine: Engine, client: WebClient, now: datetime, workspace_id: str | None = None,
                 page_size: int = 500) -> CheckinReport:
    """Queue every check-in (or owner-missing notice) due at `now`. Sending is the outbox's job."""
    now = now.astimezone(UTC)
    report = CheckinReport()
    months = candidate_checkin_months(now)
    for page in workspace_pages(engine=engine, page_size=page_size, only=workspace_id):
        _run_page(engine=engine, client=client, now=now, page=page, months=months, report=report)
    return report


def _run_page(*, engine: Engine, client: WebClient, now: datetime, page: list[WorkspaceRow], months: list[str],
              report: CheckinReport) -> None:
    ids = [w.id for w in page]
    with Session(engine) as session:
        services = [_Candidate(*r) for r in session.execute(
            select(Service.id, Service.workspace_id, Service.name, Service.owner_id, Service.since_month)
            .where(Service.workspace_id.in_(ids), Service.since_month <= months[-1])
        )]
        reported = set(session.execute(
            select(MauReport.service_id, MauReport.month)
            .where(MauReport.workspace_id.in_(ids), MauReport.month.in_(months))
        ).all())
        asked: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)  # (subject, month) -> kind -> status
        for subject, period, kind, status in session.execute(
            select(Notification.subject, Notification.period, Notification.kind, Notification.status)
            .where(Notification.workspace_id.in_(ids), Notification.kind.in_(("checkin", "owner_missing")),
                   Notification.period.in_(months))
        ):
            asked[(subject, period)][kind] = status

    def open_for(s: _Candidate, month: str) -> bool:
        if s.since_month > month or (s.id, month) in reported:
            return False
        done = asked.get((f"service:{s.id}", month), {})
        return "owner_missing" not in done and done.get("checkin") in (None, "dead")

    due = [s for s in services if any(open_for(s, m) for m in months)]
    if not due:
        return
    channels = {w.id: w.alert_channel for w in page}
    by_workspace: dict[str, list[_Candidate]] = defaultdict(list)
    for s in due:
        by_workspace[s.workspace_id].append(s)
    for ws_id, candidates in by_workspace.items():
        owners = owner_profiles(engine=engine, client=client, workspace_id=ws_id, now=now,
                                user_ids={s.owner_id for s in candidates if s.owner_id})
        plan: list[tuple[_Candidate, str, Owner | None]] = []
        for s in candidates:
            owner = owners.get(s.owner_id) if s.owner_id else None
            if s.owner_id and owner is None:
                report.waiting.append(s.id)
                continue
            month = checkin_month(now, owner.tz if owner else None)
            if open_for(s, month):
                plan.append((s, month, owner))
        if plan:
            _queue(engine=engine, now=now, workspace_id=ws_id, channel=channels.get(ws_id), plan=plan,
                   asked=asked, report=report)


def _last_values(session: Session, service_ids: list[int], before: str) -> dict[int, tuple[str, int]]:
    """Each service's latest report before `before`: one GROUP BY, not a query per service."""
    latest = (
        select(MauReport.service_id, func.max(MauReport.month).label("month"))
        .where(MauReport.service_id.in_(service_ids), MauReport.month < before)
        .group_by(MauReport.service_id)
        .subquery()
    )
    rows = session.execute(
        select(MauReport.service_id, MauReport.month, MauReport.value)
        .join(latest, (MauReport.service_id == latest.c.service_id) & (MauReport.month == latest.c.month))
    )
    return {sid: (month, value) for sid, month, value in rows}


def _queue(*, engine: Engine, now: datetime, workspace_id: str, channel: str | None,
           plan: list[tuple[_Candidate, str, Owner | None]], asked: dict[tuple[str, str], dict[str, str]],
           report: CheckinReport) -> None:
    with session_scope(engine) as session:
        last: dict[str, dict[int, tuple[str, int]]] = {}
        for month in {m for _, m, _ in plan}:
            last[month] = _last_values(session, [s.id for s, m, _ in plan if m == month], month)
        for s, month, owner in plan:
            subject = f"service:{s.id}"
            meta = {"service_id": s.id, "month": month, "service_name": s.name, "owner": s.owner_id}
            dm_failed = asked.get((subject, month), {}).get("checkin") == "dead"
            if owner is None or owner.deleted or dm_failed:
                reason = ("no owner is set" if owner is None else
                          "they have left the workspace" if owner.deleted else "the direct message failed")
                if not channel:
                    logger.warning("checkin: %s in %s needs a human (%s) but no alert channel is set",
                                   s.name, workspace_id, reason)
                    continue
                lang = session.execute(select(Workspace.language).where(Workspace.id == workspace_id)).scalar()
                text, blocks = owner_missing_message(service_name=s.name, owner_id=s.owner_id, month=month,
                                                     reason=reason, lang=lang or "en")  # the channel's language
                if enqueue(session=session, workspace_id=workspace_id, kind="owner_missing", subject=subject,
                           period=month, channel=channel, text=text, blocks=blocks, now=now, meta=meta):
                    report.owner_missing.append((workspace_id, s.id, month))
                continue
            last_month, last_value = last[month].get(s.id, (None, None))
            lang = lang_of_locale(owner.locale)  # the owner's Slack language
            text, blocks = checkin_message(service_id=s.id, service_name=s.name, month=month,
                                           last_value=last_value, last_month=last_month, lang=lang)
            if enqueue(session=session, workspace_id=workspace_id, kind="checkin", subject=subject, period=month,
                       channel=s.owner_id, text=text, blocks=blocks, now=now,
                       meta={**meta, "last_value": last_value, "last_month": last_month, "lang": lang}):
                report.queued.append((workspace_id, s.id, month))
