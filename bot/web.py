"""HTTP mode: Bolt's WSGI adapter under gunicorn. POST /slack/events, GET /healthz.

`llama-bot serve` runs `serve(settings)`. Each gunicorn worker builds its own App in `load()`
(after the fork), so no HTTP connection pool, thread pool or database engine is shared between
processes.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from gunicorn.app.base import BaseApplication
from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.settings import Settings

logger = logging.getLogger("herdbook.web")

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
# Returns "ok" or raises; storage replaces the default with a real `SELECT 1` through its engine.
DatabaseCheck = Callable[[], str]


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


def wsgi_app(app: App, *, database_check: DatabaseCheck = no_database_check,
             counters: Callable[[], dict[str, int]] | None = None) -> WSGIApp:
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            return _json(start_response, *health(database_check, counters))
        try:
            return slack(environ, start_response)
        except ValueError:
            # Bolt parses the body before it checks the signature: a body that is not JSON or a
            # form (never one from Slack) would otherwise be a 500 with a traceback in the log.
            logger.warning("unreadable request body on %s", environ.get("PATH_INFO"))
            return _json(start_response, 400, {"ok": False, "error": "the request body could not be read"})

    return application


_REASONS = {200: "OK", 400: "Bad Request", 503: "Service Unavailable"}


def _json(start_response: Callable[..., Any], status: int, payload: dict[str, Any]) -> list[bytes]:
    data = json.dumps(payload).encode()
    start_response(f"{status} {_REASONS.get(status, '')}".strip(),
                   [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def build_wsgi(settings: Settings, *, process_before_response: bool = False) -> WSGIApp:
    """The production WSGI app: one engine per worker, shared by the app and the /healthz ping."""
    from bot.app import create_app
    from bot.storage.db import make_engine, ping

    engine = make_engine(settings.database_url)
    app = create_app(settings, process_before_response=process_before_response, engine=engine)
    from bot.storage.repository import health_counters

    return wsgi_app(app, database_check=lambda: "ok" if ping(engine) else "unreachable",
                    counters=lambda: health_counters(engine=engine))


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
        "worker_class": "gthread",
        "threads": 8,
        "timeout": 30,
        "graceful_timeout": 10,
        "loglevel": settings.log_level.lower(),
        "accesslog": None,
        "errorlog": "-",
        "proc_name": "llama-bot",
    }


def serve(settings: Settings, *, load: Callable[[], WSGIApp] | None = None,
          options: dict[str, Any] | None = None) -> None:
    Server(load or (lambda: build_wsgi(settings)), {**gunicorn_options(settings), **(options or {})}).run()
