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
(Retry-After, else exponential backoff); a 429 also holds back the whole workspace until its
Retry-After (`workspace.slack_not_before`), since Slack's limit is per workspace, not per message; after `max_attempts` it is `dead`, with an error in the log.
Slack refusing for good (channel_not_found, cannot_dm_bot ...) is `dead` at once; a direct message
that cannot be delivered becomes a notice to the workspace's alert channel instead.

Sent exactly once, as far as Slack allows: every post carries message metadata with the row's key
(`herdbook_outbox`, {"key": ...}), Slack's ts is stored in the same transaction that marks the row
sent, and when an earlier attempt may have reached Slack (a claim taken over from a process that died
mid-send, or a network error) conversations.history is searched for that key before posting again.
docs/delivery.md says exactly when a duplicate is still possible.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import and_, case, literal, or_, select, update
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
# Message metadata on every post: its event type, and last_error's mark for a claim taken over.
METADATA_EVENT = "herdbook_outbox"
STALE_CLAIM = "claim expired: the sending process stopped"
HISTORY_PAGES = 5  # conversations.history pages (200 messages each) searched before re-posting


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
    """Take the right to send one row. Atomic: of any number of callers, at most one gets True.

    Taking over a stale claim (a process died while sending) leaves STALE_CLAIM in last_error, so the
    sender knows the message may already be in Slack and looks for it first.
    """
    now = now.astimezone(UTC)
    with session_scope(engine) as session:
        result = session.execute(
            update(Notification)
            .where(Notification.id == notification_id, _claimable(now, claim_timeout))
            .values(status="sending", claimed_at=now, attempts=Notification.attempts + 1,
                    last_error=case((Notification.status == "sending", literal(STALE_CLAIM)),
                                    else_=Notification.last_error))
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
        # A workspace Slack rate-limited waits as a whole: its Retry-After holds back every row of it.
        held = select(Workspace.id).where(Workspace.slack_not_before > now)
        query = select(Notification.id, Notification.workspace_id).where(
            _claimable(now, claim_timeout), Notification.workspace_id.not_in(held))
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


class HistoryUnavailable(Exception):
    """conversations.history failed for a while (429, 5xx): the outcome is still unknown, so wait."""


def outbox_key(row: Notification) -> str:
    """The row's unique key, carried in the message's metadata so the message can be found again."""
    return f"{row.workspace_id}/{row.kind}/{row.subject}/{row.period}"


def outcome_unknown(row: Notification) -> bool:
    """True when an earlier attempt may have reached Slack: a claim taken over from a process that
    died while sending, or a network error (the request may have arrived; the answer did not)."""
    error = row.last_error or ""  # "429 ratelimited", "503 ...": Slack answered, so nothing was posted
    return bool(error) and (error == STALE_CLAIM or not error[:3].isdigit())


def find_posted(client: WebClient, *, channel: str, key: str) -> str | None:
    """The ts of a recent message in `channel` whose metadata carries `key`, else None.

    The newest HISTORY_PAGES pages are searched, not a time window: our clock and Slack's need not
    agree, and the message sought was posted at most a claim timeout (or one backoff) ago.

    None too when Slack will not let us look (no history scope, not in the channel): then the caller
    posts, at least once. A transient failure raises, so the row is retried later instead of posting.
    """
    cursor = None
    for _ in range(HISTORY_PAGES):
        try:
            page = client.conversations_history(channel=channel, include_all_metadata=True, limit=200,
                                                **({"cursor": cursor} if cursor else {}))
        except SlackApiError as exc:
            error = exc.response.get("error") if isinstance(exc.response.data, dict) else None
            if exc.response.status_code == 429 or exc.response.status_code >= 500 or error in RETRYABLE_ERRORS:
                raise
            logger.warning("outbox: cannot look for %s in %s (%s); posting it, at least once", key, channel, error)
            return None
        for message in page.get("messages") or []:
            meta = message.get("metadata") or {}
            if meta.get("event_type") == METADATA_EVENT and (meta.get("event_payload") or {}).get("key") == key:
                return str(message["ts"])
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not page.get("has_more") or not cursor:
            return None
    logger.warning("outbox: %s not found in the last %d pages of %s; posting it", key, HISTORY_PAGES, channel)
    return None


def _post(client: WebClient, row: Notification, payload: dict[str, Any]) -> str:
    channel = row.channel
    if row.kind in DM_KINDS:
        channel = client.conversations_open(users=row.channel)["channel"]["id"]
    key = outbox_key(row)
    if outcome_unknown(row):
        try:
            found = find_posted(client, channel=str(channel), key=key)
        except SlackApiError as exc:
            raise HistoryUnavailable(exc) from exc
        if found is not None:
            logger.info("outbox: %s was already posted (ts %s); not posting it again", key, found)
            return found
    blocks = payload.get("blocks") or None
    metadata = {"event_type": METADATA_EVENT, "event_payload": {"key": key}}
    try:
        response = client.chat_postMessage(channel=channel, text=payload["text"], blocks=blocks,
                                           unfurl_links=False, metadata=metadata)
    except SlackApiError as exc:
        # An alert's chart is an uploaded file that Slack may still be processing (invalid_blocks):
        # the warning matters more than its picture, so it goes out without the image.
        without = [b for b in blocks or [] if b.get("type") != "image"]
        if exc.response.get("error") != "invalid_blocks" or not blocks or len(without) == len(blocks):
            raise
        logger.warning("outbox: Slack refused the chart of %s (invalid_blocks); posting it without", key)
        response = client.chat_postMessage(channel=channel, text=payload["text"], blocks=without or None,
                                           unfurl_links=False, metadata=metadata)
    return str(response["ts"])


def _classify(exc: Exception) -> tuple[bool, str, float | None]:
    """(retryable, error text, Retry-After seconds) for a failed send."""
    if isinstance(exc, HistoryUnavailable) and isinstance(exc.__cause__, Exception):
        # Not starting with a status: the next attempt still looks before it posts (outcome_unknown).
        _, error, retry_after = _classify(exc.__cause__)
        return True, f"history lookup failed: {error}", retry_after
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
            next_attempt_at = now + backoff(row.attempts, retry_after)
            _finish(engine, notification_id, claimed_at, status="failed", error=error,
                    next_attempt_at=next_attempt_at)
            if error.startswith("429"):
                hold_workspace(engine=engine, workspace_id=row.workspace_id,
                               until=now + timedelta(seconds=retry_after) if retry_after else next_attempt_at)
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


def hold_workspace(*, engine: Engine, workspace_id: str, until: datetime) -> None:
    """Slack said 429 for this workspace: nothing more is sent to it before `until` (never shortened)."""
    with session_scope(engine) as session:
        session.execute(
            update(Workspace)
            .where(Workspace.id == workspace_id,
                   or_(Workspace.slack_not_before.is_(None), Workspace.slack_not_before < until))
            .values(slack_not_before=until)
            .execution_options(synchronize_session=False)
        )
    logger.warning("outbox: %s rate-limited by Slack; holding its messages until %s", workspace_id,
                   until.isoformat())


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
