"""The WebClient the jobs send with.

Decision: no rate-limit retry handler. Bolt's client (bot/app.py) may sleep on a 429's Retry-After
because a user is waiting for that one answer; a clock tick must not, or one slow workspace holds up
every other workspace's messages and the tick overruns the next one. A 429, a 5xx or a network error
instead leaves the outbox row `failed` with `next_attempt_at` pushed back (by Retry-After when Slack
gives one), and a later tick sends it. The only in-call retry is one immediate retry of a dropped
connection, which costs no sleep.
"""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import ConnectionErrorRetryHandler

from bot.settings import Settings

# Seconds one Slack call may take before the tick gives up on it and retries on a later tick.
CALL_TIMEOUT = 15


def make_jobs_client(settings: Settings) -> WebClient:
    return WebClient(
        token=settings.slack_bot_token,
        base_url=settings.slack_api_url,
        timeout=CALL_TIMEOUT,
        retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=1)],
    )
