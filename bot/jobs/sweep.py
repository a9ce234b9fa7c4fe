"""The threshold sweep: alert levels on the company total and on each service.

Levels are 50 %, 75 %, 90 % of the MAU limit and the limit itself. A level fires on an upward
crossing, once per level and month (the outbox key `alert / level:L:SUBJECT / MONTH`), and stays
fired (AlertState) until the value drops more than 5 percentage points below it, which re-arms it.
A small dip and recovery is therefore not a new alert.

One path for both callers: the clock sweeps every workspace in pages (`run_sweep`), and the report
handlers call `sweep_workspace` in the same transaction that saved the report. Both decide under a
per-workspace lock (a PostgreSQL transaction advisory lock; SQLite's single writer), and the outbox's
unique key backs that up, so an alert is never posted twice.

Values: the month swept is the latest complete month (UTC); each service counts its latest report
up to that month (a service that has not reported yet counts its last known value, the same rule as
`status`). Reads are aggregate queries per page of workspaces, never a query per service.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, Protocol

from sqlalchemy import func, select, text, update
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlmodel import Session

import rules
from bot.blocks.alerts import alert_message
from bot.forecast import forecast_line
from bot.jobs.batches import PAGE_SIZE, WorkspaceRow, workspace_pages
from bot.jobs.outbox import enqueue
from bot.jobs.periods import UTC, latest_complete_month
from bot.storage.db import session_scope
from bot.storage.models import AlertState, MauReport, Notification, Service, Workspace
from bot.storage.repository import company_series

logger = logging.getLogger(__name__)

LEVELS = rules.limits().levels  # percent of the limit (the policies' alert_levels)
REARM_POINTS = 5
# A dead alert is queued again after this long (then retried with the outbox's usual backoff).
REVIVE_AFTER = timedelta(minutes=30)
LOCK_CLASS = 7001  # first key of pg_advisory_xact_lock(int, int): "sweep of one workspace"
CHART_LEVEL = 90  # alerts from this level on carry the MAU chart (issue 14)


class ChartHook(Protocol):
    """Blocks showing the workspace's MAU chart (bot.services.home.chart_blocks_for_alert with a client)."""

    def __call__(self, *, session: Session, workspace_id: str, month: str, now: datetime) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class Limit:
    threshold: int
    inclusive: bool
    clause: str = "license §2"
    quote: str = ""  # the clause's own words (rules: the pack's mau_quote)


@lru_cache(maxsize=64)
def limit_for(license: str, policy: str) -> Limit:
    """The limit and whether reaching it exactly counts, from the rules data (pack and policy)."""
    try:
        lim = rules.limits(license, policy)
    except rules.RulesError:  # an unknown license id must not stop the sweep of everyone else
        lim = rules.limits()
        logger.warning("sweep: no rules data for %s/%s; using the default limit %s", license, policy, lim.limit)
    return Limit(lim.limit, lim.inclusive, lim.clause, lim.quote or "")


def reached(value: int, level: int, limit: Limit) -> bool:
    if level == 100:
        return value >= limit.threshold if limit.inclusive else value > limit.threshold
    return value * 100 >= level * limit.threshold


def rearmed(value: int, level: int, limit: Limit) -> bool:
    return value * 100 < (level - REARM_POINTS) * limit.threshold


@dataclass
class SweepReport:
    month: str = ""
    workspaces: int = 0
    alerts: list[tuple[str, str, int]] = field(default_factory=list)  # (workspace, subject, level)
    rearmed: list[tuple[str, str, int]] = field(default_factory=list)
    revived: list[int] = field(default_factory=list)  # ids of dead alerts queued again


@dataclass
class _Change:
    workspace: WorkspaceRow
    fire: list[tuple[str, list[int]]] = field(default_factory=list)  # (subject, newly reached levels)
    rearm: list[tuple[str, int]] = field(default_factory=list)


