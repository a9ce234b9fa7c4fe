"""The outbox: every message the jobs send is a Notification row first.

Two claims, each atomic:

1. `enqueue` decides that a message exists. It INSERTs the row with ON CONFLICT DO NOTHING on the
   unique key (workspace, kind, subject, period), so however many ticks, processes or report
   handlers decide the same thing, one row exists and only the caller whose insert landed is told
   True.
2. `deliver` decides who sends it. It UPDATEs the row to `sending` only WHERE it is still pending
   (or failed and due again, or `sending` with a claim older than the timeout, i.e. the process that
   claimed it died) and checks the rowcount; the process whose update changed the row sends, the
   others move on. The row is then marked `sent` with Slack's ts.

Failures: 429, 5xx and network errors leave the row `failed` with `next_attempt_at` pushed back
(Retry-After, else exponential backoff); after `max_attempts` it is `dead`, with an error in the log.
Slack refusing for good (channel_not_found, cannot_dm_bot ...) is `dead` at once; a direct message
that cannot be delivered becomes a notice to the workspace's alert channel instead.

The one gap no outbox closes: a process that dies after Slack accepted a message but before the row
was marked sent will see it re-sent after the claim timeout (at-least-once at that instant only).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import and_, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.jobs.periods import UTC
from bot.storage.db import session_scope
from bot.storage.models import MauReport, Notification, Service, Workspace

logger = logging.getLogger(__name__)

DM_KINDS = ("checkin", "reminder")
CHANNEL_KINDS = ("alert", "summary", "owner_missing")
# Slack errors that another attempt will not fix.
RETRYABLE_ERRORS = {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
MAX_BACKOFF = timedelta(hours=1)


def _insert_for(session: Session) -> Any:
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def enqueue(
    *,
    session: Session,
    workspace_id: str,
    kind: str,
    subject: str,
    period: str,
    channel: str | None,
    text: str,
    now: datetime,
    blocks: list[dict[str, Any]] | None = None,
    meta: dict[str, Any] | None = None,
) -> bool:
    """Create the message unless it exists already. True when this call created it.

    `channel` is a channel id, or for DM kinds the user id (the DM is opened at send time).
    `meta` carries what delivery needs to re-check that the message is still wanted.
    """
    payload = {"text": text, "blocks": blocks or [], "meta": meta or {}}
    stmt = (
        _insert_for(session)(Notification.__table__)
        .values(
            workspace_id=workspace_id, kind=kind, subject=subject, period=period, channel=channel,
            payload=json.dumps(payload), status="pending", attempts=0, next_attempt_at=now.astimezone(UTC),
            created_at=now.astimezone(UTC),
        )
        .on_conflict_do_nothing(index_elements=["workspace_id", "kind", "subject", "period"])
        # RETURNING, not rowcount: with implicit primary-key RETURNING on PostgreSQL the rowcount of
        # a skipped insert is not reliable; a returned id is.
        .returning(Notification.__table__.c.id)
    )
    created = session.execute(stmt).first() is not None
    if created:
        logger.info("outbox: queued %s %s %s for %s", kind, subject, period, workspace_id)
    return created


@dataclass
class DeliveryReport:
    sent: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    dead: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)  # no longer wanted (the service was reported)


def _claimable(now: datetime, claim_timeout: timedelta) -> Any:
    return or_(
        and_(
            Notification.status.in_(("pending", "failed")),
            or_(Notification.next_attempt_at.is_(None), Notification.next_attempt_at <= now),
        ),
        and_(Notification.status == "sending", Notification.claimed_at < now - claim_timeout),
    )


def claim(*, engine: Engine, notification_id: int, now: datetime, claim_timeout: timedelta) -> bool:
    """Take the right to send one row. Atomic: of any number of callers, at most one gets True."""
    now = now.astimezone(UTC)
    with session_scope(engine) as session:
        result = session.execute(
            update(Notification)
            .where(Notification.id == notification_id, _claimable(now, claim_timeout))
            .values(status="sending", claimed_at=now, attempts=Notification.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1


def deliver(
    *,
    engine: Engine,
    client: WebClient,
    now: datetime,
    claim_timeout: timedelta,
    max_attempts: int,
    ids: list[int] | None = None,
    workspace_id: str | None = None,
    limit: int = 500,
) -> DeliveryReport:
    """Send every row that is due at `now` (or only `ids`, or one workspace's), oldest first."""
    now = now.astimezone(UTC)
    report = DeliveryReport()
    with Session(engine) as session:
        query = select(Notification.id, Notification.workspace_id).where(_claimable(now, claim_timeout))
        if ids is not None:
            query = query.where(Notification.id.in_(ids))
        if workspace_id is not None:
            query = query.where(Notification.workspace_id == workspace_id)
        due = session.execute(query.order_by(Notification.id).limit(limit)).all()
    throttled: set[str] = set()  # workspaces that answered 429 in this pass: leave them alone
    for notification_id, row_workspace in due:
        if row_workspace in throttled:
            continue
        if not claim(engine=engine, notification_id=notification_id, now=now, claim_timeout=claim_timeout):
            continue  # another process has it
        outcome, error = _send_claimed(engine=engine, client=client, notification_id=notification_id, now=now,
                                       max_attempts=max_attempts)
        getattr(report, outcome).append(notification_id)
        if outcome == "retrying" and error.startswith("429"):
            throttled.add(row_workspace)
    return report


def _still_wanted(session: Session, row: Notification, meta: dict[str, Any]) -> bool:
    """A check-in or reminder is pointless once the month is reported (or the service is gone)."""
    if row.kind not in DM_KINDS:
        return True
    service_id, month = meta.get("service_id"), meta.get("month")
    if service_id is None or month is None:
        return True
    if session.get(Service, service_id) is None:
        return False
    reported = session.execute(
        select(MauReport.id).where(MauReport.service_id == service_id, MauReport.month == month)
    ).first()
    return reported is None


def _post(client: WebClient, row: Notification, payload: dict[str, Any]) -> str:
    channel = row.channel
    if row.kind in DM_KINDS:
        channel = client.conversations_open(users=row.channel)["channel"]["id"]
    response = client.chat_postMessage(
        channel=channel, text=payload["text"], blocks=payload.get("blocks") or None, unfurl_links=False
    )
    return str(response["ts"])


def _classify(exc: Exception) -> tuple[bool, str, float | None]:
    """(retryable, error text, Retry-After seconds) for a failed send."""
    if isinstance(exc, SlackApiError):
        status = exc.response.status_code
        error = str(exc.response.get("error") or "") if isinstance(exc.response.data, dict) else ""
        retry_after = exc.response.headers.get("Retry-After") or exc.response.headers.get("retry-after")
        seconds = float(retry_after) if retry_after and str(retry_after).isdigit() else None
        retryable = status == 429 or status >= 500 or error in RETRYABLE_ERRORS
        return retryable, f"{status} {error}".strip(), seconds
    # Network errors (URLError, timeouts, resets) and anything unexpected: try again later.
    return True, f"{type(exc).__name__}: {exc}", None


def backoff(attempts: int, retry_after: float | None) -> timedelta:
    """1, 2, 4 ... minutes, capped at an hour; never sooner than Slack's Retry-After."""
    delay = min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)
    if retry_after is not None:
        delay = max(delay, timedelta(seconds=retry_after))
    return delay


