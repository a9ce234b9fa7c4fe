"""Mentions (answered in the thread) and direct messages (answered in the DM).

Only messages people type are answered: bots (this one included), edits, deletions and joins
arrive as message events too and are acknowledged without a reply.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.answers import answer
from bot.grammar import strip_mentions
from bot.reply import Asked, Deps, Reply
from bot.tenant import tenant_key


def _from_a_person(event: dict[str, Any], context: BoltContext) -> bool:
    if event.get("subtype") or event.get("bot_id") or event.get("bot_profile"):
        return False
    user = event.get("user")
    return bool(user) and user != context.bot_user_id


def _post(client: WebClient, *, channel: str, thread_ts: str | None, reply: Reply) -> None:
    if reply.silent:
        return
    client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=reply.text, blocks=reply.blocks)


def _asked(event: dict[str, Any], body: dict[str, Any], context: BoltContext, client: WebClient,
           surface: str, now: datetime) -> Asked:
    return Asked(
        text=strip_mentions(event.get("text") or "", context.bot_user_id),
        surface=surface,
        now=now,
        user_id=event.get("user"),
        team_id=tenant_key(body),
        channel_id=event.get("channel"),
        client=client,
    )


def register_fallback(app: App) -> None:
    """Any other event (Slack sends some unasked, e.g. tokens_revoked): 200 and nothing else.

    Without it Bolt answers 404 and Slack retries the delivery for an hour.
    """

    @app.event(re.compile(r".*"))
    def acknowledge_only() -> None:
        return None


def register(app: App, deps: Deps) -> None:
    @app.event("app_mention")
    def mention(event: dict[str, Any], body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        if not _from_a_person(event, context):
            return
        reply = answer(_asked(event, body, context, client, "mention", deps.now()), deps=deps)
        # In the thread of the mention (or the thread it was made in), never in the channel itself.
        _post(client, channel=event["channel"], thread_ts=event.get("thread_ts") or event["ts"], reply=reply)

    @app.event("message")
    def message(event: dict[str, Any], body: dict[str, Any], context: BoltContext, client: WebClient) -> None:
        # Channel messages are not subscribed; if one arrives, the mention listener covers it.
        if event.get("channel_type") != "im" or not _from_a_person(event, context):
            return
        reply = answer(_asked(event, body, context, client, "dm", deps.now()), deps=deps)
        _post(client, channel=event["channel"], thread_ts=event.get("thread_ts"), reply=reply)