def _values(session: Session, lo: str, hi: str, month: str) -> dict[str, dict[int, int]]:
    """workspace -> service id -> latest value up to `month`, for workspaces lo..hi.

    One pass over the page's reports, whichever database: PostgreSQL's DISTINCT ON, SQLite's
    documented bare column beside MAX() (its value comes from the row holding the maximum). The
    portable GROUP BY-and-join-back form reads the reports twice.
    """
    in_page = (MauReport.workspace_id >= lo, MauReport.workspace_id <= hi, MauReport.month <= month)
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        query = (
            select(MauReport.workspace_id, MauReport.service_id, MauReport.value)
            .where(*in_page)
            .ext(distinct_on(MauReport.service_id))
            .order_by(MauReport.service_id, MauReport.month.desc())
        )
    elif dialect == "sqlite":
        query = (
            select(MauReport.workspace_id, MauReport.service_id, MauReport.value, func.max(MauReport.month))
            .where(*in_page)
            .group_by(MauReport.service_id)
        )
    else:
        latest = (
            select(MauReport.service_id, func.max(MauReport.month).label("month"))
            .where(*in_page).group_by(MauReport.service_id).subquery()
        )
        query = select(MauReport.workspace_id, MauReport.service_id, MauReport.value).join(
            latest, (MauReport.service_id == latest.c.service_id) & (MauReport.month == latest.c.month)
        )
    out: dict[str, dict[int, int]] = defaultdict(dict)
    for ws, sid, value, *_ in session.execute(query):
        out[ws][sid] = value
    return out


def _states(session: Session, lo: str, hi: str) -> dict[tuple[str, str, int], bool]:
    return {
        (ws, subject, level): fired
        for ws, subject, level, fired in session.execute(
            select(AlertState.workspace_id, AlertState.subject, AlertState.level, AlertState.fired)
            .where(AlertState.workspace_id >= lo, AlertState.workspace_id <= hi)
        )
    }


def _evaluate(workspaces: list[WorkspaceRow], values: dict[str, dict[int, int]],
              states: dict[tuple[str, str, int], bool]) -> list[_Change]:
    changes = []
    for ws in workspaces:
        limit = limit_for(ws.default_license, ws.default_policy)
        per_service = values.get(ws.id, {})
        subjects = [("company", sum(per_service.values()))]
        subjects += [(f"service:{sid}", v) for sid, v in sorted(per_service.items())]
        change = _Change(ws)
        for subject, value in subjects:
            fired = {lvl for lvl in LEVELS if states.get((ws.id, subject, lvl))}
            new = [lvl for lvl in LEVELS if lvl not in fired and reached(value, lvl, limit)]
            # Without a channel there is nobody to tell; the level stays armed until one is set.
            if new and ws.alert_channel:
                change.fire.append((subject, new))
            change.rearm += [(subject, lvl) for lvl in sorted(fired) if rearmed(value, lvl, limit)]
        if change.fire or change.rearm:
            changes.append(change)
    return changes


