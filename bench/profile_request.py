"""Where does one `/llama-check` request spend its CPU? An in-process profile of what `serve` runs.

    .venv/bin/python bench/profile_request.py [--text "status"] [--runs 2000] [--top 30] [--sort tottime]
                                              [--time-only] [--bare] [--tree DIR] [--unique]

Builds the WSGI app exactly as `llama-bot serve` does in each worker (`bot.web.build_wsgi`: warm-up,
engine, audit writer), except that the after-ack work runs inline in the request thread, so a
`status` request's reads, blocks and response_url POST are inside the profile. The database is a
migrated SQLite file with five registered services, Slack a loopback `FakeSlack`. Each request is a
signed slash command through the WSGI callable (signature check, Bolt, the listener, the answer).
Prints the mean wall time per request, then cProfile's table (unless --time-only). `--unique` appends
a number never sent before to every text, so no reply is ever remembered (bot/services/reply_cache.py).
"""

from __future__ import annotations

import argparse
import cProfile
import inspect
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if "--tree" in sys.argv:  # profile another checkout (e.g. `git archive` of the commit before) with this script
    ROOT = Path(sys.argv[sys.argv.index("--tree") + 1]).resolve()
sys.path.insert(0, str(ROOT))

from bot.fakeslack import FakeSlack
from bot.slackrequests import signed_headers, slash_command

SECRET = "bench-signing-secret-0123456789"
TEAM = "T0BENCH"


def build(workdir: Path, fake: FakeSlack, *, bare: bool = False) -> Any:
    from bot import web
    from bot.settings import Settings
    from bot.storage.db import upgrade_to_head

    for key in [k for k in os.environ if k.startswith("SLACK_")]:
        del os.environ[key]
    url = f"sqlite:///{workdir / 'profile.db'}"
    upgrade_to_head(url)
    settings = Settings(_env_file=None, slack_bot_token="xoxb-profile", slack_signing_secret=SECRET,
                        slack_api_url=fake.url, database_url=url)
    if bare:  # the smallest Bolt app that acks /llama-check (bench/ack_bench.py's bolt-pbr), for comparison
        from slack_bolt import Ack, App
        from slack_bolt.adapter.wsgi import SlackRequestHandler
        from slack_sdk import WebClient

        app = App(signing_secret=SECRET, client=WebClient(token="xoxb-profile", base_url=fake.url),
                  process_before_response=True, token_verification_enabled=False)

        @app.command("/llama-check")
        def only_ack(ack: Ack) -> None:
            ack()

        return SlackRequestHandler(app, path="/slack/events")
    # serve's app, with the after-ack work run inline: status runs in this thread.
    if "inline" in inspect.signature(web.build_wsgi).parameters:
        return web.build_wsgi(settings, inline=True)
    import bot.deferred  # an older checkout: its pool class replaced by the inline one while it builds

    pooled = bot.deferred.Deferred
    bot.deferred.Deferred = lambda *a, **kw: pooled()  # type: ignore[assignment,misc]
    try:
        return web.build_wsgi(settings)
    finally:
        bot.deferred.Deferred = pooled  # type: ignore[misc]


def call(app: Any, text: str, response_url: str, user: str = "U0ASKER") -> int:
    body = slash_command(text, response_url=response_url, user_id=user, team_id=TEAM).encode()
    headers = signed_headers(SECRET, body.decode())
    environ: dict[str, Any] = {"PATH_INFO": "/slack/events", "REQUEST_METHOD": "POST", "QUERY_STRING": "",
                               "SERVER_PROTOCOL": "HTTP/1.1",
                               "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body)}
    for key, value in headers.items():
        name = key.upper().replace("-", "_")
        environ[name if name in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{name}"] = value
    status: list[str] = []
    b"".join(app(environ, lambda s, h: status.append(s)))
    code = int(status[0].split()[0])
    if code != 200:
        raise SystemExit(f"{text!r} answered {status[0]}")
    return code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--text", action="append", help="command text (repeatable; default: the rules workload)")
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--top", type=int, default=35)
    parser.add_argument("--sort", default="tottime", choices=["tottime", "cumulative"])
    parser.add_argument("--time-only", action="store_true")
    parser.add_argument("--bare", action="store_true", help="profile bare Bolt (process_before_response=True)")
    parser.add_argument("--tree", metavar="DIR", help="the checkout whose bot/ and rules/ to profile")
    parser.add_argument("--unique", action="store_true", help="every text made new by a number appended")
    args = parser.parse_args()
    texts = args.text or ["name Llama 2 Pro", "can we fine-tune Llama 2 and sell API access?"]
    serial = iter(range(10**9))

    def text_of(i: int) -> str:
        return f"{texts[i % len(texts)]} {next(serial)}" if args.unique else texts[i % len(texts)]
    from bot.storage import audit

    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as fake:
        app = build(Path(tmp), fake, bare=args.bare)
        for i in range(0 if args.bare else 5):
            assert call(app, f'register "Service {i}" license llama-3.1 mau {i + 1}M', fake.response_url("seed"),
                        "U0OWNER") == 200
        for i in range(200):  # warm: first connections, lazy imports, Bolt's auth.test
            call(app, text_of(i), fake.response_url("warm"))
        t0 = time.perf_counter()
        for i in range(args.runs):
            call(app, text_of(i), fake.response_url("timed"))
        per = (time.perf_counter() - t0) / args.runs
        print(f"{texts}: {per * 1000:.3f} ms per request (wall, {args.runs} runs, profiler off)")
        if not args.time_only:
            profiler = cProfile.Profile()
            profiler.enable()
            for i in range(args.runs):
                call(app, text_of(i), fake.response_url("profiled"))
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
            print(out.getvalue())
        audit.stop_all()
    return 0


if __name__ == "__main__":
    sys.exit(main())
