"""What do the first requests of a fresh `serve` worker pay? Each of them timed, in a fresh process.

    .venv/bin/python bench/first_requests.py [--requests 12] [--people 4] [--tree DIR] [--profile 0]

Builds what a gunicorn worker loads (`bot.web.build_wsgi`, warm-up, audit writer, after-ack pool) on a migrated
SQLite file whose workspace has a service and whose people are known (their users.info rows fresh, as in a
workspace in use), then sends the rules workload of bench/ack_bench.py (a name check and a question) through the
WSGI callable, closing each body as gunicorn does, and prints each request's wall time. `--people N`: the
requests come from N people in turn (every person's first answer in a worker reads their language);
`--tree DIR`: another checkout (e.g. a `git worktree` of main) with this script; `--profile I`: cProfile of
request I (cumulative, the answer path's own functions and SQLAlchemy's compiler).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if "--tree" in sys.argv:
    ROOT = Path(sys.argv[sys.argv.index("--tree") + 1]).resolve()
sys.path.insert(0, str(ROOT))

from bot.fakeslack import FakeSlack
from bot.slackrequests import signed_headers, slash_command

SECRET = "bench-signing-secret-0123456789"
TEAM = "T0BENCH"
TEXTS = ["name Llama 2 Pro", "can we fine-tune Llama 2 and sell API access?"]


def call(app: Any, text: str, response_url: str, user: str) -> None:
    body = slash_command(text, response_url=response_url, user_id=user, team_id=TEAM).encode()
    environ: dict[str, Any] = {"PATH_INFO": "/slack/events", "REQUEST_METHOD": "POST", "QUERY_STRING": "",
                               "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}
    for key, value in signed_headers(SECRET, body.decode()).items():
        name = key.upper().replace("-", "_")
        environ[name if name in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{name}"] = value
    status: list[str] = []
    out = app(environ, lambda s, h: status.append(s))
    b"".join(out)
    getattr(out, "close", lambda: None)()
    if not status[0].startswith("200"):
        raise SystemExit(f"{text!r} answered {status[0]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=12)
    parser.add_argument("--people", type=int, default=1)
    parser.add_argument("--tree", metavar="DIR")
    parser.add_argument("--profile", type=int, metavar="I", help="profile request I (0: the first)")
    args = parser.parse_args()
    from bot import web
    from bot.settings import Settings
    from bot.storage import repository as repo
    from bot.storage import users
    from bot.storage.db import make_engine, session_scope, upgrade_to_head

    for key in [k for k in os.environ if k.startswith("SLACK_")]:
        del os.environ[key]
    people = [f"U{n:04d}" for n in range(args.people)]
    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as fake:
        url = f"sqlite:///{tmp}/first.db"
        upgrade_to_head(url)
        now = datetime.now(UTC)
        seed = make_engine(url)
        with session_scope(seed) as s:
            repo.get_or_create_workspace(session=s, team_id=TEAM, now=now)
            repo.register_service(session=s, workspace_id=TEAM, name="Svc", license="llama-3.1", owner_id="U1",
                                  user_id="U1", now=now, since_month="2026-01")
            for user in people:
                fake.add_user(user, locale="en-US")
                users.save_user(session=s, workspace_id=TEAM, user_id=user, now=now, locale="en-US")
        seed.dispose()
        settings = Settings(_env_file=None, slack_bot_token="xoxb-first", slack_signing_secret=SECRET,
                            slack_api_url=fake.url, database_url=url)
        t0 = time.perf_counter()
        app = web.build_wsgi(settings)
        getattr(web, "wait_for_warm_up", lambda: None)()
        print(f"worker built and warmed in {(time.perf_counter() - t0) * 1000:.0f} ms ({ROOT})")
        slack_before = len(fake.calls)
        times = []
        for i in range(args.requests):
            profiler = cProfile.Profile() if args.profile == i else None
            start = time.perf_counter()
            if profiler:
                profiler.enable()
            call(app, TEXTS[i % len(TEXTS)], fake.response_url("first"), people[i % len(people)])
            if profiler:
                profiler.disable()
            times.append((time.perf_counter() - start) * 1000)
            print(f"request {i:>3} {TEXTS[i % len(TEXTS)][:24]:<24} {people[i % len(people)]} {times[-1]:7.2f} ms")
            if profiler:
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(r"bot/|compiler|api_call", 40)
                print(out.getvalue())
        later = times[len(times) // 2:]
        print(f"first {times[0]:.2f} ms; median of the second half {statistics.median(later):.2f} ms; "
              f"Slack calls during the requests: {[c.method for c in fake.calls[slack_before:]]}")
        from bot.storage import audit

        audit.stop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
