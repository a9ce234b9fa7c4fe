"""`llama-bot clock` and `llama-bot jobs run STEP [--now ISO-8601]`.

`COMMANDS` are part of bot/__main__.py's table; `main(argv)` runs them alone (`python -m bot.jobs.cli clock`).
"""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import datetime
from typing import Any

from bot.cli import EXIT_CONFIG, Subcommand, add_subcommands, arg, run
from bot.jobs.clock import STEPS
from bot.settings import Settings

logger = logging.getLogger(__name__)


def parse_now(value: str) -> datetime:
    """ISO-8601; a time without a zone is taken as UTC."""
    from bot.jobs.periods import UTC

    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an ISO-8601 time; write it like 2026-11-01T09:00:00Z or 2026-11-01."
        ) from exc
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _jobs(settings: Settings) -> Any:
    """Engine (refusing a database behind migrations) and client, or (exit status, message).

    The statuses are serve's: 3 for a database behind migrations, 2 for a missing setting."""
    from bot.jobs.clock import Jobs
    from bot.jobs.slack import make_jobs_client
    from bot.settings import is_placeholder
    from bot.storage.cli import EXIT_DB, database_behind
    from bot.storage.db import make_engine

    # Checked before any engine exists: opening a SQLite file that is not there would create it.
    if (message := database_behind(settings)) is not None:
        return EXIT_DB, message.removeprefix("llama-bot: ")
    if is_placeholder(settings.slack_bot_token):
        state = "still holds the placeholder from .env.example" if settings.slack_bot_token else "is not set"
        return EXIT_CONFIG, (f"SLACK_BOT_TOKEN {state}. The clock sends "
                "check-ins and alerts as the bot: copy the Bot User OAuth Token (xoxb-...) from your app's "
                "OAuth & Permissions page into SLACK_BOT_TOKEN.")
    engine = make_engine(settings.database_url)
    return Jobs(engine=engine, client=make_jobs_client(settings), settings=settings)


def clock_command(args: argparse.Namespace, settings: Settings) -> int:
    from bot.jobs.clock import run_clock

    jobs = _jobs(settings)
    if isinstance(jobs, tuple):
        print(f"llama-bot clock: {jobs[1]}", file=sys.stderr)
        return jobs[0]
    try:
        run_clock(jobs=jobs, interval_minutes=settings.clock_interval_minutes)
    finally:
        jobs.engine.dispose()
    return 0


def jobs_command(args: argparse.Namespace, settings: Settings) -> int:
    from bot.jobs.clock import tick_lock
    from bot.jobs.periods import UTC

    jobs = _jobs(settings)
    if isinstance(jobs, tuple):
        print(f"llama-bot jobs: {jobs[1]}", file=sys.stderr)
        return jobs[0]
    now = args.now or datetime.now(UTC)
    try:
        with tick_lock(jobs.engine) as got:
            if not got:
                print("llama-bot jobs: a clock tick is running right now; try again in a minute.", file=sys.stderr)
                return 1
            result = jobs.run(args.step, now=now)
    finally:
        jobs.engine.dispose()
    print(f"{args.step} at {now.isoformat()}: {describe(args.step, result)}")
    return 0


def describe(step: str, result: Any) -> str:
    from bot.jobs.clock import tick_summary

    return tick_summary({step: result})


COMMANDS = (
    Subcommand("clock", "run the scheduler (one process): check-ins, reminders, alerts", clock_command),
    Subcommand("jobs", "run one scheduled step by hand", subcommands=(
        Subcommand("run", "run one step now (or at --now)", jobs_command, args=(
            arg("step", choices=STEPS),
            arg("--now", type=parse_now, default=None,
                help="the time the step runs at, ISO-8601 (default: the current time)"))),)),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="llama-bot")
    add_subcommands(parser.add_subparsers(dest="command", required=True), COMMANDS)
    return run(parser, argv)


if __name__ == "__main__":
    raise SystemExit(main())
