"""The "Show all reasons" button of a long answer: the same question answered again, every reason shown,
in place of the folded message (through the action's response_url, which works for ephemeral answers too)."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.answers import SHOW_ALL_SURFACE, answer_in_full
from bot.blocks.verdict import SHOW_ALL_ACTION
from bot.reply import Asked, Deps
from bot.tenant import tenant_key


def register(app: App, deps: Deps) -> None:
    @app.action(SHOW_ALL_ACTION)
    def show_all_reasons(ack: Ack, body: dict[str, Any], action: dict[str, Any], respond: Respond,
                         client: WebClient) -> None:
        ack()
        try:
            question = str(json.loads(action.get("value") or "{}").get("q") or "")
        except (ValueError, AttributeError):
            question = ""
        asked = Asked(
            text=question,
            surface=SHOW_ALL_SURFACE,
            now=deps.now(),
            user_id=(body.get("user") or {}).get("id"),
            team_id=tenant_key(body),
            channel_id=(body.get("channel") or {}).get("id"),
            client=client,
        )
        reply = answer_in_full(asked, deps=deps)
        respond(text=reply.text, blocks=reply.blocks, replace_original=True)
