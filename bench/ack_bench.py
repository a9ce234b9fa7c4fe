"""How fast does `llama-bot serve` answer /llama-check, next to bare Bolt apps, in one run?

    .venv/bin/python bench/ack_bench.py [--seconds 4] [--rounds 3] [--compare DIR] [--variant NAME:KEY=VALUE]
                                        [--workers 3 --threads 4 --worker-class gthread] [--workload W]
                                        [--warm-clients N] [--database-url URL] [--only herdbook]

Three servers, all gunicorn through `bot.web.Server` with the same options (workers, threads, class):

- `bolt-default`: the smallest Bolt app answering /llama-check (`ack()` only), Bolt's WSGI adapter,
  `process_before_response=False` (Bolt's default: the listener runs on a thread, the request thread
  polls for the ack every 10 ms);
- `bolt-pbr`: the same with `process_before_response=True`;
- `herdbook`: `bot.web.build_wsgi`, exactly what `llama-bot serve` runs, on its own migrated database
  (SQLite file by default, or `--database-url` for an empty PostgreSQL database).

Two workloads for Herdbook: `rules` (a name check and a question, answered in the ack) and `status`
(a workspace command: empty ack, answer through response_url; five services registered first).
Bare Bolt acks both alike. Per workload and target: paced load at 50 and 100 req/s (10 client
threads sharing the rate; p50/p99 of request sent -> response read), then 20 clients in a closed loop.
For Herdbook the closed loop's **effective** throughput counts until every audit row of the answered
requests is in the database (and, for `status`, every response_url answer reached the fake Slack),
not only the acks. Bare Bolt writes nothing: its effective throughput is its ack throughput. The
load generator and the fake Slack share this one Python process: its CPU in the closed loop is
printed (`bench`), since near 1.0 (one core, one GIL) the harness, not the server, is the limit.

`--compare [NAME=]DIR` (repeatable) adds a server, `before` or NAME: Herdbook from another checkout (for example
`git archive <commit> | tar -x -C DIR`), measured in the same run, so a change is compared on the same
machine load. `--rounds N` repeats every scenario N times with the targets interleaved (a different
one first each round) and reports the medians.

`--variant NAME:KEY=VALUE[,KEY=VALUE]` adds this checkout's Herdbook once more with `bot.web` settings (or
`GC_THRESHOLD=a/b/c`) changed, so one setting is compared with the others in the same run. The people asking
are known to the fake Slack and all ask once in the warm-up (`--warm-clients N`: only the first N); the `api`
column counts Slack Web API calls during each workload's runs.

The targets of issue 16 are checked at the end. The machine is shared (2 cores, other benchmarks and
test suites run on it): figures move by 20-50 % from run to run; compare within one run.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

if "--worker-class=gevent" in sys.argv and any(a.startswith("--serve-") for a in sys.argv):
    from gevent import monkey  # before anything imports ssl or socket users

    monkey.patch_all()

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.fakeslack import FakeSlack
from bot.slackrequests import signed_headers, slash_command

SECRET = "bench-signing-secret-0123456789"
WORKLOADS = {"rules": ["name Llama 2 Pro", "can we fine-tune Llama 2 and sell API access?"], "status": ["status"],
             "rules-new": ["name Llama 2 Pro", "can we fine-tune Llama 2 and sell API access?"]}
# `rules-new`: the same two texts, each request made unique by a number appended, so no answer is ever
# asked twice (Herdbook remembers rules replies per exact question: `rules` measures that memory,
# `rules-new` the full cost of an answer never seen before).
UNIQUE = itertools.count()
TEAM = "T0BENCH"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def gunicorn_overrides(args: argparse.Namespace) -> dict[str, Any]:
    return {"workers": args.workers, "threads": args.threads, "worker_class": args.worker_class}


def serve_bare(args: argparse.Namespace) -> None:
    """Bare Bolt: only acks /llama-check, through Bolt's own WSGI adapter."""
    from slack_bolt import Ack, App
    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from slack_sdk import WebClient

    from bot.settings import Settings
    from bot.web import serve

    settings = Settings()

    def load():  # type: ignore[no-untyped-def]
        app = App(signing_secret=settings.slack_signing_secret,
                  client=WebClient(token=settings.slack_bot_token, base_url=settings.slack_api_url),
                  process_before_response=args.serve_bare == "pbr", token_verification_enabled=False)

        @app.command("/llama-check")
        def only_ack(ack: Ack) -> None:
            ack()

        return SlackRequestHandler(app, path="/slack/events")

    serve(settings, load=load, options=gunicorn_overrides(args))


