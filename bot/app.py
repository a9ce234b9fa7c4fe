"""create_app: the one factory for the Bolt app (tests, shell, serve and socket all use it)."""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltResponse
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.webhook import WebhookClient

from bot.settings import Settings

logger = logging.getLogger("herdbook")

SORRY = ("Sorry, something went wrong on my side while answering that. It has been logged; "
         "please try again in a minute, or send `help`.")
# Slack retries a delivery for these reasons only when the first attempt never reached us.
_NEVER_ARRIVED = frozenset({"connection_failed", "ssl_error", "too_many_redirects"})


class _NotTokenSkipped(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


_NOT_TOKEN_SKIPPED = _NotTokenSkipped()


def retry_handlers() -> list[RetryHandler]:
    """Connection errors, 429 (honouring Retry-After) and 5xx: each retried a couple of times."""
    return [
        ConnectionErrorRetryHandler(max_retry_count=2),
        RateLimitErrorRetryHandler(max_retry_count=2),
        ServerErrorRetryHandler(max_retry_count=2),
    ]


def build_client(settings: Settings, *, token: str | None = None) -> WebClient:
    return WebClient(token=token or settings.slack_bot_token, base_url=settings.slack_api_url,
                     retry_handlers=retry_handlers())


def webhook(url: str) -> WebhookClient:
    """A response_url client with the same retries as the Web API client (Bolt's `respond` has none)."""
    return WebhookClient(url, retry_handlers=retry_handlers())


class RecentEvents:
    """Event ids seen by this process (bounded), so a retried delivery is not answered twice.

    A default for `claim_event`: storage replaces it with a ProcessedEvent insert, which also
    covers several web processes.
    """

    def __init__(self, size: int = 5000) -> None:
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def __call__(self, event_id: str, team_id: str | None = None) -> bool:
        """True the first time `event_id` is seen (the caller may process it), False afterwards."""
        with self._lock:
            if event_id in self._seen:
                return False
            self._seen[event_id] = None
            if len(self._seen) > self._size:
                self._seen.popitem(last=False)
            return True


def _header(req: BoltRequest, name: str) -> str | None:
    values = req.headers.get(name) or []
    return values[0] if values else None


def dedupe_events(claim_event: Callable[..., bool]) -> Callable[..., Any]:
    """Global middleware: ack and skip Events API deliveries already answered."""

    # Bolt injects arguments by name, so the parameter must be called `next`.
    def middleware(req: BoltRequest, body: dict[str, Any], next: Callable[[], None]) -> BoltResponse | None:
        if body.get("type") != "event_callback":
            return next()
        retry_num = int(_header(req, "x-slack-retry-num") or 0)
        reason = _header(req, "x-slack-retry-reason") or ""
        event_id = body.get("event_id")
        first = claim_event(event_id, body.get("team_id")) if event_id else True
        # A retry whose first attempt reached us (timeout, error) was answered then, even if by
        # another process whose memory we cannot see; one that never arrived must be answered now.
        if not first or (retry_num > 0 and reason not in _NEVER_ARRIVED):
            logger.info("skipping delivery of %s (retry %s, %s)", event_id, retry_num, reason or "-")
            return BoltResponse(status=200, body="")
        return next()

    return middleware


def _acked(request: BoltRequest | None) -> bool:
    ack = request.context.ack if request is not None else None
    return ack is None or ack.response is not None


def _polite_reply(body: dict[str, Any], request: BoltRequest | None) -> BoltResponse:
    """Tell the person something went wrong, where they asked; the HTTP answer to Slack is always 200."""
    if body.get("command"):
        if not _acked(request):  # the apology can still travel in the ack itself
            return BoltResponse(status=200, body=ack_body(SORRY), headers={"content-type": "application/json"})
        if body.get("response_url"):
            webhook(body["response_url"]).send(text=SORRY, response_type="ephemeral")
        return BoltResponse(status=200, body="")
    event = body.get("event") or {}
    client = request.context.client if request is not None else None
    if client is not None and event.get("type") in ("app_mention", "message") and event.get("channel"):
        thread = event.get("thread_ts") or (event.get("ts") if event.get("type") == "app_mention" else None)
        client.chat_postMessage(channel=event["channel"], thread_ts=thread, text=SORRY)
    return BoltResponse(status=200, body="")


def on_error(error: Exception, body: dict[str, Any], request: BoltRequest,
             response: BoltResponse | None) -> BoltResponse | None:
    """The one error handler: log with the traceback, apologise, and never hand Slack a 500.

    `response` is None when the HTTP answer has already left (acked, then the listener failed in
    the background); then only the apology is sent and there is nothing to return.
    """
    logger.exception("error while handling a Slack request: %s", error)
    try:
        polite = _polite_reply(body or {}, request)
    except Exception:  # the apology itself failed (Slack down?): already logged above
        logger.exception("could not send the apology")
        polite = BoltResponse(status=200, body="")
    return polite if response is not None else None


def create_app(settings: Settings, client: WebClient | None = None, *, process_before_response: bool = True,
               **deps: Any) -> App:
    """The Bolt app with every listener registered.

    `client` defaults to a WebClient on `settings.slack_api_url` with retries. `deps` are handed to
    listeners and handlers (with "settings" added): storage passes "engine"; "claim_event" may
    replace the in-memory duplicate-event check.
    """
    if client is None:
        client = build_client(settings)
    # Bolt also reads SLACK_BOT_TOKEN itself and warns that the client's token wins; it does, by design.
    logging.getLogger("herdbook.bolt").addFilter(_NOT_TOKEN_SKIPPED)
    app = App(
        signing_secret=settings.slack_signing_secret or "",
        client=client,
        process_before_response=process_before_response,
        # No auth.test at start-up: Slack may be unreachable (tests, shell); Bolt asks lazily.
        token_verification_enabled=False,
        ignoring_self_events_enabled=True,
        logger=logging.getLogger("herdbook.bolt"),
        name="herdbook",
        # Listeners keep running after their ack (audit row, Web API calls); Bolt's default of 5
        # threads would make new requests queue behind them and delay their acks.
        listener_executor=ThreadPoolExecutor(max_workers=16, thread_name_prefix="listener"),
    )
    deps = {"settings": settings, **deps}
    if deps.get("engine") is None:
        from bot.storage.db import make_engine

        deps["engine"] = make_engine(settings.database_url)
    # Event ids are claimed in the database (ProcessedEvent), so every web process sees them.
    from bot.workspace import event_claimer

    deps.setdefault("claim_event", event_claimer(deps["engine"], fallback=RecentEvents()))
    app.use(dedupe_events(deps["claim_event"]))
    app.error(on_error)

    from bot.listeners import register_listeners

    register_listeners(app, deps)
    return app


def ack_body(text: str) -> str:
    """An ephemeral message as the HTTP body of an ack (used where no response_url exists)."""
    return json.dumps({"response_type": "ephemeral", "text": text})
