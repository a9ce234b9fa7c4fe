"""How fast does `llama-bot serve` acknowledge a /llama-check, next to a Bolt app that only acks?

    .venv/bin/python bench/ack_bench.py [--seconds 10] [--rounds 2] [--concurrency 20]

Both servers run the same way: gunicorn through `bot.web.Server` with `bot.web.gunicorn_options`
(same workers, threads, timeouts), Bolt's WSGI adapter, signature verification on, Web API
pointed at one in-process FakeSlack. Herdbook is the real `llama-bot serve` subprocess (its own
SQLite file, migrated first); the minimal app is this file run with `--serve-minimal`.

Each client thread keeps one HTTP connection and sends freshly signed slash commands back to back;
latency is request sent -> response read. The two targets alternate round by round so a noisy
neighbour on the machine hurts both alike. Target: Herdbook p50 and p99 at most 1.3x the minimal app's.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.fakeslack import FakeSlack
from bot.slackrequests import signed_headers, slash_command

SECRET = "bench-signing-secret-0123456789"
TEXTS = ["mau 800M", "name Llama 2 Pro", "use customer support chatbot mau 5M", "help",
         "can we fine-tune Llama 2 and sell API access?"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve_minimal() -> None:
    """The baseline: a Bolt app whose /llama-check listener only acks, served exactly like Herdbook."""
    from slack_bolt import Ack, App
    from slack_sdk import WebClient

    from bot.settings import Settings
    from bot.web import serve, wsgi_app

    settings = Settings()

    def load():  # type: ignore[no-untyped-def]
        app = App(signing_secret=settings.slack_signing_secret,
                  client=WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url),
                  process_before_response=False, token_verification_enabled=False)

        @app.command("/llama-check")
        def only_ack(ack: Ack) -> None:
            ack()

        return wsgi_app(app)

    serve(settings, load=load)


def start(name: str, argv: list[str], env: dict[str, str], port: int, workdir: Path) -> subprocess.Popen[bytes]:
    log = open(workdir / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen(argv, env=env, cwd=workdir, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{name} exited:\n{(workdir / f'{name}.log').read_text()}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{name} did not answer /healthz")


def load(port: int, *, seconds: float, concurrency: int, response_url: str,
         rate: float | None = None) -> tuple[list[float], int, float]:
    """Closed loop (each client sends again as soon as answered) or, with `rate`, paced: the clients
    share `rate` requests a second, so latency shows the service time rather than the queue."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(n: int) -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine: list[float] = []
        bad = 0
        i = n
        gap = concurrency / rate if rate else 0.0
        next_at = time.monotonic() + gap * n / concurrency
        while time.monotonic() < stop_at:
            if gap:
                time.sleep(max(0.0, next_at - time.monotonic()))
                next_at += gap
            body = slash_command(TEXTS[i % len(TEXTS)], response_url=response_url, user_id=f"U{n:04d}")
            headers = signed_headers(SECRET, body)
            i += 1
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/slack/events", body=body.encode(), headers=headers)
                resp = conn.getresponse()
                resp.read()
                ok = resp.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            mine.append(time.perf_counter() - t0)
            bad += 0 if ok else 1
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=client, args=(n,)) for n in range(concurrency)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, time.perf_counter() - t0


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10.0, help="load per target per round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--rate", type=float, help="paced load: requests per second shared by the clients "
                        "(default: closed loop, as fast as answered)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers for both servers")
    parser.add_argument("--database-url", help="Herdbook's database (default: a fresh SQLite file); "
                        "use an empty PostgreSQL database to bench the production setup")
    parser.add_argument("--serve-minimal", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_minimal:
        serve_minimal()
        return 0

    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as fake:
        workdir = Path(tmp)
        db = args.database_url or f"sqlite:///{workdir / 'herdbook.db'}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
        env.update(SLACK_BOT_TOKEN="xoxb-bench-token", SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=fake.url,
                   DATABASE_URL=db, WEB_CONCURRENCY=str(args.workers), LOG_LEVEL="WARNING")
        subprocess.run([str(bin_dir / "llama-bot"), "db", "upgrade"], env=env, cwd=workdir, check=True,
                       capture_output=True)
        journal = ""
        if db.startswith("sqlite"):
            import sqlite3

            # bot.storage.db.make_engine puts SQLite files in WAL mode; report what the file is in.
            with sqlite3.connect(db.removeprefix("sqlite:///")) as conn:
                journal = str(conn.execute("PRAGMA journal_mode").fetchone()[0])
        ports = {"herdbook": free_port(), "minimal": free_port()}
        procs = {
            "herdbook": start("herdbook", [str(bin_dir / "llama-bot"), "serve"],
                              {**env, "PORT": str(ports["herdbook"])}, ports["herdbook"], workdir),
            "minimal": start("minimal", [sys.executable, str(Path(__file__).resolve()), "--serve-minimal"],
                             {**env, "PORT": str(ports["minimal"])}, ports["minimal"], workdir),
        }
        results: dict[str, tuple[list[float], int, float]] = {n: ([], 0, 0.0) for n in ports}
        try:
            for port in ports.values():  # warm-up: imports, auth.test, first rules load
                load(port, seconds=1.0, concurrency=args.concurrency, response_url=fake.response_url("w"))
            fake.reset()
            for _ in range(args.rounds):
                for name, port in ports.items():
                    lat, err, wall = load(port, seconds=args.seconds, concurrency=args.concurrency,
                                          response_url=fake.response_url(name), rate=args.rate)
                    acc = results[name]
                    results[name] = (acc[0] + lat, acc[1] + err, acc[2] + wall)
        finally:
            for proc in procs.values():
                proc.send_signal(signal.SIGTERM)
            for proc in procs.values():
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
        if os.environ.get("KEEP_LOGS"):
            for name in ports:
                shutil.copy(workdir / f"{name}.log", Path.cwd() / f"ack_bench_{name}.log")

    kind = f"SQLite file, journal_mode={journal}" if db.startswith("sqlite") else "PostgreSQL"
    print(f"Herdbook's database: {kind}")
    pacing = f"paced at {args.rate:g} req/s" if args.rate else "closed loop"
    print(f"{args.concurrency} concurrent clients ({pacing}), {args.rounds} rounds x {args.seconds:.0f} s per target, "
          f"gunicorn gthread x{args.workers} workers x 8 threads, signed /llama-check requests")
    print(f"{'target':<10} {'requests':>9} {'errors':>7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    row = {}
    for name, (lat, err, wall) in results.items():
        row[name] = (pct(lat, 50) * 1000, pct(lat, 99) * 1000)
        print(f"{name:<10} {len(lat):>9} {err:>7} {len(lat) / wall:>8.1f} {row[name][0]:>8.1f} {row[name][1]:>8.1f}"
              f"   (mean {statistics.fmean(lat) * 1000:.1f} ms)")
    r50 = row["herdbook"][0] / row["minimal"][0]
    r99 = row["herdbook"][1] / row["minimal"][1]
    print(f"herdbook / minimal: p50 {r50:.2f}x, p99 {r99:.2f}x (target <= 1.3x) -> "
          f"{'met' if max(r50, r99) <= 1.3 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
