"""How the app answers Slack besides a listener's own reply: the Web API and response_url clients (with
retries), an ephemeral ack body, and the one error handler that apologises where the person asked."""

from __future__ import annotations

import http.client
import io
import json
import logging
import ssl
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request

from slack_bolt import BoltResponse
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.webhook import WebhookClient, WebhookResponse

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


class ConnectionPool:
    """Idle HTTP/1.1 connections kept per (scheme, host, port), so that answers to the same host
    (hooks.slack.com in production) reuse one TCP connection and TLS session instead of a new
    handshake each. Bounded: at most `per_host` idle connections per host and `hosts` hosts (the
    least recently used host's connections are closed). Thread-safe; a connection is used by one
    thread at a time (taken out while in use, put back after its response was read in full).
    """

    def __init__(self, *, per_host: int = 8, hosts: int = 16) -> None:
        self._idle: OrderedDict[tuple[str, str, int], list[http.client.HTTPConnection]] = OrderedDict()
        self._lock = threading.Lock()
        self._per_host = per_host
        self._hosts = hosts
        self._tls: ssl.SSLContext | None = None

    def take(self, key: tuple[str, str, int], timeout: float,
             context: ssl.SSLContext | None) -> tuple[http.client.HTTPConnection, bool]:
        """An idle connection to `key` (and True), or a new unconnected one (and False)."""
        with self._lock:
            idle = self._idle.get(key)
            if idle:
                self._idle.move_to_end(key)
                return idle.pop(), True
            if key[0] == "https" and context is None:
                context = self._tls = self._tls or ssl.create_default_context()
        scheme, host, port = key
        if scheme == "https":
            return http.client.HTTPSConnection(host, port, timeout=timeout, context=context), False
        return http.client.HTTPConnection(host, port, timeout=timeout), False

    def give_back(self, key: tuple[str, str, int], conn: http.client.HTTPConnection) -> None:
        closing: list[http.client.HTTPConnection] = []
        with self._lock:
            idle = self._idle.setdefault(key, [])
            self._idle.move_to_end(key)
            if len(idle) < self._per_host:
                idle.append(conn)
            else:
                closing.append(conn)
            while len(self._idle) > self._hosts:
                closing.extend(self._idle.popitem(last=False)[1])
        for extra in closing:
            extra.close()

    def clear(self) -> None:
        with self._lock:
            conns = [c for idle in self._idle.values() for c in idle]
            self._idle.clear()
        for conn in conns:
            conn.close()


POOL = ConnectionPool()

# What a server does to a kept-alive connection it has closed while idle: the request never reached
# it, so it is sent again once on a new connection (what urllib3 does for a reused connection).
_STALE = (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError)


class PooledWebhookClient(WebhookClient):  # type: ignore[misc]
    """slack_sdk's WebhookClient (same body, headers, retry loop and handlers, same WebhookResponse)
    whose POST goes over a kept-alive connection from `POOL` instead of a new urllib connection.

    What urllib does is kept: a connection or send failure raises `URLError` (so the connection
    retry handler retries it), a status outside 2xx raises `HTTPError` with its headers and body
    (so 429 and 5xx are retried, and the final one is returned to the caller). Behind a proxy
    (`HTTPS_PROXY` and friends) it is slack_sdk's own urllib path.
    """

    def _perform_http_request_internal(self, url: str, req: Request) -> WebhookResponse:
        if self.proxy is not None:
            return super()._perform_http_request_internal(url, req)
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https") or not parts.hostname:
            return super()._perform_http_request_internal(url, req)  # raises slack_sdk's own error
        key = (scheme, parts.hostname, parts.port or (443 if scheme == "https" else 80))
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = dict(req.header_items())
        data = req.data if isinstance(req.data, bytes) else b""
        while True:
            conn, reused = POOL.take(key, self.timeout, self.ssl)
            try:
                try:
                    conn.request("POST", path, body=data, headers=headers)
                except OSError as error:
                    conn.close()
                    if reused and isinstance(error, _STALE):
                        continue
                    raise URLError(error) from error
                try:
                    http_resp = conn.getresponse()
                    raw = http_resp.read()
                except _STALE:
                    conn.close()
                    if reused:
                        continue
                    raise
            except BaseException:
                conn.close()
                raise
            break
        if http_resp.will_close:
            conn.close()
        else:
            POOL.give_back(key, conn)
        if not 200 <= http_resp.status < 300:
            raise HTTPError(url, http_resp.status, http_resp.reason, http_resp.msg, io.BytesIO(raw))
        charset = http_resp.msg.get_content_charset() or "utf-8"
        return WebhookResponse(url=url, status_code=http_resp.status, body=raw.decode(charset),
                               headers=http_resp.msg)


def webhook(url: str) -> WebhookClient:
    """A response_url client with the same retries as the Web API client (Bolt's `respond` has none),
    over kept-alive connections (`POOL`)."""
    return PooledWebhookClient(url, retry_handlers=retry_handlers())


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
