"""`/llama-check duties SERVICE`: the license duties checklist, its checkboxes and its evidence modal.

Ticking is for the service's owner or a workspace admin (the rule of `report`); each tick writes an
audit row. The message is redrawn in place after a tick so that it always shows what is stored.
Clicks and forms are answered in the clicker's language (their Slack locale).
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.blocks.duties import (
    EVIDENCE_ACTION,
    EVIDENCE_BLOCK,
    EVIDENCE_CALLBACK,
    TICK_ACTION,
    evidence_modal,
)
from bot.i18n import answer_lang, t
from bot.reply import Asked, Deps
from bot.respond import webhook
from bot.services.workspace import duty_states, save_tick
from bot.tenant import tenant_key

log = logging.getLogger(__name__)


def _ids(body: dict[str, Any]) -> tuple[str | None, str | None]:
    user = body.get("user") or {}
    return tenant_key(body), user.get("id")


def _in_their_language(asked: Asked, deps: Deps) -> Asked:
    """A click or a form: answered in the clicker's language (their Slack locale)."""
    return replace(asked, lang=answer_lang(asked, deps))


def register(app: App, deps: Deps) -> None:
    @app.action(TICK_ACTION)
    def on_tick(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        team_id, user_id = _ids(body)
        parts = str(action.get("block_id") or "").split(":")
        asked = _in_their_language(Asked(text="duty", surface="duties", now=deps.now(), user_id=user_id,
                                         team_id=team_id, client=client), deps)
        if len(parts) != 3 or parts[0] != "duty" or not parts[1].isdigit():
            respond(text=t("duties.which_box", asked.lang or "en"), replace_original=False)
            return
        service_id, duty_id = int(parts[1]), parts[2]
        selected = bool(action.get("selected_options"))
        asked = replace(asked, text=f"duty {duty_id} {'done' if selected else 'open'}")
        reply = save_tick(deps=deps, asked=asked, service_id=service_id, duty_id=duty_id, done=selected)
        if reply.ok:
            respond(text=reply.text, blocks=reply.blocks, replace_original=True)
        else:
            respond(text=reply.text, replace_original=False)

    @app.action(EVIDENCE_ACTION)
    def open_evidence(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        team_id, _user = _ids(body)
        lang = _in_their_language(Asked(text="", surface="duties", now=deps.now(), user_id=_user,
                                        team_id=team_id, client=client), deps).lang or "en"
        duties = duty_states(deps=deps, team_id=team_id, service_id=int(action.get("value") or 0), lang=lang)
        if duties is None:
            return
        view = evidence_modal(service_id=duties.service_id, service_name=duties.service_name, states=duties.states,
                              response_url=body.get("response_url"), lang=lang)
        client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.view(EVIDENCE_CALLBACK)
    def submit_evidence(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        team_id, user_id = _ids(body)
        meta = json.loads(view.get("private_metadata") or "{}")
        values = (view.get("state") or {}).get("values") or {}
        duty = (((values.get("duty") or {}).get("value") or {}).get("selected_option") or {}).get("value") or ""
        url = ((values.get(EVIDENCE_BLOCK) or {}).get("value") or {}).get("value") or ""
        asked = Asked(text=f"duty {duty} evidence {url}", surface="duties", now=deps.now(),
                      user_id=user_id, team_id=team_id, client=client, lang=meta.get("lang"))
        asked = _in_their_language(asked, deps)
        reply = save_tick(deps=deps, asked=asked, service_id=int(meta.get("service_id") or 0), duty_id=duty,
                          done=True, evidence=url)
        if not reply.ok:
            ack(response_action="errors",
                errors={EVIDENCE_BLOCK: reply.text.replace("*", "").replace("`", "")[:150]})
            return
        ack()
        if meta.get("response_url"):
            try:
                webhook(meta["response_url"]).send(text=reply.text, blocks=reply.blocks, replace_original=True)
            except Exception:  # the tick is saved; a stale checklist message is only cosmetic
                log.exception("could not redraw the duties checklist after evidence for %s", duty)
