"""How the app answers Slack besides a listener's own reply: the Web API and response_url clients (with
retries), an ephemeral ack body, and the one error handler that apologises where the person asked."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltResponse
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.webhook import WebhookClient

from bot.i18n import t
from bot.settings import Settings
from bot.verify import is_verified, rejected
from rules import i18n as rules_i18n

logger = logging.getLogger("herdbook")

BUSY = t("app.busy", "en")
SORRY = t("app.sorry", "en")


def apology(kind: str, text: object = None) -> str:
    """The `kind` ("sorry", "busy") answer: in Korean when the request was written in Korean. This path
    looks nothing up (it runs when something failed, or when the bot is overloaded)."""
    lang = rules_i18n.choose(None, text, env={}) if isinstance(text, str) else "en"
    return t(f"app.{kind}", lang)


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


def _acked(request: BoltRequest | None) -> bool:
    ack = request.context.ack if request is not None else None
    return ack is None or ack.response is not None


def _polite_reply(body: dict[str, Any], request: BoltRequest | None) -> BoltResponse:
    """Tell the person something went wrong, where they asked; the HTTP answer to Slack is always 200."""
    if body.get("command"):
        if not _acked(request):  # the apology can still travel in the ack itself
            return BoltResponse(status=200, body=ack_body(apology("sorry", body.get("text"))), headers={"content-type": "application/json"})
        if body.get("response_url"):
            webhook(body["response_url"]).send(text=apology("sorry", body.get("text")), response_type="ephemeral")
        return BoltResponse(status=200, body="")
    event = body.get("event") or {}
    client = request.context.client if request is not None else None
    if client is not None and event.get("type") in ("app_mention", "message") and event.get("channel"):
        thread = event.get("thread_ts") or (event.get("ts") if event.get("type") == "app_mention" else None)
        client.chat_postMessage(channel=event["channel"], thread_ts=thread,
                                text=apology("sorry", event.get("text")))
    return BoltResponse(status=200, body="")


def on_error(error: Exception, body: dict[str, Any], request: BoltRequest,
             response: BoltResponse | None) -> BoltResponse | None:
    """The one error handler: log with the traceback, apologise, and never hand Slack a 500.

    `response` is None when the HTTP answer has already left (acked, then the listener failed in
    the background); then only the apology is sent and there is nothing to return.

    A request whose signature was not verified is answered 401 and nothing else: its body (channel,
    thread, response_url) is the sender's choice, so nobody is apologised to, and it is not logged.
    """
    if not is_verified(request):
        logger.warning("error on a request whose signature was not verified (%s): answered 401",
                       type(error).__name__)
        return rejected() if response is not None else None
    logger.exception("error while handling a Slack request: %s", error)
    try:
        polite = _polite_reply(body or {}, request)
    except Exception:  # the apology itself failed (Slack down?): already logged above
        logger.exception("could not send the apology")
        polite = BoltResponse(status=200, body="")
    return polite if response is not None else None


def after_ack_error(body: dict[str, Any], request: BoltRequest) -> Callable[[Exception], None]:
    """The error callback for work run after the ack: the app's error handler, with no response."""

    def failed(error: Exception) -> None:
        on_error(error, body, request, None)

    return failed


def ack_body(text: str) -> str:
    """An ephemeral message as the HTTP body of an ack (used where no response_url exists)."""
    return json.dumps({"response_type": "ephemeral", "text": text})