def _lock_workspace(session: Session, workspace_id: str) -> None:
    """Serialise deciding alerts for one workspace across processes (until the transaction ends)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:c, hashtext(:w))"), {"c": LOCK_CLASS, "w": workspace_id})


def _set_state(session: Session, *, workspace_id: str, subject: str, level: int, fired: bool, month: str,
               now: datetime) -> None:
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    values: dict[str, object] = {"fired": fired, "updated_at": now}
    if fired:
        values["fired_period"] = month
    stmt = insert(AlertState.__table__).values(workspace_id=workspace_id, subject=subject, level=level,
                                               **{"fired_period": month if fired else None, **values})
    session.execute(stmt.on_conflict_do_update(index_elements=["workspace_id", "subject", "level"], set_=values))


def _apply(session: Session, change: _Change, values: dict[int, int], month: str, now: datetime,
           report: SweepReport, charts: ChartHook | None = None) -> None:
    ws = change.workspace
    limit = limit_for(ws.default_license, ws.default_policy)
    for subject, level in change.rearm:
        _set_state(session, workspace_id=ws.id, subject=subject, level=level, fired=False, month=month, now=now)
        report.rearmed.append((ws.id, subject, level))
        logger.info("sweep: %s %s re-armed at %d %%", ws.id, subject, level)
    if not change.fire:
        return
    names = dict(session.execute(select(Service.id, Service.name).where(Service.workspace_id == ws.id)).all())
    # Channel alerts are in the workspace's language (`/llama-check language ko|en`).
    lang = session.execute(select(Workspace.language).where(Workspace.id == ws.id)).scalar() or "en"
    total = sum(values.values())
    top = sorted(((names.get(sid, f"service {sid}"), v) for sid, v in values.items()), key=lambda x: -x[1])[:5]
    forecast = forecast_line(totals=company_series(session=session, workspace_id=ws.id, up_to=month),
                             limit=limit.threshold, inclusive=limit.inclusive, lang=lang)
    # Services that have not reported `month` yet count with their last value: say which.
    reported = set(session.execute(
        select(MauReport.service_id).where(MauReport.workspace_id == ws.id, MauReport.month == month)
    ).scalars())
    carried = sorted(names.get(sid, f"service {sid}") for sid in values if sid not in reported)
    for subject, levels in change.fire:
        level = max(levels)  # a jump over several levels is one message, at the highest
        service_name = None if subject == "company" else names.get(int(subject.split(":")[1]), subject)
        value = total if subject == "company" else values[int(subject.split(":")[1])]
        text_, blocks = alert_message(level=level, month=month, subject_name=service_name, value=value, total=total,
                                      top=top, limit=limit.threshold, inclusive=limit.inclusive,
                                      clause=limit.clause, quote=limit.quote, forecast=forecast, carried=carried,
                                      lang=lang)
        if charts is not None and level >= CHART_LEVEL:
            at = next((i for i, b in enumerate(blocks) if b.get("type") == "divider"), len(blocks))
            blocks[at:at] = charts(session=session, workspace_id=ws.id, month=month, now=now)
        if enqueue(session=session, workspace_id=ws.id, kind="alert", subject=f"level:{level}:{subject}",
                   period=month, channel=ws.alert_channel, text=text_, blocks=blocks, now=now,
                   meta={"level": level, "subject": subject, "month": month, "value": value}):
            report.alerts.append((ws.id, subject, level))
        for lvl in levels:
            _set_state(session, workspace_id=ws.id, subject=subject, level=lvl, fired=True, month=month, now=now)


def _decide(session: Session, workspaces: list[WorkspaceRow], month: str, now: datetime,
            report: SweepReport, charts: ChartHook | None = None) -> None:
    """Re-read and apply under the lock; what was read before the lock is only a hint."""
    for ws in workspaces:
        _lock_workspace(session, ws.id)
    values = _values(session, workspaces[0].id, workspaces[-1].id, month)
    states = _states(session, workspaces[0].id, workspaces[-1].id)
    wanted = {w.id for w in workspaces}
    for change in _evaluate(workspaces, values, states):
        if change.workspace.id in wanted:
            _apply(session, change, values.get(change.workspace.id, {}), month, now, report, charts)


def revive_dead_alerts(*, engine: Engine, now: datetime, workspace_id: str | None = None) -> list[int]:
    """Queue again the alerts the outbox gave up on, so an outage does not lose the warning.

    An alert row is `dead` after `max_attempts` failures (a long Slack outage) or a refusal (the bot
    was not in the channel). Once it has been dead for REVIVE_AFTER it goes back to `pending` with
    a fresh attempt budget, to the workspace's alert channel as it is now. The row keeps its outbox
    key, so it is still one message: however often it is revived, it is posted at most once. It
    becomes `obsolete` instead (no longer shown as undelivered) when it no longer says anything true
    or new: the level was re-armed (the value fell back), or a higher level for the same subject and
    month has been posted since.
    """
    now = now.astimezone(UTC)
    with session_scope(engine) as session:
        query = (
            select(Notification.id, Notification.workspace_id, Notification.subject, Notification.period)
            .where(Notification.kind == "alert", Notification.status == "dead",
                   Notification.claimed_at <= now - REVIVE_AFTER)
            .order_by(Notification.id)
        )
        if workspace_id is not None:
            query = query.where(Notification.workspace_id == workspace_id)
        dead = session.execute(query).all()
        if not dead:
            return []
        workspaces = {w for _, w, _, _ in dead}
        fired = {(ws, subject, level) for ws, subject, level in session.execute(
            select(AlertState.workspace_id, AlertState.subject, AlertState.level)
            .where(AlertState.workspace_id.in_(workspaces), AlertState.fired.is_(True)))}
        posted = session.execute(
            select(Notification.workspace_id, Notification.subject, Notification.period)
            .where(Notification.workspace_id.in_(workspaces), Notification.kind == "alert",
                   Notification.status == "sent")).all()
        sent_levels: dict[tuple[str, str, str], int] = {}
        for ws, key, period in posted:
            _, level, subject = key.split(":", 2)
            sent_levels[(ws, subject, period)] = max(int(level), sent_levels.get((ws, subject, period), 0))
        channels = dict(session.execute(
            select(Workspace.id, Workspace.alert_channel).where(Workspace.id.in_(workspaces))).all())
        revived = []
        for row_id, ws, key, period in dead:
            _, level_text, subject = key.split(":", 2)
            level = int(level_text)
            if (ws, subject, level) not in fired or sent_levels.get((ws, subject, period), 0) > level:
                # Nothing true or new to say any more: no longer counted as an undelivered alert.
                session.execute(
                    update(Notification).where(Notification.id == row_id, Notification.status == "dead")
                    .values(status="obsolete").execution_options(synchronize_session=False))
                logger.info("sweep: dead alert %s %s for %s is obsolete (re-armed or superseded)", key, period, ws)
                continue
            if not channels.get(ws):
                continue
            result = session.execute(
                update(Notification)
                .where(Notification.id == row_id, Notification.status == "dead")
                .values(status="pending", attempts=0, next_attempt_at=now, claimed_at=None,
                        channel=channels[ws])
                .execution_options(synchronize_session=False)
            )
            if result.rowcount == 1:
                revived.append(row_id)
                logger.warning("sweep: alert %s %s %s for %s was dead; queued again", key, period, row_id, ws)
    return revived


def run_sweep(*, engine: Engine, now: datetime, page_size: int = PAGE_SIZE,
              workspace_id: str | None = None, charts: ChartHook | None = None) -> SweepReport:
    """Sweep every workspace (or one) for the latest complete month at `now`, page by page."""
    now = now.astimezone(UTC)
    report = SweepReport(month=latest_complete_month(now))
    report.revived = revive_dead_alerts(engine=engine, now=now, workspace_id=workspace_id)
    for page in workspace_pages(engine=engine, page_size=page_size, only=workspace_id):
        report.workspaces += len(page)
        lo, hi = page[0].id, page[-1].id
        with Session(engine) as session:  # a read-only look first: most pages change nothing
            changes = _evaluate(page, _values(session, lo, hi, report.month), _states(session, lo, hi))
        if changes:
            changed = [c.workspace for c in changes]
            with session_scope(engine) as session:
                _decide(session, changed, report.month, now, report, charts)
    return report


def sweep_workspace(*, session: Session, workspace_id: str, now: datetime,
                    charts: ChartHook | None = None) -> SweepReport:
    """Sweep one workspace inside the caller's transaction (right after a report is saved).

    The caller commits; until then nothing is visible, and if it rolls back no alert exists. A
    failure here is logged and undone (a savepoint) without failing the caller's report: the
    clock's next sweep takes the same decision.
    """
    now = now.astimezone(UTC)
    report = SweepReport(month=latest_complete_month(now))
    session.flush()
    row = session.execute(
        select(Workspace.id, Workspace.alert_channel, Workspace.default_license, Workspace.default_policy)
        .where(Workspace.id == workspace_id)
    ).first()
    if row is None:
        return report
    report.workspaces = 1
    try:
        with session.begin_nested():
            _decide(session, [WorkspaceRow(*row)], report.month, now, report, charts)
    except Exception:  # logged with its traceback; the report itself must still be saved
        logger.exception("sweep: after-report sweep of %s failed; the clock will sweep it", workspace_id)
        return SweepReport(month=report.month, workspaces=1)
    return report
