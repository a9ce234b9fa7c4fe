"""HTTP mode: a small WSGI front for Bolt under gunicorn. POST /slack/events, GET /healthz.

`llama-bot serve` runs `serve(settings)`. Each gunicorn worker builds its own App in `load()`
(after the fork), so no HTTP connection pool, thread pool or database engine is shared between
processes.

The front checks the signature on the raw bytes before anything parses the body (bot/verify.py):
an unverified request is answered 401 and goes no further (no Bolt, no database, no Slack call, no
log line with its body). Verified requests go to `app.dispatch` with `process_before_response=True`:
the ack leaves as soon as the listener returns, and the work after it (workspace commands, events,
block actions) runs on a bounded `Deferred` pool; audit rows go through one batching writer per
worker. A request's after-ack jobs and audit rows are handed over only once its response has been
written (the body's `close()`), so they never compete with the ack. Both the pool and the writer are
drained by gunicorn's worker_exit hook. Measurements: docs/performance.md.
"""

from __future__ import annotations

import gc
import json
import logging
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from gunicorn.app.base import BaseApplication
from slack_bolt import App, BoltResponse
from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse
from slack_bolt.request import BoltRequest

from bot.settings import Settings
from bot.verify import VERIFIED, headers_ok

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

    from bot.deferred import Deferred, Held
    from bot.storage.audit import AuditWriter

logger = logging.getLogger("herdbook.web")

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
# Slack's payloads are a few kilobytes (a modal's state, a long message); anything this big is not Slack's.
MAX_BODY = 1 << 20

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
# Returns "ok" or raises; storage replaces the default with a real `SELECT 1` through its engine.
DatabaseCheck = Callable[[], str]

# Run by gunicorn's worker_exit hook (and by tests): finish after-ack work, write queued audit rows.
_on_exit: list[Callable[[], None]] = []


def no_database_check() -> str:
    return "ok"


def health(check: DatabaseCheck, counters: Callable[[], dict[str, int]] | None = None) -> tuple[int, dict[str, Any]]:
    try:
        state = check()
        extra = counters() if counters is not None and state == "ok" else {}  # e.g. {"dead_alerts": 2}
    except Exception as error:  # any failure to answer means "not healthy", and says why
        logger.exception("health check failed")
        return 503, {"ok": False, "database": f"error: {type(error).__name__}"}
    return (200, {"ok": True, "database": state, **extra}) if state == "ok" else (503, {"ok": False, "database": state})


def _headers(environ: dict[str, Any]) -> dict[str, str]:
    headers = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers[key[5:].lower().replace("_", "-")] = value
        elif key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            headers[key.lower().replace("_", "-")] = value
    return headers


class _AfterResponse:
    """What one request leaves for after its response: after-ack jobs and audit rows (both held while it was
    answered). `run()` hands them over, once."""

    def __init__(self, deferred: Deferred | None, writer: AuditWriter | None) -> None:
        self._deferred, self._writer = deferred, writer
        self._jobs: Held | None = None
        self._rows: list[dict[str, Any]] = []
        if deferred is not None:
            deferred.hold()
        if writer is not None:
            writer.hold()

    def stop_holding(self) -> bool:
        """Stop holding in this thread; True when anything was held."""
        self._jobs = self._deferred.unhold() if self._deferred is not None else None
        self._rows = self._writer.unhold() if self._writer is not None else []
        return bool(self._jobs) or bool(self._rows)

    def run(self) -> None:
        rows, self._rows = self._rows, []
        if rows and self._writer is not None:
            self._writer.put_all(rows)
        if self._jobs is not None:
            self._jobs.start()


class _ThenRun:
    """A response body that hands over the request's held work when the server closes it (PEP 3333: after the
    last byte is written, or when the request ends early), so waking the pool or the audit writer never
    competes with the ack for the GIL."""

    def __init__(self, body: Iterable[bytes], after: _AfterResponse) -> None:
        self._body = body
        self._after: _AfterResponse | None = after

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._body)

    def close(self) -> None:
        after, self._after = self._after, None
        if after is not None:
            after.run()

    def __del__(self) -> None:  # a server that never closes the body must not lose the work
        self.close()