def _send_claimed(*, engine: Engine, client: WebClient, notification_id: int, now: datetime,
                  max_attempts: int) -> tuple[str, str]:
    with Session(engine, expire_on_commit=False) as session:
        row = session.get(Notification, notification_id)
        payload = json.loads(row.payload)
        meta = payload.get("meta") or {}
        wanted = _still_wanted(session, row, meta)
    claimed_at = row.claimed_at
    if not wanted:
        _finish(engine, notification_id, claimed_at, status="skipped", error="no longer due: reported")
        return "skipped", ""
    try:
        ts = _post(client, row, payload)
    except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row and logged
        retryable, error, retry_after = _classify(exc)
        if retryable and row.attempts < max_attempts:
            _finish(engine, notification_id, claimed_at, status="failed", error=error,
                    next_attempt_at=now + backoff(row.attempts, retry_after))
            logger.warning("outbox: %s %s %s failed (%s), attempt %d of %d; will retry",
                           row.kind, row.subject, row.period, error, row.attempts, max_attempts)
            return "retrying", error
        why = f"gave up after {row.attempts} attempts" if retryable else "Slack refused it"
        logger.error("outbox: %s %s %s for %s is dead (%s): %s",
                     row.kind, row.subject, row.period, row.workspace_id, why, error)
        _finish(engine, notification_id, claimed_at, status="dead", error=error,
                fallback=(row, meta) if row.kind == "checkin" else None, now=now)
        return "dead", error
    _finish(engine, notification_id, claimed_at, status="sent", ts=ts, now=now)
    logger.info("outbox: sent %s %s %s (ts %s)", row.kind, row.subject, row.period, ts)
    return "sent", ""


def _finish(engine: Engine, notification_id: int, claimed_at: datetime | None, *, status: str,
            error: str | None = None, ts: str | None = None, next_attempt_at: datetime | None = None,
            fallback: tuple[Notification, dict[str, Any]] | None = None, now: datetime | None = None) -> None:
    values: dict[str, Any] = {"status": status, "last_error": error, "next_attempt_at": next_attempt_at}
    if status == "sent":
        values.update(slack_ts=ts, sent_at=now)
    with session_scope(engine) as session:
        # Only while our claim stands: if it timed out and another process re-claimed the row,
        # that process now owns the outcome.
        result = session.execute(
            update(Notification)
            .where(Notification.id == notification_id, Notification.status == "sending",
                   Notification.claimed_at == claimed_at)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:
            logger.warning("outbox: notification %s was re-claimed by another process", notification_id)
        if fallback is not None and now is not None:
            notify_owner_missing(session=session, row=fallback[0], meta=fallback[1], reason=error or "", now=now)


def notify_owner_missing(*, session: Session, row: Notification, meta: dict[str, Any], reason: str,
                         now: datetime) -> bool:
    """A check-in DM that cannot be delivered becomes one notice in the workspace's alert channel."""
    from bot.blocks.checkin import owner_missing_message

    workspace = session.get(Workspace, row.workspace_id)
    if workspace is None or not workspace.alert_channel:
        logger.warning("outbox: cannot tell %s that %s's owner is unreachable: no alert channel set",
                       row.workspace_id, row.subject)
        return False
    text, blocks = owner_missing_message(
        service_name=str(meta.get("service_name") or row.subject), owner_id=row.channel,
        month=str(meta.get("month") or row.period), reason=reason, lang=workspace.language or "en",
    )
    return enqueue(session=session, workspace_id=row.workspace_id, kind="owner_missing", subject=row.subject,
                   period=row.period, channel=workspace.alert_channel, text=text, blocks=blocks, now=now,
                   meta={"service_id": meta.get("service_id"), "month": meta.get("month")})
