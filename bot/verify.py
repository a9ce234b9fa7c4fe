"""Slack request signatures, checked so that nothing about an unverified request can raise or leak.

slack_sdk's `SignatureVerifier.is_valid` runs `int(timestamp)` on the header as sent: `abc`, an empty
value or `1.7e9` raise ValueError and 400 digits raise OverflowError. Inside Bolt that exception went
to the app's error handler, which then answered into the channel named in the unverified body.
Here a timestamp is 1 to 12 ASCII digits or the request is simply not verified; the check never
raises, and a rejected request is logged at DEBUG without its body (Bolt logs the full body at INFO).

`signature_ok` is used twice: by the WSGI front (bot/web.py) before the body is parsed at all, and
by `SignatureCheck`, the Bolt middleware that replaces Bolt's own, so `app.dispatch` (tests, any
other adapter) is held to the same rule. A request that passed is marked in its context
(`VERIFIED`); the error handler answers nobody for a request without that mark.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from slack_bolt.middleware import Middleware
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

logger = logging.getLogger("herdbook.verify")

VERIFIED = "herdbook_verified"
MAX_AGE_SECONDS = 5 * 60  # Slack's documented replay window
_MAX_TS_DIGITS = 12


def _first(headers: Mapping[str, Any], name: str) -> str:
    value = headers.get(name)
    if isinstance(value, str):
        return value
    if isinstance(value, Sequence) and value:
        return str(value[0])
    return ""


def signature_ok(secret: str, body: bytes | str, timestamp: str, signature: str, *, now: float | None = None) -> bool:
    """True only for a v0 signature of `body` by `secret`, at most five minutes old. Never raises."""
    if not secret or not timestamp or not signature:
        return False
    if len(timestamp) > _MAX_TS_DIGITS or not (timestamp.isascii() and timestamp.isdigit()):
        return False
    if abs((time.time() if now is None else now) - int(timestamp)) > MAX_AGE_SECONDS:
        return False
    raw = body.encode("utf-8") if isinstance(body, str) else body
    digest = hmac.new(secret.encode("utf-8"), b"v0:" + timestamp.encode("ascii") + b":" + raw, hashlib.sha256)
    expected = "v0=" + digest.hexdigest()
    try:
        return hmac.compare_digest(expected, signature)
    except TypeError:  # a non-ASCII signature header: not ours
        return False


def headers_ok(secret: str, body: bytes | str, headers: Mapping[str, Any]) -> bool:
    return signature_ok(secret, body, _first(headers, "x-slack-request-timestamp"),
                        _first(headers, "x-slack-signature"))


def rejected() -> BoltResponse:
    return BoltResponse(status=401, body='{"error": "invalid request"}', headers={"content-type": "application/json"})


def is_verified(request: BoltRequest | None) -> bool:
    return request is not None and bool(request.context.get(VERIFIED))


class SignatureCheck(Middleware):  # type: ignore[misc]  # Bolt's base class is untyped here
    """Bolt middleware in place of Bolt's RequestVerification (passed as `before_authorize`).

    Socket Mode requests arrive over an authenticated websocket and carry no signature: verified.
    """

    def __init__(self, secret: str) -> None:
        self._secret = secret

    def process(self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse:
        # Checked already by the WSGI front (bot/web.py marks the context), or here.
        if req.context.get(VERIFIED) or req.mode == "socket_mode" or headers_ok(self._secret, req.raw_body,
                                                                                   req.headers):
            req.context[VERIFIED] = True
            if req.body.get("ssl_check") == "1":  # Slack's certificate probe (Bolt's SslCheck, after the signature)
                return BoltResponse(status=200, body="")
            return next()
        logger.debug("rejected a request without a valid signature (%d bytes)", len(req.raw_body or ""))
        return rejected()