def wsgi_app(app: App, *, signing_secret: str, database_check: DatabaseCheck = no_database_check,
             counters: Callable[[], dict[str, int]] | None = None, deferred: Deferred | None = None,
             audit_writer: AuditWriter | None = None) -> WSGIApp:
    """`deferred` (the app's after-ack pool) and `audit_writer`, when given: the jobs and audit rows a request
    hands them are handed over once the response to that request has been written."""
    if deferred is not None and deferred.inline:
        deferred = None
    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO"), environ.get("REQUEST_METHOD")
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            return _json(start_response, *health(database_check, counters))
        if path != EVENTS_PATH or method != "POST":
            return _json(start_response, 404, {"ok": False, "error": "not found"})
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if not 0 <= length <= MAX_BODY:
            return _json(start_response, 413, {"ok": False, "error": "request body too large"})
        raw = environ["wsgi.input"].read(length) if length else b""
        headers = _headers(environ)
        if not headers_ok(signing_secret, raw, headers):
            logger.debug("rejected a request without a valid signature (%d bytes)", len(raw))
            return _json(start_response, 401, {"error": "invalid request"})
        try:
            request = BoltRequest(body=raw.decode("utf-8"), query=environ.get("QUERY_STRING") or "",
                                  headers=headers)
            request.context[VERIFIED] = True  # the Bolt middleware need not compute the HMAC again
        except Exception:  # noqa: BLE001 - signed, yet not JSON or a form Bolt can read (never Slack's)
            logger.warning("unreadable signed request body on %s", path)
            return _json(start_response, 400, {"ok": False, "error": "the request body could not be read"})
        if deferred is None and audit_writer is None:
            return _respond(app.dispatch(request), start_response)
        after = _AfterResponse(deferred, audit_writer)
        try:
            answer = app.dispatch(request)
        finally:
            held = after.stop_holding()
        if not held:
            return _respond(answer, start_response)
        try:
            return _ThenRun(_respond(answer, start_response), after)
        except BaseException:
            after.run()
            raise

    return application


def _respond(answer: BoltResponse, start_response: Callable[..., Any]) -> Iterable[bytes]:
    response = WsgiHttpResponse(status=answer.status, headers=answer.headers, body=answer.body)
    start_response(response.status, response.get_headers())
    return response.get_body()


_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 404: "Not Found", 413: "Payload Too Large",
            503: "Service Unavailable"}


