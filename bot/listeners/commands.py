"""`/llama-check`: ack at once, then answer ephemerally through the command's response_url."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.answers import answer
from bot.app import webhook
from bot.reply import Asked, Deps

COMMAND = "/llama-check"


def register(app: App, deps: Deps) -> None:
    @app.command(COMMAND)
    def llama_check(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        # Ack first and empty: under `serve` the HTTP response leaves now and the answer follows
        # through the response_url, so a slow answer never breaks Slack's 3-second limit.
        ack()
        asked = Asked(
            text=body.get("text") or "",
            surface="command",
            now=datetime.now(UTC),
            user_id=body.get("user_id"),
            team_id=body.get("team_id"),
            channel_id=body.get("channel_id"),
            trigger_id=body.get("trigger_id"),
            client=client,
        )
        reply = answer(asked, deps=deps)
        if reply.silent:
            return
        sent = webhook(body["response_url"]).send(
            text=reply.text, blocks=reply.blocks, response_type="ephemeral")
        if sent.status_code != 200:
            # Retries are spent; raising hands it to the error handler, which logs and apologises.
            raise RuntimeError(f"response_url answered {sent.status_code}: {sent.body[:200]}")
