"""Real Slack request bodies and signatures, built the way Slack builds them.

The shell turns typed lines into these, the tests and the benchmark send them over HTTP or through
`app.dispatch`. The signature is Slack's v0 HMAC-SHA256 over "v0:{timestamp}:{body}", computed with
slack_sdk's SignatureVerifier, so the app's own verification is exercised, not bypassed.
"""

from __future__ import annotations

import io
import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

from slack_bolt.request import BoltRequest
from slack_sdk.signature import SignatureVerifier

_counter = itertools.count(1)


def signed_headers(secret: str, body: str, *, timestamp: int | None = None, content_type: str | None = None,
                   retry_num: int | None = None, retry_reason: str | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    headers = {
        "content-type": content_type or ("application/json" if body.startswith("{")
                                         else "application/x-www-form-urlencoded"),
        "x-slack-request-timestamp": ts,
        "x-slack-signature": SignatureVerifier(secret).generate_signature(timestamp=ts, body=body),
    }
    if retry_num is not None:
        headers["x-slack-retry-num"] = str(retry_num)
        headers["x-slack-retry-reason"] = retry_reason or "http_timeout"
    return headers


def slash_command(text: str, *, response_url: str, command: str = "/llama-check", user_id: str = "U0ASKER",
                  user_name: str = "asker", team_id: str = "T0FAKE", channel_id: str = "C0GENERAL") -> str:
    n = next(_counter)
    return urlencode({
        "token": "legacy-verification-token-unused",
        "team_id": team_id,
        "team_domain": "fake",
        "channel_id": channel_id,
        "channel_name": "general",
        "user_id": user_id,
        "user_name": user_name,
        "command": command,
        "text": text,
        "api_app_id": "A0HERDBOOK",
        "response_url": response_url,
        "trigger_id": f"{n}.{n}.trigger",
    })


def event_callback(event: dict[str, Any], *, team_id: str = "T0FAKE", event_id: str | None = None) -> str:
    n = next(_counter)
    return json.dumps({
        "token": "legacy-verification-token-unused",
        "team_id": team_id,
        "api_app_id": "A0HERDBOOK",
        "event": event,
        "type": "event_callback",
        "event_id": event_id or f"Ev{n:010d}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": team_id, "user_id": "UBOT", "is_bot": True}],
    })


def _ts() -> str:
    return f"{int(time.time())}.{next(_counter):06d}"


def mention_event(text: str, *, bot_user_id: str = "UBOT", user: str = "U0ASKER", channel: str = "C0GENERAL",
                  thread_ts: str | None = None, ts: str | None = None) -> dict[str, Any]:
    event = {"type": "app_mention", "user": user, "text": f"<@{bot_user_id}> {text}", "ts": ts or _ts(),
             "channel": channel, "event_ts": ts or _ts()}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def dm_event(text: str, *, user: str = "U0ASKER", channel: str = "D0ASKER", ts: str | None = None,
             **extra: Any) -> dict[str, Any]:
    """A `message.im` event; pass subtype=..., bot_id=... to build the ones the bot must ignore."""
    event = {"type": "message", "channel_type": "im", "user": user, "text": text, "ts": ts or _ts(),
             "channel": channel, "event_ts": ts or _ts()}
    event.update(extra)
    return event


def home_opened_event(*, user: str = "U0ASKER") -> dict[str, Any]:
    return {"type": "app_home_opened", "user": user, "channel": "D0ASKER", "tab": "home", "event_ts": _ts()}


def signed_environ(secret: str, body: str, *, path: str = "/slack/events") -> dict[str, Any]:
    """The WSGI environ a server hands the app for a signed POST of `body` (for calling the WSGI app in-process)."""
    raw = body.encode()
    environ: dict[str, Any] = {"PATH_INFO": path, "REQUEST_METHOD": "POST", "QUERY_STRING": "",
                               "SERVER_PROTOCOL": "HTTP/1.1", "CONTENT_LENGTH": str(len(raw)),
                               "wsgi.input": io.BytesIO(raw)}
    for key, value in signed_headers(secret, body).items():
        name = key.upper().replace("-", "_")
        environ[name if name in ("CONTENT_TYPE", "CONTENT_LENGTH") else f"HTTP_{name}"] = value
    return environ


def bolt_request(secret: str, body: str, **header_kw: Any) -> BoltRequest:
    return BoltRequest(body=body, headers=signed_headers(secret, body, **header_kw))