def _json(start_response: Callable[..., Any], status: int, payload: dict[str, Any]) -> list[bytes]:
    data = json.dumps(payload).encode()
    start_response(f"{status} {_REASONS.get(status, '')}".strip(),
                   [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


# The after-ack pool of one worker: `AFTER_ACK_WORKERS` jobs at once, `AFTER_ACK_BACKLOG` waiting;
# a request that finds both full waits up to `AFTER_ACK_WAIT` s, then is shed (commands: "busy"
# in the ack) or run in its own thread (events). Sized in docs/performance.md.
AFTER_ACK_WORKERS = 4
AFTER_ACK_BACKLOG = 64
AFTER_ACK_WAIT = 1.5
# CPython's GIL switch interval in each worker: 0.5 ms (its default is 5 ms), so an ack that is ready does not
# wait a whole slice behind another thread. Measured against 5 ms in three interleaved runs of bench/ack_bench.py
# (docs/performance.md, item 7): 5 ms gave more closed-loop throughput in two of them, and a worse paced p99 at
# times (14 ms against 3 ms at 100 req/s in two of three rounds of one run); the latency targets decide.
SWITCH_INTERVAL = 0.0005
# The audit writer waits this long after the first queued row so a batch gathers (docs/performance.md).
AUDIT_LINGER = 0.02


def warm_up(settings: Settings, *, app: App | None = None, engine: Engine | None = None) -> None:
    """Pay before the first request, in each worker after the fork, what the first answer of each
    kind would otherwise pay (measured 60-700 ms: packs and policies parsed from TOML, the rules'
    indexes built, lazily imported modules; ~2 s for the optional Korean analyser): one rules call of each
    kind, answered and discarded; the answers' Block Kit and texts in both languages (catalogs).
    With `engine`: its first connection, and every statement the answer path reads compiled (SQLAlchemy
    compiles a statement on its first execution per engine: ~20 ms for an answer's language, ~8 ms for the
    OSPO's decisions, measured on a fresh worker). With `app`: Bolt's one auth.test, asked in the background
    (Bolt asks it lazily, inside the first request; Slack may be slow or down at start-up, so the worker
    does not wait for it: a request that comes first asks it itself, as before)."""
    import bot.forecast  # noqa: F401 - status's forecast line, so a worker's first status imports nothing
    import rules
    from bot.grammar import parse_command

    kw = {"license": settings.default_license, "policy": settings.default_policy}
    for text in ("name Herdbook Assistant", "use customer support chatbot mau 5M", "mau 800M",
                 "can we fine-tune Llama 2 and sell API access?", "status", "report Chat 1M"):
        parse_command(text)
    try:
        rules.check_name("Herdbook Assistant", **kw)
        rules.check_use("customer support chatbot", mau=5_000_000, **kw)
        rules.check_mau("800M", **kw)
        rules.ask("can we fine-tune Llama 2 and sell API access?", policy=settings.default_policy)
        rules.ask("라마 2를 상업적으로 써도 되나요?", policy=settings.default_policy)  # the Korean vocabulary
        from rules.korean import load_analyser

        load_analyser()  # the optional Korean analyser (extra `korean`), when installed: ~2 s once, per worker
        _warm_answers(settings, engine)
    except Exception:  # e.g. a misconfigured default license: the answers will say so, politely
        logger.warning("could not warm up the rules (license %r)", settings.default_license, exc_info=True)
    if engine is not None:
        try:
            _warm_reads(engine)
        except Exception:  # the database may be down at start-up: the first answers will connect, as before
            logger.warning("could not warm up the database reads", exc_info=True)
    if app is not None:
        _warm_authorization(app)


# Answered once in each language by the warm-up: every rules word, a verdict with reasons and the Ask button.
WARM_TEXTS = ("help", "name Herdbook Assistant", "use customer support chatbot mau 5M", "mau 800M",
              "can we fine-tune Llama 2 and sell API access?")


def _warm_answers(settings: Settings, engine: Engine | None) -> None:
    """The rules words' replies built once in each language (their Block Kit, the bot's and the rules'
    catalogs, the OSPO's Ask button), straight from the handlers: nothing is remembered, nothing recorded."""
    from datetime import UTC, datetime

    from bot.grammar import parse_command
    from bot.i18n import LANGS
    from bot.reply import Asked, Deps
    from bot.services.precedents import with_review
    from bot.services.verdicts import HANDLERS

    deps = Deps(settings=settings, engine=engine)  # type: ignore[arg-type]  # the handlers read settings only
    now = datetime.now(UTC)
    for lang in LANGS:
        for text in WARM_TEXTS:
            command = parse_command(text)
            asked = Asked(text=text, surface="command", now=now, lang=lang)  # no team: no precedent lookup
            with_review(HANDLERS[command.word](command, asked, deps), command=command, asked=asked, deps=deps)


def _warm_reads(engine: Engine) -> None:
    """The answer path's reads, run once for a workspace that does not exist: the engine's first connection is
    opened and pooled, and each statement compiled into the engine's cache; and the audit row's insert, rolled
    back. Nothing is written."""
    from datetime import UTC, datetime

    from sqlmodel import Session

    from bot.storage import audit, reviews
    from bot.storage.db import read_scope
    from bot.storage.repository import audit_row, warm_status_reads
    from bot.storage.users import cached_locale

    now = datetime.now(UTC)
    nobody = "T0-WARM-UP"  # not a Slack id: no workspace has it
    cached_locale(engine=engine, workspace_id=nobody, user_id=nobody, now=now)  # an answer's language
    with read_scope(engine) as conn, Session(bind=conn) as session:  # the OSPO's decisions (PrecedentCache)
        reviews.live_precedents(session=session, workspace_id=nobody, today=now.date())
    reviews.pick_precedent([], question=WARM_TEXTS[-1], activity=None, today=now.date())  # its question key's regex
    warm_status_reads(engine, workspace_id=nobody, month=now.strftime("%Y-%m"))  # status, after its ack
    row = audit_row(workspace_id=nobody, user_id=nobody, action="name", now=now, subject="Herdbook",
                    input="name Herdbook", result="ok", detail={"surface": "command"})
    audit.warm_insert(engine, row)  # the audit writer's insert (rolled back)


# The background auth.test of each worker's warm-up (tests wait on it).
_AUTH_WARM_UP: list[threading.Thread] = []


def _warm_authorization(app: App) -> None:
    from slack_bolt.middleware.authorization.single_team_authorization import SingleTeamAuthorization

    found = [m for m in getattr(app, "_middleware_list", []) if isinstance(m, SingleTeamAuthorization)]
    if not found or app.client is None or not app.client.token:
        return
    authorization = found[0]

    def ask() -> None:
        try:
            result = app.client.auth_test()
        except Exception as error:  # noqa: BLE001 - Slack unreachable or the token refused: the first request asks
            logger.warning("auth.test at start-up failed (%s: %s); the first request will ask again",
                           type(error).__name__, error)
            return
        if not authorization.auth_test_result:
            authorization.auth_test_result = result

    thread = threading.Thread(target=ask, name="warm-up-auth-test", daemon=True)
    _AUTH_WARM_UP.append(thread)
    thread.start()


def wait_for_warm_up(timeout: float = 10.0) -> None:
    """Wait for the background part of the warm-up (Bolt's auth.test) to end (tests, benchmarks)."""
    while _AUTH_WARM_UP:
        _AUTH_WARM_UP.pop().join(timeout)


def build_wsgi(settings: Settings, *, process_before_response: bool = True, inline: bool = False) -> WSGIApp:
    """The production WSGI app: one engine per worker, shared by the app, the audit writer and /healthz.

    `inline` runs the after-ack work in the request thread instead of the pool (bench/profile_request.py)."""
    from bot.app import create_app
    from bot.deferred import Deferred
    from bot.storage import audit
    from bot.storage.db import make_engine, ping

    # The ack threads share the GIL with the after-ack pool and the audit writer (SWITCH_INTERVAL: measured).
    sys.setswitchinterval(SWITCH_INTERVAL)
    engine = make_engine(settings.database_url)
    writer = audit.start_writer(engine, linger=AUDIT_LINGER)
    deferred = Deferred() if inline else Deferred(AFTER_ACK_WORKERS, backlog=AFTER_ACK_BACKLOG,
                                                  wait_seconds=AFTER_ACK_WAIT)
    app = create_app(settings, process_before_response=process_before_response, engine=engine, deferred=deferred)
    warm_up(settings, app=app, engine=engine)
    # Everything loaded so far (modules, the rules' packs and indexes, the app) lives as long as the
    # worker: moved out of the collector's generations, a full collection no longer walks it (measured
    # in-process: a gen-2 collection paused a request 58 ms; after the freeze the longest was 3-5 ms).
    gc.collect()
    gc.freeze()

    def drain() -> None:
        deferred.shutdown()  # after-ack work first: it writes audit rows
        writer.close()

    _on_exit.append(drain)
    from bot.storage.repository import health_counters

    return wsgi_app(app, signing_secret=settings.slack_signing_secret or "",
                    database_check=lambda: "ok" if ping(engine) else "unreachable",
                    counters=lambda: health_counters(engine=engine), deferred=deferred, audit_writer=writer)


def run_exit_hooks() -> None:
    while _on_exit:
        hook = _on_exit.pop()
        try:
            hook()
        except Exception:
            logger.exception("shutdown step failed")


def _worker_exit(server: Any, worker: Any) -> None:
    run_exit_hooks()


class Server(BaseApplication):  # type: ignore[misc]  # gunicorn has no type hints
    """gunicorn, configured in code (no gunicorn.conf.py to drift from the settings)."""

    def __init__(self, load: Callable[[], WSGIApp], options: dict[str, Any]) -> None:
        self._load = load
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> WSGIApp:
        return self._load()


def gunicorn_options(settings: Settings, *, host: str = "0.0.0.0") -> dict[str, Any]:
    return {
        "bind": f"{host}:{settings.port}",
        "workers": max(1, settings.web_concurrency),
        # Threads let one worker hold several Slack requests while a listener waits on the Web API.
        # gthread, WEB_CONCURRENCY=3 x WEB_THREADS=4 by measurement on 2 cores: docs/performance.md.
        "worker_class": "gthread",
        "threads": max(1, settings.web_threads),
        "timeout": 30,
        "graceful_timeout": 10,
        "loglevel": settings.log_level.lower(),
        "accesslog": None,
        "errorlog": "-",
        "proc_name": "llama-bot",
        "worker_exit": _worker_exit,
    }


def serve(settings: Settings, *, load: Callable[[], WSGIApp] | None = None,
          options: dict[str, Any] | None = None) -> None:
    Server(load or (lambda: build_wsgi(settings)), {**gunicorn_options(settings), **(options or {})}).run()
