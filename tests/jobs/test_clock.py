"""The clock: APScheduler as a metronome, the PostgreSQL tick lock, the real `llama-bot clock`
process, and `llama-bot jobs run STEP --now`."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy import text

from bot.__main__ import main
from bot.fakeslack import FakeSlack
from bot.jobs.clock import TICK_LOCK_KEY, build_scheduler, tick, tick_lock
from bot.jobs.periods import add_months, checkin_month
from bot.storage.db import make_engine
from tests.jobs.conftest import World, at
from tests.procs import console_script

LLAMA_BOT = console_script("llama-bot")


def test_scheduler_is_only_a_metronome(world: World) -> None:
    started = at("2026-11-01 09:00")
    scheduler = build_scheduler(jobs=world.jobs, interval_minutes=7, clock=lambda: started)
    (job,) = scheduler.get_jobs()
    assert isinstance(job.trigger, IntervalTrigger) and job.trigger.interval.total_seconds() == 7 * 60
    assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, None)
    assert job.next_run_time == started  # one tick at start-up
    assert type(scheduler._jobstores["default"]).__name__ == "MemoryJobStore"


def test_tick_skips_while_another_clock_holds_the_lock(world: World) -> None:
    if world.engine.dialect.name != "postgresql":
        with tick_lock(world.engine) as got:
            assert got  # SQLite: one writer at a time, nothing to hold
        return
    world.workspace()
    world.service("Support Bot", owner="U1")
    other = make_engine(world.engine.url.render_as_string(hide_password=False))
    with other.connect() as conn:
        assert conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": TICK_LOCK_KEY}).scalar()
        assert tick(jobs=world.jobs, now=at("2026-11-01 10:00")) is None
        assert world.notifications() == [] and world.fake.calls == []
        conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": TICK_LOCK_KEY})
    other.dispose()
    assert tick(jobs=world.jobs, now=at("2026-11-01 10:00")) is not None
    assert len(world.dms("U1")) == 1


def test_jobs_run_by_hand_with_now(world: World, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    world.workspace()
    world.report(world.service("Support Bot", owner="U1"), "2026-09", 1_000_000)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", world.engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test-token")
    monkeypatch.setenv("SLACK_API_URL", world.fake.url)
    assert main(["jobs", "run", "checkin", "--now", "2026-11-01T08:59:00Z"]) == 0
    assert "0 check-ins" in capsys.readouterr().out
    assert main(["jobs", "run", "checkin", "--now", "2026-11-01T09:00:00+00:00"]) == 0
    assert "1 check-ins" in capsys.readouterr().out
    assert world.fake.calls_to("chat.postMessage") == []  # queued, not sent: that is `deliver`
    assert main(["jobs", "run", "deliver", "--now", "2026-11-01T09:01:00Z"]) == 0
    assert "1 sent" in capsys.readouterr().out
    assert len(world.dms("U1")) == 1


def env_for(database_url: str, fake: FakeSlack) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_") and k != "DATABASE_URL"}
    env.update(DATABASE_URL=database_url, SLACK_BOT_TOKEN="xoxb-test-token", SLACK_API_URL=fake.url,
               CLOCK_INTERVAL_MINUTES="60", LOG_LEVEL="INFO")
    return env


def test_clock_refuses_a_database_behind_migrations(tmp_path: Path, fake: FakeSlack) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    proc = subprocess.run([LLAMA_BOT, "clock"], env=env_for(url, fake), cwd=tmp_path, capture_output=True,
                          text=True, timeout=60, check=False)
    assert proc.returncode == 3  # serve's status for a database behind migrations
    assert "llama-bot db upgrade" in proc.stderr
    assert fake.calls == []


def test_clock_refuses_a_placeholder_token(tmp_path: Path, fake: FakeSlack) -> None:
    from bot.storage.db import upgrade_to_head

    url = f"sqlite:///{tmp_path / 'h.db'}"
    upgrade_to_head(url)
    env = {**env_for(url, fake), "SLACK_BOT_TOKEN": "xoxb-your-bot-token"}
    proc = subprocess.run([LLAMA_BOT, "clock"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60,
                          check=False)
    assert proc.returncode == 2  # serve's status for a missing setting
    assert "SLACK_BOT_TOKEN" in proc.stderr and "Traceback" not in proc.stderr
    assert fake.calls == []


def test_real_clock_process_sends_one_checkin(world: World, tmp_path: Path) -> None:
    # The one test where the real clock is read: by the `llama-bot clock` process, at its start-up tick.
    now = datetime.now(UTC)
    due = checkin_month(now, "UTC")
    world.workspace()
    sid = world.service("Support Bot", owner="U1")
    world.report(sid, add_months(due, -1), 1_000_000, now=now)
    url = world.engine.url.render_as_string(hide_password=False)
    proc = subprocess.Popen([LLAMA_BOT, "clock"], env=env_for(url, world.fake), cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while not world.dms("U1") and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
        # let the start-up tick finish (its log line), then stop the clock politely
        while time.monotonic() < deadline and not [
            n for n in world.notifications(kind="checkin") if n.status == "sent"
        ]:
            time.sleep(0.2)
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, out
    (dm,) = world.dms("U1")
    assert "Support Bot" in dm.body["text"]
    assert "clock: tick at" in out
    (row,) = world.notifications(kind="checkin")
    assert (row.period, row.status) == (due, "sent")
