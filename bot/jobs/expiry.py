"""The clock's expiry step: an approval with an end date is announced 14 days ahead and expires on the day.

Each message (a DM to the asker, a post in the review channel) is an outbox row keyed by the
decision and its end date, so it exists once however many ticks see it, and the clock's delivery
step sends it exactly as it sends alerts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.blocks import reviews as ui
from bot.jobs.outbox import enqueue
from bot.storage import reviews as store
from bot.storage.db import session_scope
from bot.storage.models import Workspace

EXPIRY_WARNING = timedelta(days=14)


@dataclass
class ExpiryReport:
    warned: list[str]
    expired: list[str]


def run_expiry(*, engine: Engine, now: datetime) -> ExpiryReport:
    """Warn 14 days before an approval's `until` and mark it expired on the day, each once, through the outbox.

    Due work is read from the database at `now`, so a tick after downtime catches up: a warning whose
    day passed is sent then (unless the approval has expired meanwhile: then only the expiry is).
    """
    report = ExpiryReport(warned=[], expired=[])
    today = now.date()
    with session_scope(engine) as session:
        for request, decision in store.expiring(session=session, before=today + EXPIRY_WARNING + timedelta(days=1)):
            assert decision.until is not None and decision.id is not None
            config = store.get_config(session=session, workspace_id=request.workspace_id)
            channel = config.channel_id if config else None
            expired = decision.until <= today
            if expired and not store.mark_expired(session=session, decision_id=decision.id, now=now):
                continue
            kind = "review_expired" if expired else "review_expiring"
            # One text for the asker's DM and the review channel: the workspace's channel language.
            lang = session.execute(select(Workspace.language).where(Workspace.id == request.workspace_id)).scalar()
            text, blocks = ui.expiry_message(number=request.number, question=request.question, until=decision.until,
                                             expired=expired, lang=lang or "en")
            subject, period = f"decision:{decision.id}", decision.until.isoformat()
            new = enqueue(session=session, workspace_id=request.workspace_id, kind=kind, subject=subject,
                          period=period, channel=request.asker_id, text=text, blocks=blocks, now=now)
            if channel:
                enqueue(session=session, workspace_id=request.workspace_id, kind=kind + "_ch", subject=subject,
                        period=period, channel=channel, text=text, blocks=blocks, now=now)
            if new:
                (report.expired if expired else report.warned).append(ui.rid(request.number))
    return report
