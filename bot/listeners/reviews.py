"""The OSPO review queue in Slack: the subcommands, the Ask button, the decision buttons and modal.

Thin: read the payload, call bot.services.reviews, answer. Subcommands are handlers of
bot.answers (audited there); buttons and the modal write their own audit row here.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.blocks import reviews as ui
from bot.grammar import Command
from bot.i18n import answer_lang, t
from bot.reply import Asked, Deps, Reply
from bot.services import reviews as service
from bot.services.audit import audit
from bot.tenant import tenant_key

logger = logging.getLogger(__name__)


# -- subcommands (entries of bot.answers.HANDLERS) ------------------------------------------------


def _rdeps(asked: Asked, deps: Deps) -> service.ReviewDeps:
    return service.ReviewDeps.from_deps(deps, asked.client)


def reviews_reply(command: Command, asked: Asked, deps: Deps) -> Reply:
    return service.set_channel(_rdeps(asked, deps), team_id=asked.team_id or "", user_id=asked.user_id,
                               ref=command.args["channel"], now=asked.now, lang=asked.lang or "en")


def reviewers_reply(command: Command, asked: Asked, deps: Deps) -> Reply:
    return service.set_group(_rdeps(asked, deps), team_id=asked.team_id or "", user_id=asked.user_id,
                             ref=command.args["group"], now=asked.now, lang=asked.lang or "en")


def request_reply(command: Command, asked: Asked, deps: Deps) -> Reply:
    return service.create_request(deps=deps, asked=asked, question=command.args["text"])


def decide_reply(command: Command, asked: Asked, deps: Deps) -> Reply:
    a = command.args
    return service.decide(deps=deps, asked=asked, number=a["number"], outcome=a["outcome"], rationale=a["rationale"],
                          until_text=a["until"], expected_seq=None, replace_decision=a["replace"])


def requests_reply(command: Command, asked: Asked, deps: Deps) -> Reply:
    return service.list_for(deps=deps, asked=asked, which=command.args["which"])


HANDLERS = {"reviews": reviews_reply, "reviewers": reviewers_reply, "request": request_reply,
            "decide": decide_reply, "requests": requests_reply}


# -- buttons and the modal ---------------------------------------------------------------------


def _asked(body: dict[str, Any], client: WebClient, text: str, surface: str, deps: Deps) -> Asked:
    """What a click or a modal asked, in the clicker's language (their Slack locale, or the text's)."""
    user = body.get("user") or {}
    asked = Asked(text=text, surface=surface, now=deps.now(), user_id=user.get("id"),
                  team_id=tenant_key(body),
                  channel_id=(body.get("channel") or {}).get("id"), client=client)
    return replace(asked, lang=answer_lang(asked, deps))


def _audit(deps: Deps, asked: Asked, action: str, subject: str | None, reply: Reply) -> None:
    audit(deps=deps, asked=asked, action=action, subject=subject, reply=reply)


def _value(action: dict[str, Any]) -> dict[str, Any]:
    try:
        value = json.loads(action.get("value") or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def register(app: App, deps: Deps) -> None:
    @app.action(ui.ASK_ACTION)
    def ask_the_ospo(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                     respond: Respond) -> None:
        ack()
        question = str(_value(action).get("q") or "")
        asked = _asked(body, client, question, "button", deps)
        reply = service.create_request(deps=deps, asked=asked, question=question)
        _audit(deps, asked, "request", None, reply)
        respond(text=reply.text, blocks=reply.blocks, response_type="ephemeral", replace_original=False)

    @app.action(re.compile(r"^review_(approve|approve_until|deny|answer)$"))
    def open_decision(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                      respond: Respond) -> None:
        ack()
        outcome, with_until = ui.DECIDE_ACTIONS[action["action_id"]]
        target = _value(action)
        asked = _asked(body, client, f"{action['action_id']} {ui.rid(int(target.get('r') or 0))}", "button", deps)
        problem = service.check_decider(deps=deps, asked=asked, number=int(target.get("r") or 0),
                                        expected_seq=int(target.get("seq") or 0))
        if isinstance(problem, Reply):
            _audit(deps, asked, "decide", ui.rid(int(target.get("r") or 0)), problem)
            respond(text=problem.text, response_type="ephemeral", replace_original=False)
            return
        message = body.get("message") or {}
        view = ui.decide_modal(number=int(target["r"]), seq=int(target["seq"]), outcome=outcome,
                               with_until=with_until, question=problem,
                               channel=(body.get("channel") or {}).get("id"), ts=message.get("ts"),
                               lang=asked.lang or "en")
        client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.view(ui.MODAL_CALLBACK)
    def submit_decision(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        meta = json.loads(view.get("private_metadata") or "{}")
        values = (view.get("state") or {}).get("values") or {}
        rationale = ((values.get(ui.RATIONALE_BLOCK) or {}).get(ui.RATIONALE_ACTION) or {}).get("value") or ""
        until = ((values.get(ui.UNTIL_BLOCK) or {}).get(ui.UNTIL_ACTION) or {}).get("selected_date")
        asked = _asked(body, client, f"decide {ui.rid(int(meta['r']))} {meta['outcome']}: {rationale}", "modal", deps)
        if meta["outcome"] == "approve" and ui.UNTIL_BLOCK in values and not until:
            ack(response_action="errors", errors={ui.UNTIL_BLOCK: t("review.pick_until", asked.lang or "en")})
            return
        reply = service.decide(deps=deps, asked=asked, number=int(meta["r"]), outcome=meta["outcome"],
                               rationale=rationale, until_text=until, expected_seq=int(meta["seq"]))
        _audit(deps, asked, "decide", ui.rid(int(meta["r"])), reply)
        if not reply.ok:
            block = ui.UNTIL_BLOCK if "until" in reply.text and ui.UNTIL_BLOCK in values else ui.RATIONALE_BLOCK
            plain = reply.text.replace("*", "").replace("`", "")
            ack(response_action="errors", errors={block: plain[:150]})
            return
        ack()
