"""Tables and repository functions of the App Home, the MAU chart and the duties checklist.

Kept apart from bot/storage/models.py (and its own Alembic revision, 0004) so that this work merges
without touching the shared table module. Same rules as bot/storage/repository.py: keyword-only,
session first, every query scoped by workspace, `now` passed in.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text, UniqueConstraint
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, col, select

from bot.storage.models import ID_LEN, UTCDateTime, utcnow

EVIDENCE_CHARS = 500


def _ts() -> Column:
    return Column(UTCDateTime(), nullable=False)


class ChartUpload(SQLModel, table=True):
    """A chart PNG uploaded to Slack, by the hash of what it draws: the same data is never uploaded twice."""

    __tablename__ = "chartupload"
    __table_args__ = (UniqueConstraint("workspace_id", "series_hash", name="uq_chartupload_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = Field(foreign_key="workspace.id", max_length=ID_LEN)
    series_hash: str = Field(max_length=64)
    file_id: str = Field(max_length=ID_LEN)
    created_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


class DutyTick(SQLModel, table=True):
    """The state of one license duty of one service: done or not, and where the evidence is."""

    __tablename__ = "dutytick"
    __table_args__ = (UniqueConstraint("service_id", "duty", name="uq_dutytick_service_duty"),)

    id: int | None = Field(default=None, primary_key=True)
    workspace_id: str = Field(foreign_key="workspace.id", index=True, max_length=ID_LEN)
    service_id: int = Field(foreign_key="service.id", index=True)
    duty: str = Field(max_length=32)  # notice, display, prefix, aup, agreement, eu
    done: bool = False
    evidence: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    updated_by: str = Field(max_length=ID_LEN)
    updated_at: datetime = Field(default_factory=utcnow, sa_column=_ts())


# -- chart uploads ----------------------------------------------------------------------------


def chart_file(*, session: Session, workspace_id: str, series_hash: str) -> str | None:
    stmt = select(ChartUpload.file_id).where(ChartUpload.workspace_id == workspace_id,
                                             ChartUpload.series_hash == series_hash)
    return session.exec(stmt).first()


def save_chart_file(*, session: Session, workspace_id: str, series_hash: str, file_id: str, now: datetime) -> str:
    """Remember an upload; when another process saved one for the same hash first, theirs is kept."""
    try:
        with session.begin_nested():
            session.add(ChartUpload(workspace_id=workspace_id, series_hash=series_hash, file_id=file_id,
                                    created_at=now))
    except IntegrityError:
        existing = chart_file(session=session, workspace_id=workspace_id, series_hash=series_hash)
        assert existing is not None
        return existing
    return file_id


# -- duties -----------------------------------------------------------------------------------


def duty_ticks(*, session: Session, workspace_id: str, service_id: int) -> dict[str, DutyTick]:
    stmt = select(DutyTick).where(DutyTick.workspace_id == workspace_id, DutyTick.service_id == service_id)
    return {t.duty: t for t in session.exec(stmt)}


def done_duties(*, session: Session, workspace_id: str) -> dict[int, set[str]]:
    """service id -> the duties ticked done, for a whole workspace in one query (App Home counts)."""
    stmt = select(DutyTick.service_id, DutyTick.duty).where(
        DutyTick.workspace_id == workspace_id, col(DutyTick.done).is_(True))
    out: dict[int, set[str]] = {}
    for service_id, duty in session.exec(stmt):
        out.setdefault(service_id, set()).add(duty)
    return out


def set_duty(*, session: Session, workspace_id: str, service_id: int, duty: str, done: bool,
             evidence: str | None, user_id: str, now: datetime, keep_evidence: bool = False) -> DutyTick:
    """Tick or untick one duty. `keep_evidence`: leave the stored link alone when `evidence` is None."""
    if evidence is not None:
        evidence = evidence.strip()[:EVIDENCE_CHARS] or None
    tick = duty_ticks(session=session, workspace_id=workspace_id, service_id=service_id).get(duty)
    if tick is None:
        tick = DutyTick(workspace_id=workspace_id, service_id=service_id, duty=duty, done=done,
                        evidence=evidence, updated_by=user_id, updated_at=now)
    else:
        tick.done = done
        if evidence is not None or not keep_evidence:
            tick.evidence = evidence
        tick.updated_by, tick.updated_at = user_id, now
    session.add(tick)
    session.flush()
    return tick