def serve_herdbook(args: argparse.Namespace) -> None:
    """What `llama-bot serve` runs, with the benchmark's gunicorn options (and a variant's settings, --set)."""
    import gc

    from bot import web
    from bot.settings import Settings

    for setting in args.set:  # read by build_wsgi in each worker after the fork; gc's thresholds survive the fork
        key, _, value = setting.partition("=")
        if key == "GC_THRESHOLD":
            gc.set_threshold(*(int(v) for v in value.split("/")))
        elif isinstance(getattr(web, key, None), int | float):
            setattr(web, key, type(getattr(web, key))(float(value)) if "." in value else type(getattr(web, key))(value))
        else:
            raise SystemExit(f"--set {setting}: not a number setting of bot.web, nor GC_THRESHOLD=a/b/c")
    web.serve(Settings(), options=gunicorn_overrides(args))


def start(name: str, argv: list[str], env: dict[str, str], port: int, workdir: Path) -> subprocess.Popen[bytes]:
    log = open(workdir / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
    proc = subprocess.Popen(argv, env={**env, "PORT": str(port)}, cwd=workdir, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{name} exited:\n{(workdir / f'{name}.log').read_text()}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            conn.getresponse().read()
            return proc  # any answer: the bare apps have no /healthz and say 404
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{name} did not answer")


def send(conn: http.client.HTTPConnection, text: str, response_url: str, user: str, team: str = TEAM) -> bool:
    body = slash_command(text, response_url=response_url, user_id=user, team_id=team)
    conn.request("POST", "/slack/events", body=body.encode(), headers=signed_headers(SECRET, body))
    resp = conn.getresponse()
    resp.read()
    return resp.status == 200


def load(port: int, texts: list[str], *, seconds: float, clients: int, response_url: str,
         rate: float | None = None, team: str = TEAM, unique: bool = False) -> tuple[list[float], int, float, float]:
    """(latencies, errors, start, end). Closed loop, or paced: `clients` threads share `rate` req/s.
    `unique`: a number never sent before is appended to every text."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    start_at = time.monotonic()
    stop_at = start_at + seconds

    def client(n: int) -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine: list[float] = []
        bad = 0
        i = n
        gap = clients / rate if rate else 0.0
        next_at = start_at + gap * n / clients
        while time.monotonic() < stop_at:
            if gap:
                time.sleep(max(0.0, next_at - time.monotonic()))
                next_at += gap
            text = texts[i % len(texts)]
            if unique:
                text = f"{text} {next(UNIQUE)}"
            t0 = time.perf_counter()
            try:
                ok = send(conn, text, response_url, f"U{n:04d}", team)
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            i += 1
            mine.append(time.perf_counter() - t0)
            bad += 0 if ok else 1
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors, start_at, time.monotonic()


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000 if ordered else float("nan")


class AuditCount:
    def __init__(self, url: str, team: str) -> None:
        from sqlalchemy import create_engine, text

        from bot.settings import normalise_database_url

        self._engine = create_engine(normalise_database_url(url))
        self._sql = text("SELECT count(*) FROM audit WHERE workspace_id = :team").bindparams(team=team)

    def __call__(self) -> int:
        with self._engine.connect() as conn:
            return int(conn.execute(self._sql).scalar_one())


def wait_until(predicate: Any, deadline: float = 60.0) -> float | None:
    """The time (monotonic) at which `predicate()` first held, or None if it never did."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if predicate():
            return time.monotonic()
        time.sleep(0.005)
    return None


METRICS = ("p50", "p99", "acks", "effective", "bench_cpu")


def median_of(runs: list[dict[str, float]]) -> dict[str, float]:
    out = {k: statistics.median(r[k] for r in runs) for k in METRICS}
    out.update(n=sum(r["n"] for r in runs), err=sum(r["err"] for r in runs), runs=len(runs),
               api=sum(r["api"] for r in runs))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=4.0, help="load per scenario per target")
    parser.add_argument("--clients", type=int, default=20, help="closed-loop clients")
    parser.add_argument("--rounds", type=int, default=1,
                        help="repeat every scenario this many times, targets interleaved; medians reported")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: serve's)")
    parser.add_argument("--threads", type=int, default=None, help="threads per worker (default: serve's)")
    parser.add_argument("--worker-class", default=None, choices=["gthread", "sync", "gevent"])
    parser.add_argument("--warm-clients", type=int, default=None,
                        help="clients (people) in the warm-up before the measured runs (default: --clients, so "
                             "every person has asked once; fewer leaves people whose first answer is measured)")
    parser.add_argument("--workload", action="append", choices=list(WORKLOADS),
                        help="run only this workload (repeatable; default: all; `rules` always runs, for bare Bolt)")
    parser.add_argument("--database-url", help="Herdbook's database (default: a fresh SQLite file per server)")
    parser.add_argument("--only", choices=["herdbook"], help="skip the bare apps (for gunicorn sweeps)")
    parser.add_argument("--compare", metavar="[NAME=]DIR", action="append", default=[],
                        help="also run Herdbook from another checkout (e.g. `git archive` of the commit before) "
                             "in the same run, as target NAME (default `before`); repeatable")
    parser.add_argument("--variant", metavar="NAME:KEY=VALUE[,KEY=VALUE]", action="append", default=[],
                        help="also run this checkout's Herdbook with bot.web settings changed, as target NAME "
                             "(e.g. linger100:AUDIT_LINGER=0.1, switch5:SWITCH_INTERVAL=0.005, pool2:AFTER_ACK_WORKERS=2, "
                             "gc:GC_THRESHOLD=50000/50/50); repeatable")
    parser.add_argument("--set", action="append", default=[], help=argparse.SUPPRESS)
    parser.add_argument("--serve-bare", choices=["default", "pbr"], help=argparse.SUPPRESS)
    parser.add_argument("--serve-herdbook", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    from bot.settings import Settings
    from bot.web import gunicorn_options

    defaults = gunicorn_options(Settings(_env_file=None))
    args.workers = args.workers or defaults["workers"]
    args.threads = args.threads or defaults["threads"]
    args.worker_class = args.worker_class or defaults["worker_class"]
    if args.serve_bare:
        serve_bare(args)
        return 0
    if args.serve_herdbook:
        serve_herdbook(args)
        return 0

    gun = [f"--workers={args.workers}", f"--threads={args.threads}", f"--worker-class={args.worker_class}"]
    me = [sys.executable, str(Path(__file__).resolve())]
    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as fake:
        workdir = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
        env.update(SLACK_BOT_TOKEN="xoxb-bench-token", SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=fake.url,
                   LOG_LEVEL="WARNING")
        # Each Herdbook gets its own database (SQLite) or at least its own team (one --database-url).
        herdbooks: dict[str, tuple[list[str], str, str]] = {
            "herdbook": ([*me, "--serve-herdbook", *gun], args.database_url or f"sqlite:///{workdir / 'herdbook.db'}",
                         TEAM)}
        for n, spec in enumerate(args.compare):
            label, _, where = spec.rpartition("=") if "=" in spec else ("before", "", spec)
            other = Path(where).resolve() / "bench" / "ack_bench.py"
            herdbooks[label] = ([sys.executable, str(other), "--serve-herdbook", *gun],
                                args.database_url or f"sqlite:///{workdir / f'{label}.db'}", f"{TEAM}{n}")
        for n, spec in enumerate(args.variant, start=len(args.compare)):
            label, _, sets = spec.partition(":")
            herdbooks[label] = ([*me, "--serve-herdbook", *gun, *(f"--set={kv}" for kv in sets.split(",") if kv)],
                                args.database_url or f"sqlite:///{workdir / f'{label}.db'}", f"{TEAM}{n}")
        for _, db, _ in herdbooks.values():
            subprocess.run([str(Path(sys.executable).parent / "llama-bot"), "db", "upgrade"],
                           env={**env, "DATABASE_URL": db}, cwd=workdir, check=True, capture_output=True)
        commands = {name: (argv, {**env, "DATABASE_URL": db}) for name, (argv, db, _) in herdbooks.items()}
        if not args.only:
            commands["bolt-default"] = ([*me, "--serve-bare=default", *gun], env)
            commands["bolt-pbr"] = ([*me, "--serve-bare=pbr", *gun], env)
        teams = {name: team for name, (_, _, team) in herdbooks.items()}
        audit_counts = {name: AuditCount(db, team) for name, (_, db, team) in herdbooks.items()}
        ports = {name: free_port() for name in commands}
        procs = {name: start(name, argv, env_, ports[name], workdir) for name, (argv, env_) in commands.items()}
        runs: dict[tuple[str, str, str], list[dict[str, float]]] = {}
        for n in range(max(args.clients, 10)):  # the people asking are known to Slack, as in a workspace in use
            fake.add_user(f"U{n:04d}", locale="en-US")
        fake.add_user("U0OWNER", locale="en-US")
        try:
            # Five services for `status`, each with a report, registered the way a person would.
            for name, team in teams.items():
                conn = http.client.HTTPConnection("127.0.0.1", ports[name], timeout=10)
                for i in range(5):
                    send(conn, f'register "Service {i}" license llama-3.1 mau {i + 1}M',
                         fake.response_url("seed"), "U0OWNER", team)
            wait_until(lambda: len(fake.calls_to("response_url")) >= 5 * len(teams), 30)
            for name, port in ports.items():  # warm-up: every person asks once (their users.info row), pools
                for texts in WORKLOADS.values():
                    load(port, texts, seconds=1.0, clients=args.warm_clients or args.clients, response_url=fake.response_url("warm"),
                         team=teams.get(name, TEAM))
            settled = [-1, time.monotonic()]

            def quiet() -> bool:  # the warm-up's after-ack work is done: no answer posted for 0.3 s
                n = len(fake.calls)
                if n != settled[0]:
                    settled[:] = [n, time.monotonic()]
                return time.monotonic() - settled[1] > 0.3

            wait_until(quiet, 15)
            names = list(ports)
            for round_ in range(args.rounds):
                order = names[round_ % len(names):] + names[:round_ % len(names)]  # no target always first
                for workload, texts in WORKLOADS.items():
                    if args.workload and workload not in args.workload and workload != "rules":
                        continue
                    for name in order:
                        if name not in teams and workload != "rules":
                            continue  # bare Bolt acks every text alike: measured once, compared with both
                        port = ports[name]
                        for scenario, rate, clients in (("paced50", 50.0, 10), ("paced100", 100.0, 10),
                                                        ("closed", None, args.clients)):
                            count = audit_counts.get(name)
                            before_rows = count() if count else 0
                            before_replies = len(fake.calls_to("response_url"))
                            before_calls = len(fake.calls)
                            cpu0 = time.process_time()
                            lat, err, t0, t1 = load(port, texts, seconds=args.seconds, clients=clients,
                                                    response_url=fake.response_url(name), rate=rate,
                                                    team=teams.get(name, TEAM), unique=workload == "rules-new")
                            bench_cpu = (time.process_time() - cpu0) / (t1 - t0)
                            ok = len(lat) - err
                            done = t1
                            if count is not None:
                                replies = ok if workload == "status" else 0
                                rows_due, replies_due = before_rows + ok, before_replies + replies
                                done = wait_until(lambda r=rows_due, q=replies_due, c=count: c() >= r and
                                                  len(fake.calls_to("response_url")) >= q) or -1
                            runs.setdefault((workload, name, scenario), []).append({
                                "n": len(lat), "err": err, "p50": pct(lat, 50), "p99": pct(lat, 99),
                                "acks": ok / (t1 - t0), "effective": ok / (done - t0) if done > 0 else 0.0,
                                "bench_cpu": bench_cpu,
                                # Web API calls (users.info, auth.test ...) while this scenario ran
                                "api": sum(c.method != "response_url" for c in fake.calls[before_calls:]),
                            })
        finally:
            for proc in procs.values():
                proc.send_signal(signal.SIGTERM)
            for proc in procs.values():
                try:
                    proc.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    proc.kill()

    results = {key: median_of(value) for key, value in runs.items()}
    db = herdbooks["herdbook"][1]
    kind = "PostgreSQL" if "postgres" in db else "SQLite file (WAL, synchronous=NORMAL)"
    print(f"gunicorn {args.worker_class} x{args.workers} workers x{args.threads} threads; Herdbook on {kind}; "
          f"{args.seconds:g} s per scenario; {args.rounds} round(s), medians; load average "
          f"{os.getloadavg()[0]:.1f}; shared 2-core machine: figures are noisy")
    print(f"{'workload':<8} {'target':<13} {'p50@50':>7} {'p99@50':>7} {'p50@100':>8} {'p99@100':>8} "
          f"{'closed n':>8} {'err':>4} {'acks/s':>7} {'eff/s':>7} {'p50':>6} {'p99':>6} {'bench':>5} {'api':>4}   "
          f"(ms, req/s; bench: this process's CPU in the closed loop, 1.0 = one core; api: Slack Web API calls "
          f"during all of the workload's runs)")
    for (workload, name, scenario), r in results.items():
        if scenario != "closed":
            continue
        p50, p100 = results[(workload, name, "paced50")], results[(workload, name, "paced100")]
        print(f"{workload:<8} {name:<13} {p50['p50']:>7.2f} {p50['p99']:>7.2f} {p100['p50']:>8.2f} "
              f"{p100['p99']:>8.2f} {r['n']:>8.0f} {r['err'] + p50['err'] + p100['err']:>4.0f} {r['acks']:>7.0f} "
              f"{r['effective']:>7.0f} {r['p50']:>6.2f} {r['p99']:>6.2f} {r['bench_cpu']:>5.2f} "
              f"{r['api'] + p50['api'] + p100['api']:>4.0f}")
    if args.only:
        return 0
    for target in teams:
        print(f"\nIssue 16 targets for `{target}` (against bare Bolt with process_before_response=True unless said):")
        for workload in WORKLOADS:
            if (workload, target, "closed") not in results:
                continue
            h = {s: results[(workload, target, s)] for s in ("paced50", "paced100", "closed")}
            b = {s: results[("rules", "bolt-pbr", s)] for s in ("paced50", "paced100", "closed")}
            d = results[("rules", "bolt-default", "closed")]
            checks = []
            for s in ("paced50", "paced100"):
                for q in ("p50", "p99"):
                    ratio = h[s][q] / b[s][q]
                    checks.append((f"{s} {q} {h[s][q]:.2f} vs {b[s][q]:.2f} ms = {ratio:.2f}x <= 1.3x", ratio <= 1.3))
            ratio = h["closed"]["effective"] / b["closed"]["effective"]
            checks.append(((f"effective {h['closed']['effective']:.0f} vs {b['closed']['effective']:.0f} req/s = "
                           f"{ratio:.2f}x >= 0.5x"), ratio >= 0.5))
            ratio = h["closed"]["p99"] / b["closed"]["p99"]
            checks.append(((f"closed-loop p99 {h['closed']['p99']:.1f} vs {b['closed']['p99']:.1f} ms = "
                           f"{ratio:.2f}x <= 2x"), ratio <= 2))
            if workload == "status":
                ratio = h["closed"]["effective"] / d["effective"]
                checks.append((f"effective vs bare Bolt default {d['effective']:.0f} req/s = {ratio:.2f}x >= 0.5x",
                               ratio >= 0.5))
            for line, met in checks:
                print(f"  {workload:<7} {line:<62} {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
