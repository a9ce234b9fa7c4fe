"""create_app: the one factory for the Bolt app (tests, shell, serve and socket all use it)."""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from slack_bolt import App, BoltResponse
from slack_bolt.listener import Listener
from slack_bolt.listener.thread_runner import ThreadListenerRunner
from slack_bolt.middleware import Middleware
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient

from bot.deferred import Deferred
from bot.reply import Deps
from bot.respond import build_client, on_error
from bot.settings import Settings
from bot.verify import SignatureCheck

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

logger = logging.getLogger("herdbook")

# Slack retries a delivery for these reasons only when the first attempt never reached us.
_NEVER_ARRIVED = frozenset({"connection_failed", "ssl_error", "too_many_redirects"})


class _NotTokenSkipped(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


_NOT_TOKEN_SKIPPED = _NotTokenSkipped()


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


def retry_number(value: str | None) -> int | None:
    """X-Slack-Retry-Num as a number: 0 when absent, None when unreadable ("0,1" from a duplicated
    header, "abc"): a retry of unknown number, which the event-id claim alone decides."""
    if value is None or value == "":
        return 0
    value = value.strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 6 else None


class DedupeEvents(Middleware):  # type: ignore[misc]
    """Global middleware: ack and skip Events API deliveries already answered.

    A class middleware (Bolt calls `process` directly); anything that is not an event delivery
    (commands, actions, views) passes on at once, with no header or id lookups.
    """

    def __init__(self, claim_event: Callable[..., bool]) -> None:
        self.claim_event = claim_event

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse | None:
        body = req.body
        if body.get("type") != "event_callback":
            return next()
        retry_num = retry_number(_header(req, "x-slack-retry-num"))
        reason = _header(req, "x-slack-retry-reason") or ""
        event_id = body.get("event_id")
        first = self.claim_event(event_id, body.get("team_id")) if event_id else True
        # A retry whose first attempt reached us (timeout, error) was answered then, even if by
        # another process whose memory we cannot see; one that never arrived must be answered now.
        # A retry of unknown number is answered unless its event id was claimed already.
        if not first or (retry_num is not None and retry_num > 0 and reason not in _NEVER_ARRIVED):
            logger.info("skipping delivery of %s (retry %s, %s)", event_id, retry_num, reason or "-")
            return BoltResponse(status=200, body="")
        return next()


# Requests whose whole listener can run after an empty ack: nothing the listener returns can change
# what Slack shows (view submissions and option loads answer in the ack itself, so they stay in line).
_AFTER_ACK_TYPES = frozenset({"event_callback", "block_actions"})


class AfterAckRunner(ThreadListenerRunner):  # type: ignore[misc]
    """Bolt's runner with `process_before_response=True`, except that events and block actions are
    acked at once and their listener runs on the bounded `Deferred` pool. Bolt's lazy listeners
    only log failures; here a failure goes to the app's error handler (`on_error`, with no
    response), so the person still gets the apology.
    """

    def __init__(self, base: ThreadListenerRunner, deferred: Deferred) -> None:
        super().__init__(
            logger=base.logger, process_before_response=base.process_before_response,
            listener_error_handler=base.listener_error_handler, listener_start_handler=base.listener_start_handler,
            listener_completion_handler=base.listener_completion_handler,
            listener_executor=base.listener_executor, lazy_listener_runner=base.lazy_listener_runner,
        )
        self.deferred = deferred

    def run(self, request: BoltRequest, response: BoltResponse, listener_name: str, listener: Listener,
            starting_time: float | None = None) -> BoltResponse | None:
        if (self.deferred.inline or not self.process_before_response or request.lazy_only
                or listener.lazy_functions or request.body.get("type") not in _AFTER_ACK_TYPES):
            return super().run(request, response, listener_name, listener, starting_time)
        ack = request.context.ack
        ack()  # empty 200: a second ack() inside the listener only sets the same response again
        answered = ack.response

        def job() -> None:
            self.listener_start_handler.handle(request=request, response=response)
            try:
                listener.run_ack_function(request=request, response=response)
            finally:
                self.listener_completion_handler.handle(request=request, response=response)

        def failed(error: Exception) -> None:
            self.listener_error_handler.handle(error=error, request=request, response=None)

        self.deferred.run_or_inline(job, on_error=failed)
        return answered


def create_app(settings: Settings, client: WebClient | None = None, *, process_before_response: bool = True,
               deferred: Deferred | None = None, engine: Engine | None = None,
               claim_event: Callable[..., bool] | None = None) -> App:
    """The Bolt app with every listener registered.

    `client` defaults to a WebClient on `settings.slack_api_url` with retries; `engine` to one on
    `settings.database_url`. `deferred` runs the work after the ack: inline by default (everything
    is done when `dispatch` returns); `serve` passes a pool. `claim_event` replaces the database's
    duplicate-event check (ProcessedEvent rows). Listeners and handlers get all of it as one `Deps`.
    """
    if client is None:
        client = build_client(settings)
    deferred = deferred or Deferred()
    # Bolt also reads SLACK_BOT_TOKEN itself and warns that the client's token wins; it does, by design.
    logging.getLogger("herdbook.bolt").addFilter(_NOT_TOKEN_SKIPPED)
    app = App(
        signing_secret=settings.slack_signing_secret or "",
        client=client,
        process_before_response=process_before_response,
        # No auth.test at start-up: Slack may be unreachable (tests, shell); Bolt asks lazily.
        token_verification_enabled=False,
        # Bolt's own check raises on a timestamp that is not an integer (and the error handler then
        # answered the unverified body) and logs rejected bodies at INFO: bot/verify.py replaces it,
        # in the same place of the middleware chain, and answers Slack's ssl_check after the signature.
        request_verification_enabled=False,
        ssl_check_enabled=False,
        before_authorize=SignatureCheck(settings.slack_signing_secret or ""),
        ignoring_self_events_enabled=True,
        # Slack sends a function token only to apps that define custom workflow steps; the manifest
        # defines none, so Bolt's per-request AttachingFunctionToken would never find one.
        attaching_function_token_enabled=False,
        logger=logging.getLogger("herdbook.bolt"),
        name="herdbook",
        # Socket Mode (process_before_response=False) runs listeners on these threads after the ack.
        listener_executor=ThreadPoolExecutor(max_workers=16, thread_name_prefix="listener"),
    )
    app._listener_runner = AfterAckRunner(app.listener_runner, deferred)
    if engine is None:
        from bot.storage.db import make_engine

        engine = make_engine(settings.database_url)
    deps = Deps(settings=settings, engine=engine, deferred=deferred, client=client)
    if claim_event is None:  # event ids are claimed in the database, so every web process sees them
        from bot.services.audit import event_claimer

        claim_event = event_claimer(engine, fallback=RecentEvents())
    app.use(DedupeEvents(claim_event))
    app.error(on_error)

    from bot.listeners import register_listeners

    register_listeners(app, deps)
    return app
