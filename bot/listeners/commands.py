"""`/llama-check`: every answer is ephemeral, visible only to the person who asked.

Rules answers (help, name, use, mau, questions) take a few milliseconds and touch no network, so
the answer travels in the ack itself: one round trip, shown at once, no response_url to fail.
Workspace answers (register, report, status, alerts) read the database and Slack, so they ack
empty first and answer through the response_url, on the app's `Deferred` (a bounded pool under
`serve`, so the ack leaves at once; inline elsewhere). However long they take, Slack's 3-second
limit holds. If they fail, the error handler apologises through the response_url and Slack still
got its 200; if the pool is full, the ack itself says so and nothing is done.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_bolt.request import BoltRequest
from slack_sdk import WebClient

from bot.answers import answer
from bot.grammar import STORAGE_WORDS, parse_command
from bot.reply import Asked, Deps, Reply
from bot.respond import after_ack_error, apology, webhook
from bot.tenant import tenant_key

COMMAND = "/llama-check"


def register(app: App, deps: Deps) -> None:
    deferred = deps.deferred

    def llama_check(ack: Ack, body: dict[str, Any], client: WebClient, request: BoltRequest) -> None:
        asked = Asked(
            text=body.get("text") or "",
            surface="command",
            now=deps.now(),
            user_id=body.get("user_id"),
            team_id=tenant_key(body),
            channel_id=body.get("channel_id"),
            trigger_id=body.get("trigger_id"),
            client=client,
        )
        command = parse_command(asked.text)
        # Help about a workspace word ("report Chat" without a quantity) takes the workspace path too,
        # so each subcommand always answers the same way.
        about_workspace = command.word in STORAGE_WORDS or (
            command.word == "help" and command.args.get("topic") in STORAGE_WORDS)

        if not about_workspace:
            def in_the_ack(reply: Reply) -> None:
                ack(response_type="ephemeral", text=reply.text, blocks=reply.blocks)

            answer(asked, deps=deps, command=command, deliver=in_the_ack)
            return

        slot = deferred.reserve()
        if slot is None:  # overloaded: say so now rather than queue without limit
            ack(response_type="ephemeral", text=apology("busy", asked.text))
            return
        ack()

        def via_response_url(reply: Reply) -> None:
            if reply.silent:  # answered another way (a modal was opened)
                return
            sent = webhook(body["response_url"]).send(text=reply.text, blocks=reply.blocks, response_type="ephemeral")
            if sent.status_code != 200:
                # Retries are spent; raising hands it to the error handler, which logs and apologises.
                raise RuntimeError(f"response_url answered {sent.status_code}: {sent.body[:200]}")

        slot.run(lambda: answer(asked, deps=deps, command=command, deliver=via_response_url),
                 on_error=after_ack_error(body, request))

    app.command(COMMAND)(llama_check)
