"""`register` with no arguments: a modal with the service name, license version, owner and current MAU.

Validation problems go back into the modal (`response_action: errors`) next to the field, and
nothing is written; a valid form is saved by the same code as the typed command.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.models.blocks import (
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

import rules
from bot.blocks.help import supported_licenses
from bot.grammar import Command
from bot.reply import Asked, Deps, Reply
from bot.services import workspace
from bot.services.audit import audit_submission
from bot.tenant import tenant_key

log = logging.getLogger(__name__)

CALLBACK = "herdbook_register"
FIELD = "value"  # every input's action_id


def register_view(*, licenses: list[str], default_license: str, user_id: str | None,
                  channel_id: str | None) -> dict[str, Any]:
    default = default_license if default_license in licenses else (licenses[0] if licenses else None)
    options = [Option(value=lic, text=lic) for lic in licenses][:100]
    initial = next((o for o in options if o.value == default), None)
    blocks = [
        InputBlock(block_id="service", label="Service name",
                   element=PlainTextInputElement(action_id=FIELD, max_length=120,
                                                 placeholder="Support Bot")),
        InputBlock(block_id="license", label="Llama version",
                   element=StaticSelectElement(action_id=FIELD, options=options, initial_option=initial)),
        InputBlock(block_id="owner", label="Owner",
                   hint="Asked for the monthly active users each month.",
                   element=UserSelectElement(action_id=FIELD, initial_user=user_id) if user_id
                   else UserSelectElement(action_id=FIELD)),
        InputBlock(block_id="mau", label="Monthly active users last month", optional=True,
                   element=PlainTextInputElement(action_id=FIELD, placeholder="5M, 1.2 million, 350000")),
        InputBlock(block_id="since", label="First month with users", optional=True,
                   hint="YYYY-MM. Reports for earlier months are refused. Default: last month.",
                   element=PlainTextInputElement(action_id=FIELD, placeholder="2026-01", max_length=7)),
        ContextBlock(elements=[MarkdownTextObject(
            text="Anyone may register a service; only its owner or a workspace admin can report for it or change it.")]),
    ]
    view = View(type="modal", callback_id=CALLBACK, title="Register a service", submit="Register",
                close="Cancel", private_metadata=json.dumps({"channel_id": channel_id}), blocks=blocks)
    return view.to_dict()


def register_command(command: Command, asked: Asked, deps: Deps) -> Reply:
    """`register` with its details is saved by the service; `register` alone opens the form."""
    if command.args.get("service"):
        return workspace.register_command(command, asked, deps)
    return open_register_modal(asked=asked, deps=deps)


# The entry of bot.answers.HANDLERS for `register`.
HANDLERS = {"register": register_command}


def open_register_modal(*, asked: Asked, deps: Deps) -> Reply:
    """Open the form where Slack gives a trigger (slash command); elsewhere, say what to type."""
    if asked.trigger_id and asked.client is not None:
        asked.client.views_open(trigger_id=asked.trigger_id, view=register_view(
            licenses=supported_licenses(), default_license=deps.settings.default_license,
            user_id=asked.user_id, channel_id=asked.channel_id))
        return Reply(text="Opened the registration form.", silent=True)
    text = (f"To register here, type the details: `register \"Support Bot\" license llama-3.1 owner @alice mau 5M`. "
            f"The `{workspace.SLASH} register` command alone opens a form.")
    return workspace.refuse(text)


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


def validate(state: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The form's values, parsed, and the errors keyed by block id (empty when all is well)."""
    from bot.storage.months import MonthError, parse_month
    from bot.storage.repository import ServiceRefused, validate_service_name

    values: dict[str, Any] = {"owner": _value(state, "owner")}
    errors: dict[str, str] = {}
    try:
        values["name"] = validate_service_name(_value(state, "service") or "")
    except ServiceRefused as exc:
        errors["service"] = _plain(str(exc))
    try:
        values["license"] = rules.resolve_license(_value(state, "license") or "")
    except rules.RulesError as exc:
        errors["license"] = _plain(str(exc))
    mau = _value(state, "mau")
    try:
        values["mau"] = rules.parse_mau(mau) if mau else None
    except rules.RulesError as exc:
        errors["mau"] = _plain(f"{exc} For example 5M or 1.2 million.")
    since = _value(state, "since")
    try:
        values["since"] = parse_month(since) if since else None
    except MonthError as exc:
        errors["since"] = _plain(str(exc))
    return values, errors


def register(app: App, deps: Deps) -> None:
    @app.view(CALLBACK)
    def submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        now = deps.now()
        user_id = (body.get("user") or {}).get("id")
        team_id = tenant_key(body)
        meta = json.loads(view.get("private_metadata") or "{}")
        values, errors = validate((view.get("state") or {}).get("values") or {})
        asked = Asked(text="register (form)", surface="modal", now=now, user_id=user_id, team_id=team_id,
                      channel_id=meta.get("channel_id"), client=client)
        if not errors and values["since"] and values["since"] > now.strftime("%Y-%m"):
            errors["since"] = "That month has not begun yet; give the first month the service had users."
        if errors:
            ack(response_action="errors", errors=errors)
            return
        reply = workspace.register_form(deps=deps, asked=asked, name=values["name"], license_id=values["license"],
                                        owner_id=values["owner"], mau=values["mau"], since_month=values["since"])
        if not reply.ok:
            ack(response_action="errors", errors={"service": _plain(reply.text)})
            audit_submission(deps=deps, asked=asked, subject=values["name"], reply=reply)
            return
        ack()
        audit_submission(deps=deps, asked=asked, subject=values["name"], reply=reply)
        channel = meta.get("channel_id")
        if channel and not channel.startswith("D"):
            client.chat_postEphemeral(channel=channel, user=user_id, text=reply.text, blocks=reply.blocks)
        else:
            client.chat_postMessage(channel=user_id, text=reply.text, blocks=reply.blocks)
