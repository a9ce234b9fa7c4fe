"""The OSPO review queue's tables and repository functions: requests, decisions, review settings.

Kept apart from models.py/repository.py (one concept per module); the Alembic env imports this
module so its tables are part of the metadata. Same conventions as repository.py: keyword-only,
session first, the workspace id on every call, `now` passed in, None for "not found".

Concurrency: a request's `seq` counts its decisions. Deciding is a compare-and-set
(`UPDATE ... WHERE seq = expected`), so of two reviewers deciding at once exactly one changes the
row; the other is told who won. Request numbers (R-N) come from an `UPDATE ... RETURNING` on the
workspace's counter, so two requests never get the same number.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TextIO

from sqlalchemy import Column, Date, Index, Text, UniqueConstraint, and_, or_, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Field, Session, SQLModel, col, select

from bot.storage.models import ID_LEN, UTCDateTime, utcnow

OUTCOMES = ("approve", "deny", "answer")
STATUSES = ("open", "decided", "expired")


def _ts(nullable: bool = False) -> Column:
    return Column(UTCDateTime(), nullable=nullable)


class ReviewConfig(SQLModel, table=True):
    """Per workspace: where requests go, who decides (a user group, else the channel's members), the R-N counter."""

    workspace_id: str = Field(primary_key=True, foreign_key="workspace.id", max_length=ID_LEN)
    channel_id: str | None = Field(default=None, max_length=ID_LEN)
    usergroup_id: str | None = Field(default=None, max_length=ID_LEN)
    last_number: int = 0
    updated_by: str | None = Field(default=None, max_length=ID_LEN)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class ReviewRequest(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("workspace_id", "number", name="uq_reviewrequest_number"),
        Index("ix_reviewrequest_question", "workspace_id", "question_key"),
        Index("ix_reviewrequest_activity", "workspace_id", "activity_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = Field(foreign_key="workspace.id", max_length=ID_LEN)
    number: int  # shown as R-<number>
    asker_id: str = Field(max_length=ID_LEN)
    question: str = Field(sa_column=Column(Text, nullable=False))
    question_key: str = Field(max_length=64)  # sha256 of the normalised question
    activity_key: str | None = Field(default=None, max_length=64)  # sha256 of license|policy|rules
    verdict: str = Field(max_length=32)
    verdict_json: str = Field(sa_column=Column(Text, nullable=False))  # Verdict.to_dict(), reasons included
    license: str = Field(max_length=32)
    policy: str = Field(max_length=64)
    service: str | None = Field(default=None, max_length=120)
    surface: str = Field(max_length=16)
    status: str = Field(default="open", max_length=16)  # open, decided, expired
    seq: int = 0  # decisions so far; the compare-and-set guard
    channel_id: str | None = Field(default=None, max_length=ID_LEN)  # the review message, for chat.update
    message_ts: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class ReviewDecision(SQLModel, table=True):
    """Every decision ever made; the live one has neither `superseded_at` nor `expired_at`."""

    __table_args__ = (UniqueConstraint("request_id", "seq", name="uq_reviewdecision_seq"),
                      Index("ix_reviewdecision_workspace", "workspace_id", "request_id"))

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = Field(foreign_key="workspace.id", max_length=ID_LEN)
    request_id: int = Field(foreign_key="reviewrequest.id")
    seq: int
    outcome: str = Field(max_length=16)  # approve, deny, answer
    rationale: str = Field(sa_column=Column(Text, nullable=False))
    decided_by: str = Field(max_length=ID_LEN)
    decided_at: datetime = Field(default_factory=utcnow, sa_column=_ts())
    until: date | None = Field(default=None, sa_column=Column(Date, nullable=True))  # approvals only
    superseded_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    superseded_by: int | None = Field(default=None)
    expired_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


# -- keys ---------------------------------------------------------------------------------------


def normalise_question(text: str) -> str:
    """Case, accents-as-typed, punctuation and spacing folded: 'Can we X?' and 'can we  x' are one question."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = re.sub(r"[^\w\s.-]", " ", text)
    return " ".join(text.replace(".", " ").split())


def question_key(text: str) -> str:
    return hashlib.sha256(normalise_question(text).encode("utf-8")).hexdigest()


def activity_key(*, license: str, policy: str, rules: list[str]) -> str | None:
    """The same recognised activities under the same license and policy; None when nothing was recognised."""
    if not rules:
        return None
    # Not the subcommand: `use X` and a question about X recognise the same activities.
    raw = "|".join([license, policy, ",".join(sorted(set(rules)))])
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


# -- config -------------------------------------------------------------------------------------


def get_config(*, session: Session, workspace_id: str) -> ReviewConfig | None:
    return session.get(ReviewConfig, workspace_id)


def _insert(session: Session) -> Any:
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def _ensure_config(session: Session, workspace_id: str, now: datetime) -> None:
    stmt = (_insert(session)(ReviewConfig.__table__)
            .values(workspace_id=workspace_id, last_number=0, updated_at=now)
            .on_conflict_do_nothing(index_elements=["workspace_id"]))
    session.execute(stmt)


def set_review_channel(*, session: Session, workspace_id: str, channel_id: str, user_id: str | None,
                       now: datetime) -> None:
    _ensure_config(session, workspace_id, now)
    session.execute(update(ReviewConfig).where(col(ReviewConfig.workspace_id) == workspace_id)
                    .values(channel_id=channel_id, updated_by=user_id, updated_at=now))


def set_reviewer_group(*, session: Session, workspace_id: str, usergroup_id: str | None, user_id: str | None,
                       now: datetime) -> None:
    _ensure_config(session, workspace_id, now)
    session.execute(update(ReviewConfig).where(col(ReviewConfig.workspace_id) == workspace_id)
                    .values(usergroup_id=usergroup_id, updated_by=user_id, updated_at=now))


def next_number(*, session: Session, workspace_id: str, now: datetime) -> int:
    """The next R-N of the workspace; atomic (the row is locked until the transaction ends)."""
    _ensure_config(session, workspace_id, now)
    table = ReviewConfig.__table__
    stmt = (table.update().where(table.c.workspace_id == workspace_id)
            .values(last_number=table.c.last_number + 1).returning(table.c.last_number))
    return int(session.execute(stmt).scalar_one())


# -- requests -----------------------------------------------------------------------------------


def add_request(*, session: Session, workspace_id: str, asker_id: str, question: str, verdict: dict[str, Any],
                verdict_json: str, rules: list[str], service: str | None, surface: str,
                now: datetime) -> ReviewRequest:
    number = next_number(session=session, workspace_id=workspace_id, now=now)
    row = ReviewRequest(
        workspace_id=workspace_id, number=number, asker_id=asker_id, question=question,
        question_key=question_key(question),
        activity_key=activity_key(license=str(verdict["license"]), policy=str(verdict["policy"]), rules=rules) if verdict["verdict"] != "unclear" else None,
        verdict=str(verdict["verdict"]), verdict_json=verdict_json, license=str(verdict["license"]),
        policy=str(verdict["policy"]), service=service, surface=surface[:16], created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def get_request(*, session: Session, workspace_id: str, number: int) -> ReviewRequest | None:
    stmt = select(ReviewRequest).where(ReviewRequest.workspace_id == workspace_id, ReviewRequest.number == number)
    return session.exec(stmt).first()


def set_message(*, session: Session, workspace_id: str, request_id: int, channel_id: str, ts: str) -> None:
    session.execute(update(ReviewRequest)
                    .where(col(ReviewRequest.workspace_id) == workspace_id, col(ReviewRequest.id) == request_id)
                    .values(channel_id=channel_id, message_ts=ts))


def list_requests(*, session: Session, workspace_id: str, status: str | None = None, asker_id: str | None = None,
                  limit: int = 20) -> list[ReviewRequest]:
    stmt = select(ReviewRequest).where(ReviewRequest.workspace_id == workspace_id)
    if status is not None:
        stmt = stmt.where(ReviewRequest.status == status)
    if asker_id is not None:
        stmt = stmt.where(ReviewRequest.asker_id == asker_id)
    return list(session.exec(stmt.order_by(col(ReviewRequest.number).desc()).limit(limit)))


# -- decisions ----------------------------------------------------------------------------------


def current_decision(*, session: Session, workspace_id: str, request_id: int) -> ReviewDecision | None:
    stmt = (select(ReviewDecision)
            .where(ReviewDecision.workspace_id == workspace_id, ReviewDecision.request_id == request_id)
            .order_by(col(ReviewDecision.seq).desc()).limit(1))
    return session.exec(stmt).first()


def decisions_of(*, session: Session, workspace_id: str, request_ids: list[int]) -> dict[int, ReviewDecision]:
    """The latest decision of each request (one query for a list)."""
    if not request_ids:
        return {}
    stmt = (select(ReviewDecision)
            .where(ReviewDecision.workspace_id == workspace_id, col(ReviewDecision.request_id).in_(request_ids))
            .order_by(col(ReviewDecision.seq)))
    return {d.request_id: d for d in session.exec(stmt)}


class LostRace(Exception):
    """The request changed since the decider looked at it (someone else decided first)."""


def decide(*, session: Session, workspace_id: str, request: ReviewRequest, expected_seq: int, outcome: str,
           rationale: str, user_id: str, until: date | None, now: datetime) -> ReviewDecision:
    """Record a decision if the request is still at `expected_seq`; else raise LostRace (nothing written)."""
    assert request.id is not None and outcome in OUTCOMES
    won = session.execute(
        update(ReviewRequest)
        .where(col(ReviewRequest.id) == request.id, col(ReviewRequest.workspace_id) == workspace_id,
               col(ReviewRequest.seq) == expected_seq)
        .values(seq=expected_seq + 1, status="decided")
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    if not won:
        raise LostRace(request.number)
    previous = current_decision(session=session, workspace_id=workspace_id, request_id=request.id)
    row = ReviewDecision(workspace_id=workspace_id, request_id=request.id, seq=expected_seq + 1, outcome=outcome,
                         rationale=rationale, decided_by=user_id, decided_at=now, until=until)
    session.add(row)
    session.flush()
    if previous is not None and previous.superseded_at is None:
        previous.superseded_at, previous.superseded_by = now, row.id
        session.add(previous)
        session.flush()
    return row


@dataclass(frozen=True)
class Precedent:
    request: ReviewRequest
    decision: ReviewDecision


def _live(today: date) -> Any:
    return and_(col(ReviewDecision.superseded_at).is_(None), col(ReviewDecision.expired_at).is_(None),
                or_(col(ReviewDecision.until).is_(None), col(ReviewDecision.until) > today))


def find_precedent(*, session: Session, workspace_id: str, question: str, activity: str | None,
                   today: date) -> Precedent | None:
    """The newest live decision on the same question, else on the same activities, license and policy."""
    keys = [ReviewRequest.question_key == question_key(question)]
    if activity is not None:
        keys.append(ReviewRequest.activity_key == activity)
    stmt = (select(ReviewRequest, ReviewDecision)
            .join(ReviewDecision, col(ReviewDecision.request_id) == col(ReviewRequest.id))
            .where(ReviewRequest.workspace_id == workspace_id, ReviewDecision.workspace_id == workspace_id,
                   or_(*keys), _live(today))
            .order_by(col(ReviewDecision.decided_at).desc()).limit(5))
    found = list(session.exec(stmt))
    if not found:
        return None
    exact = question_key(question)
    # The same question beats the same activities.
    found.sort(key=lambda rd: rd[0].question_key != exact)
    return Precedent(request=found[0][0], decision=found[0][1])


def live_precedents(*, session: Session, workspace_id: str, today: date) -> list[Precedent]:
    """Every live decision of the workspace with its request, newest first (few: one per decided request)."""
    stmt = (select(ReviewRequest, ReviewDecision)
            .join(ReviewDecision, col(ReviewDecision.request_id) == col(ReviewRequest.id))
            .where(ReviewRequest.workspace_id == workspace_id, ReviewDecision.workspace_id == workspace_id,
                   _live(today))
            .order_by(col(ReviewDecision.decided_at).desc()))
    return [Precedent(request=r, decision=d) for r, d in session.exec(stmt)]


def pick_precedent(live: list[Precedent], *, question: str, activity: str | None, today: date) -> Precedent | None:
    """`find_precedent` over an already loaded `live_precedents` list (the answer path's cache)."""
    exact = question_key(question)
    by_activity = None
    for p in live:
        d = p.decision
        if d.superseded_at is not None or d.expired_at is not None or (d.until is not None and d.until <= today):
            continue
        if p.request.question_key == exact:
            return p
        if by_activity is None and activity is not None and p.request.activity_key == activity:
            by_activity = p
    return by_activity


# -- expiry -------------------------------------------------------------------------------------


def expiring(*, session: Session, before: date, workspace_id: str | None = None) -> list[tuple[ReviewRequest,
                                                                                              ReviewDecision]]:
    """Live approvals with an `until` before `before` (not yet marked expired), oldest first."""
    stmt = (select(ReviewRequest, ReviewDecision)
            .join(ReviewDecision, col(ReviewDecision.request_id) == col(ReviewRequest.id))
            .where(col(ReviewDecision.superseded_at).is_(None), col(ReviewDecision.expired_at).is_(None),
                   col(ReviewDecision.until).is_not(None), col(ReviewDecision.until) < before))
    if workspace_id is not None:
        stmt = stmt.where(ReviewRequest.workspace_id == workspace_id)
    return [(r, d) for r, d in session.exec(stmt.order_by(col(ReviewDecision.until), col(ReviewDecision.id)))]


def mark_expired(*, session: Session, decision_id: int, now: datetime) -> bool:
    """True once: when this call marked the decision (and its request) expired."""
    done = session.execute(
        update(ReviewDecision)
        .where(col(ReviewDecision.id) == decision_id, col(ReviewDecision.expired_at).is_(None),
               col(ReviewDecision.superseded_at).is_(None))
        .values(expired_at=now).execution_options(synchronize_session=False)
    ).rowcount == 1
    if done:
        row = session.get(ReviewDecision, decision_id)
        assert row is not None
        session.execute(update(ReviewRequest)
                        .where(col(ReviewRequest.id) == row.request_id, col(ReviewRequest.seq) == row.seq)
                        .values(status="expired").execution_options(synchronize_session=False))
    return done


# -- export -------------------------------------------------------------------------------------

EXPORT_COLUMNS = ("workspace_id", "request", "created_at", "asker_id", "question", "verdict", "license", "policy",
                  "service", "status", "decision_seq", "outcome", "rationale", "decided_by", "decided_at", "until",
                  "superseded_at", "expired_at")


def export_rows(*, session: Session, workspace_id: str | None = None,
                since: datetime | None = None) -> Iterator[list[str]]:
    """One row per decision (every one, superseded included) and one per request never decided."""
    stmt = select(ReviewRequest, ReviewDecision).join(
        ReviewDecision, col(ReviewDecision.request_id) == col(ReviewRequest.id), isouter=True)
    if workspace_id is not None:
        stmt = stmt.where(ReviewRequest.workspace_id == workspace_id)
    if since is not None:
        stmt = stmt.where(ReviewRequest.created_at >= since)
    stmt = stmt.order_by(col(ReviewRequest.workspace_id), col(ReviewRequest.number), col(ReviewDecision.seq))

    def iso(value: Any) -> str:
        return value.isoformat() if value is not None else ""

    for r, d in session.exec(stmt):
        yield [r.workspace_id, f"R-{r.number}", iso(r.created_at), r.asker_id, r.question, r.verdict, r.license,
               r.policy, r.service or "", r.status, str(d.seq) if d else "", d.outcome if d else "",
               d.rationale if d else "", d.decided_by if d else "", iso(d.decided_at if d else None),
               iso(d.until if d else None), iso(d.superseded_at if d else None), iso(d.expired_at if d else None)]


def write_export(*, session: Session, stream: TextIO, workspace_id: str | None = None,
                 since: datetime | None = None) -> int:
    """CSV of requests and decisions to `stream`; the number of rows written."""
    writer = csv.writer(stream)
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    for row in export_rows(session=session, workspace_id=workspace_id, since=since):
        writer.writerow(row)
        count += 1
    return count


def has_requests(*, session: Session, workspace_id: str | None = None) -> bool:
    stmt = select(ReviewRequest.id)
    if workspace_id is not None:
        stmt = stmt.where(ReviewRequest.workspace_id == workspace_id)
    return session.exec(stmt.limit(1)).first() is not None


def export_reviews(*, engine: Any, out_path: str | None, stream: TextIO, workspace_id: str | None,
                   since: datetime | None) -> None:
    """For `llama-bot audit export`: with --out FILE, FILE's sibling `<stem>.reviews.csv` (always); on
    stdout, a second section after a blank line, only when there are requests (the audit CSV is unchanged)."""
    import sys
    from pathlib import Path

    from bot.storage.db import session_scope

    with session_scope(engine) as session:
        if out_path:
            path = Path(out_path)
            target = path.with_name(f"{path.stem}.reviews.csv")
            with open(target, "w", newline="", encoding="utf-8") as f:
                count = write_export(session=session, stream=f, workspace_id=workspace_id, since=since)
            print(f"Wrote {count} review rows to {target}.", file=sys.stderr)
        elif has_requests(session=session, workspace_id=workspace_id):
            stream.write("\n# OSPO requests and decisions\n")
            write_export(session=session, stream=stream, workspace_id=workspace_id, since=since)
