"""The clock: APScheduler as a metronome, and one tick = check-ins, reminders, sweep, delivery.

APScheduler only decides *when to look*; *what is due* is computed from the database at `now`, so a
missed run, a coalesced run or a restart changes nothing: the next tick finds the same due work.
That is why the job store is in memory (nothing to persist), `coalesce=True` (ten missed runs are
one), `max_instances=1` (a slow tick is never overlapped by the next) and `misfire_grace_time=None`
(a late run is still run, however late).

`now` is read once per tick, here, at the tick boundary; every step below takes it as an argument.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.blocking import BlockingScheduler
from slack_sdk import WebClient
from sqlalchemy import text
from sqlalchemy.engine import Engine

from bot.jobs.checkin import run_checkins
from bot.jobs.outbox import deliver
from bot.jobs.periods import UTC
from bot.jobs.reminders import run_reminders
from bot.jobs.sweep import run_sweep
from bot.settings import Settings

logger = logging.getLogger(__name__)

STEPS = ("checkin", "reminders", "sweep", "expiry", "deliver")
# pg_try_advisory_lock key of "a clock tick is running"; any constant unique within the database.
TICK_LOCK_KEY = 0x4865726462  # "Herdb"


@dataclass(frozen=True)
class Jobs:
    """What every step needs: the database, the Slack client and the settings."""

    engine: Engine
    client: WebClient
    settings: Settings

    def run(self, step: str, *, now: datetime) -> Any:
        settings = self.settings
        if step == "checkin":
            return run_checkins(engine=self.engine, client=self.client, now=now)
        if step == "reminders":
            return run_reminders(engine=self.engine, now=now)
        if step == "sweep":
            from bot.services.home import alert_chart_hook  # draws only when an alert carries the chart

            return run_sweep(engine=self.engine, now=now, charts=alert_chart_hook(self.client))
        if step == "expiry":
            from bot.jobs.expiry import run_expiry

            return run_expiry(engine=self.engine, now=now)
        if step == "deliver":
            return deliver(engine=self.engine, client=self.client, now=now,
                           claim_timeout=timedelta(minutes=settings.outbox_claim_timeout_minutes),
                           max_attempts=settings.outbox_max_attempts)
        raise ValueError(f"{step!r} is not a job; use one of {', '.join(STEPS)}.")


@contextmanager
def tick_lock(engine: Engine) -> Iterator[bool]:
    """On PostgreSQL, hold a session advisory lock for the tick; True when this process got it.

    A second clock process (a scaled-up dyno, an overlapping deploy) skips its tick instead of
    doing the same work at the same moment. The outbox would keep it from double-posting anyway;
    the lock keeps it from double-calling Slack for users.info and from racing on claims.
    SQLite has one writer at a time and no shared server, so there is nothing to lock there.
    """
    if engine.dialect.name != "postgresql":
        yield True
        return
    with engine.connect() as conn:
        got = bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": TICK_LOCK_KEY}).scalar())
        conn.commit()
        try:
            yield got
        finally:
            if got:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": TICK_LOCK_KEY})
                conn.commit()


def tick(*, jobs: Jobs, now: datetime) -> dict[str, Any] | None:
    """Run every step at `now`. None when another clock holds the lock; else each step's result.

    A failing step is logged and the next one still runs: a Slack outage during check-ins must not
    stop the sweep, and delivery retries whatever was queued.
    """
    results: dict[str, Any] = {}
    with tick_lock(jobs.engine) as got:
        if not got:
            logger.info("clock: another clock process holds the tick lock; skipping this tick")
            return None
        for step in STEPS:
            try:
                results[step] = jobs.run(step, now=now)
            except Exception:  # logged with traceback; the other steps still run
                logger.exception("clock: step %s failed at %s", step, now.isoformat())
                results[step] = None
    logger.info("clock: tick at %s: %s", now.isoformat(), tick_summary(results))
    return results


def tick_summary(results: dict[str, Any]) -> str:
    parts = []
    for step, result in results.items():
        if result is None:
            parts.append(f"{step} failed")
        elif step == "checkin":
            parts.append(f"{len(result.queued)} check-ins, {len(result.owner_missing)} owner notices")
        elif step == "reminders":
            parts.append(f"{len(result.reminders)} reminders, {len(result.summaries)} summaries")
        elif step == "sweep":
            parts.append(f"{len(result.alerts)} alerts over {result.workspaces} workspaces")
        elif step == "expiry":
            parts.append(f"{len(result.warned)} approvals expiring, {len(result.expired)} expired")
        elif step == "deliver":
            parts.append(f"{len(result.sent)} sent, {len(result.retrying)} to retry, {len(result.dead)} dead")
    return "; ".join(parts)


def build_scheduler(*, jobs: Jobs, interval_minutes: int,
                    clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> BlockingScheduler:
    """The metronome: one tick now, then one every `interval_minutes`."""
    scheduler = BlockingScheduler(
        jobstores={"default": MemoryJobStore()},
        executors={"default": ThreadPoolExecutor(1)},
        timezone=UTC,
    )

    def run_tick() -> None:
        tick(jobs=jobs, now=clock())  # the one place the clock is read

    scheduler.add_job(
        run_tick, "interval", minutes=interval_minutes, id="tick", next_run_time=clock(),
        coalesce=True, max_instances=1, misfire_grace_time=None, replace_existing=True,
    )
    return scheduler


def run_clock(*, jobs: Jobs, interval_minutes: int) -> None:
    """Block, ticking, until SIGTERM or SIGINT (a tick in progress finishes first)."""
    scheduler = build_scheduler(jobs=jobs, interval_minutes=interval_minutes)

    def stop(signum: int, _frame: object) -> None:
        logger.info("clock: signal %s, stopping after the current tick", signum)
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    logger.info("clock: ticking every %d minutes", interval_minutes)
    scheduler.start()
