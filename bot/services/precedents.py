"""What a question's answer gets from the review queue: the OSPO's live decision first, the Ask button last.

Answers that need no review pay nothing: `with_review` looks at the verdict word and returns the
reply untouched unless it is review, unclear or prohibited. Those read the workspace's live
decisions from a small in-process cache, so even they add no query to the ack.
"""

from __future__ import annotations

import logging
import threading
import weakref
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.blocks import reviews as ui
from bot.grammar import Command
from bot.reply import Asked, Deps, Reply
from bot.services.verdicts import RULES_WORDS  # questions; not `status`, whose verdict is the company's
from bot.storage import reviews as store
from bot.storage.db import read_scope
from rules import Verdict

log = logging.getLogger(__name__)

REVIEWABLE = frozenset({"review", "unclear", "prohibited"})
ASKING_SURFACES = frozenset({"command", "mention", "dm"})  # where a button can be pressed


class VerdictWithPrecedent(Verdict):
    """A verdict whose JSON (`to_dict`, kept in the answer's audit row) carries the OSPO's decision.

    Slack answers only: `llama-check` has no database, so its JSON never has a precedent.
    """

    __slots__ = ("precedent",)
    precedent: dict[str, Any]

    @classmethod
    def of(cls, verdict: Verdict, precedent: dict[str, Any]) -> VerdictWithPrecedent:
        made = cls(verdict.kind, verdict.verdict, verdict.license, verdict.policy, verdict.mau, verdict.reasons,
                   verdict.suggestions, verdict.notes)
        object.__setattr__(made, "precedent", precedent)
        return made

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "precedent": self.precedent}


def with_review(reply: Reply, *, command: Command, asked: Asked, deps: Deps) -> Reply:
    """A review/unclear/prohibited answer: the OSPO's live decision first (if any), the Ask button last."""
    verdict = reply.verdict
    if verdict is None or verdict.verdict not in REVIEWABLE or command.word not in RULES_WORDS:
        return reply
    blocks = list(reply.blocks)
    text = reply.text
    if asked.team_id:
        found = _precedent(deps.engine, team_id=asked.team_id, question=command.raw, verdict=verdict, now=asked.now)
        if found is not None:
            d = found.decision
            line = ui.precedent_line(outcome=d.outcome, decided_at=d.decided_at, number=found.request.number,
                                     until=d.until, rationale=d.rationale, lang=asked.lang or "en")
            blocks.insert(0, ui.precedent_block(outcome=d.outcome, line=line, lang=asked.lang or "en"))
            text = f"{text} {line}"
            verdict = VerdictWithPrecedent.of(verdict, precedent_json(found))
    if asked.surface in ASKING_SURFACES:
        blocks.append(ui.ask_button_block(command.raw, asked.lang or "en"))
    return replace(reply, text=text, blocks=blocks, verdict=verdict)


class PrecedentCache:
    """Each workspace's live decisions, per engine, reloaded at most every `ttl` (of the callers' `now`).

    The answer path reads precedents from memory, so a review answer adds no query (and on SQLite no
    write lock) to its ack; a decision made in this process forgets its workspace at once, one made
    in another process shows within `ttl`. Expired approvals drop out on their day regardless (the
    `until` date is checked at every lookup).
    """

    def __init__(self, ttl: timedelta = timedelta(seconds=30)) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        self._by_engine: weakref.WeakKeyDictionary[Engine, dict[str, tuple[datetime, list[store.Precedent]]]] = (
            weakref.WeakKeyDictionary())

    def get(self, engine: Engine, team_id: str, now: datetime) -> list[store.Precedent]:
        with self._lock:
            cached = self._by_engine.get(engine, {}).get(team_id)
        if cached is not None and timedelta(0) <= now - cached[0] < self.ttl:
            return cached[1]
        # A read-only transaction (on SQLite every other session takes the write lock): the reload runs on an
        # answer's ack path, once per workspace and `ttl`, and must not queue behind, or hold up, any writer.
        with read_scope(engine) as conn, Session(bind=conn, expire_on_commit=False) as session:
            live = store.live_precedents(session=session, workspace_id=team_id, today=now.date())
            session.expunge_all()
        with self._lock:
            self._by_engine.setdefault(engine, {})[team_id] = (now, live)
        return live

    def forget(self, engine: Engine, team_id: str) -> None:
        with self._lock:
            self._by_engine.get(engine, {}).pop(team_id, None)


PRECEDENTS = PrecedentCache()


def _precedent(engine: Engine, *, team_id: str, question: str, verdict: Any, now: datetime) -> store.Precedent | None:
    activity = (store.activity_key(license=verdict.license, policy=verdict.policy, rules=[r.rule for r in verdict.reasons])
                if verdict.verdict != "unclear" else None)
    try:
        live = PRECEDENTS.get(engine, team_id, now)
    except Exception:  # a precedent is a courtesy; the rules' answer must still go out
        log.exception("could not look up a precedent for %r", question)
        return None
    return store.pick_precedent(live, question=question, activity=activity, today=now.date())


def precedent_json(found: store.Precedent) -> dict[str, Any]:
    d = found.decision
    return ui.precedent_json(outcome=d.outcome, decided_at=d.decided_at, number=found.request.number, until=d.until,
                             rationale=d.rationale, decided_by=d.decided_by)
