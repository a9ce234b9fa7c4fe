"""The record of what was asked: one Audit row per answer or submitted form, and the processed-event claims
that stop a retried Slack delivery from being answered twice."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.engine import Engine

from bot.grammar import Command
from bot.reply import Asked, Deps, Reply
from bot.storage import repository as repo
from bot.storage.db import session_scope

log = logging.getLogger(__name__)


def audit(*, deps: Deps, asked: Asked, action: str, subject: str | None, reply: Reply) -> None:
    """One Audit row: who asked what, where, and the verdict or ok/refused. Never breaks the answer."""
    if not asked.team_id:  # every row belongs to a workspace; Slack always names one
        log.warning("no workspace to record the audit row of %r under", asked.text)
        return
    result = reply.verdict.verdict if reply.verdict is not None else ("ok" if reply.ok else "refused")
    detail: dict[str, Any] = {"surface": asked.surface, "channel": asked.channel_id, "reply": reply.text[:2000]}
    if reply.verdict is not None:
        detail["verdict"] = reply.verdict.to_dict()
    try:
        repo.record_audit_row(engine=deps.engine, workspace_id=asked.team_id, user_id=asked.user_id,
                              action=action, now=asked.now, subject=subject, input=asked.text,
                              result=result, detail=detail)
    except Exception:  # the answer matters more than its audit row; the failure is logged with traceback
        log.exception("could not record the audit row for %r", asked.text)


def audit_reply(*, deps: Deps, asked: Asked, command: Command, reply: Reply) -> None:
    """The audit row of an answered command (called by bot.answers.answer)."""
    subject = command.args.get("service") or command.args.get("name")
    audit(deps=deps, asked=asked, action=command.word, subject=str(subject) if subject else None, reply=reply)


def audit_submission(*, deps: Deps, asked: Asked, subject: str | None, reply: Reply) -> None:
    """The audit row of a form submitted in a modal (register)."""
    audit(deps=deps, asked=asked, action="register", subject=subject, reply=reply)


def event_claimer(engine: Engine, fallback: Callable[..., bool] | None = None) -> Callable[..., bool]:
    """`claim_event` for create_app: a ProcessedEvent row per event id, shared by every web process.

    If the database cannot be written (down, or not migrated yet), `fallback` (this process's
    memory) decides, so a database problem never stops the bot from answering.
    """

    def claim(event_id: str, team_id: str | None = None) -> bool:
        try:
            with session_scope(engine) as session:
                return repo.mark_event_processed(session=session, event_id=event_id, workspace_id=team_id,
                                                 now=datetime.now(UTC))
        except Exception:
            log.exception("could not record event %s in the database", event_id)
            return fallback(event_id, team_id) if fallback is not None else True

    return claim
