"""`register` with no arguments: opens the register form (built by bot/blocks/register.py) and saves it.

Validation problems go back into the modal (`response_action: errors`) next to the field, and
nothing is written; a valid form is saved by the same code as the typed command.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blocks.help import supported_licenses
from bot.blocks.register import CALLBACK, FIELD, register_view
from bot.grammar import Command
from bot.i18n import answer_lang, t, translated
from bot.reply import Asked, Deps, Reply
from bot.services import workspace
from bot.services.audit import audit_submission
from bot.tenant import tenant_key

log = logging.getLogger(__name__)

__all__ = ["CALLBACK", "FIELD", "HANDLERS", "open_register_modal", "register", "register_command", "validate"]


def register_command(command: Command, asked: Asked, deps: Deps) -> Reply:
    """`register` with its details is saved by the service; `register` alone opens the form."""
    if command.args.get("service"):
        return workspace.register_command(command, asked, deps)
    return open_register_modal(asked=asked, deps=deps)


# The entry of bot.answers.HANDLERS for `register`.
HANDLERS = {"register": register_command}


def open_register_modal(*, asked: Asked, deps: Deps) -> Reply:
    """Open the form where Slack gives a trigger (slash command); elsewhere, say what to type."""
    lang = asked.lang or "en"
    if asked.trigger_id and asked.client is not None:
        asked.client.views_open(trigger_id=asked.trigger_id, view=register_view(
            licenses=supported_licenses(), default_license=deps.settings.default_license,
            user_id=asked.user_id, channel_id=asked.channel_id, lang=lang))
        return Reply(text=t("register.opened", lang), silent=True)
    return workspace.refuse(t("register.type_it", lang, slash=workspace.SLASH))


def _value(state: dict[str, Any], block: str) -> Any:
    field = (state.get(block) or {}).get(FIELD) or {}
    if "selected_option" in field:
        return (field.get("selected_option") or {}).get("value")
    if "selected_user" in field:
        return field.get("selected_user")
    return (field.get("value") or "").strip() or None


def _plain(text: str) -> str:
    """Slack shows modal errors as plain text: drop mrkdwn marks and mentions' brackets."""
    text = re.sub(r"<@([A-Z0-9]+)>", r"@\1", text).replace("*", "").replace("`", "")
    return text[:150]


def validate(state: dict[str, Any], lang: str = "en") -> tuple[dict[str, Any], dict[str, str]]:
    """The form's values, parsed by the service, and the errors keyed by block id (plain text, in `lang`)."""
    fields = {block: _value(state, block) for block in ("service", "license", "owner", "mau", "since")}
    values, errors = workspace.check_registration_form(fields, lang)
    return values, {block: _plain(text) for block, text in errors.items()}


def register(app: App, deps: Deps) -> None:
    @app.view(CALLBACK)
    def submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        now = deps.now()
        user_id = (body.get("user") or {}).get("id")
        team_id = tenant_key(body)
        meta = json.loads(view.get("private_metadata") or "{}")
        asked = Asked(text="register (form)", surface="modal", now=now, user_id=user_id, team_id=team_id,
                      channel_id=meta.get("channel_id"), client=client, lang=meta.get("lang"))
        asked = replace(asked, lang=answer_lang(asked, deps))
        lang = asked.lang or "en"
        values, errors = validate((view.get("state") or {}).get("values") or {}, lang)
        if not errors and values["since"] and values["since"] > now.strftime("%Y-%m"):
            errors["since"] = t("register.since_not_begun", lang)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        reply = workspace.register_form(deps=deps, asked=asked, name=values["name"], license_id=values["license"],
                                        owner_id=values["owner"], mau=values["mau"], since_month=values["since"])
        if not reply.ok:
            ack(response_action="errors", errors={"service": _plain(translated(reply.text, "storage", lang))})
            audit_submission(deps=deps, asked=asked, subject=values["name"], reply=reply)
            return
        ack()
        audit_submission(deps=deps, asked=asked, subject=values["name"], reply=reply)
        channel = meta.get("channel_id")
        if channel and not channel.startswith("D"):
            client.chat_postEphemeral(channel=channel, user=user_id, text=reply.text, blocks=reply.blocks)
        else:
            client.chat_postMessage(channel=user_id, text=reply.text, blocks=reply.blocks)
