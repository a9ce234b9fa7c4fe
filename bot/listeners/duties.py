"""`/llama-check duties SERVICE`: the license duties checklist, its checkboxes and its evidence modal.

Ticking is for the service's owner or a workspace admin (the rule of `report`); each tick writes an
audit row. The message is redrawn in place after a tick so that it always shows what is stored.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.blocks.duties import (
    EVIDENCE_ACTION,
    EVIDENCE_BLOCK,
    EVIDENCE_CALLBACK,
    TICK_ACTION,
    duties_blocks,
    duties_text,
    evidence_modal,
)
from bot.i18n import answer_lang, t, translated
from bot.reply import Asked, Deps, Reply
from bot.tenant import tenant_key

log = logging.getLogger(__name__)


def _message(session: Any, service: Any, lang: str = "en") -> Reply:
    from bot.services.duties import checklist

    states = checklist(session=session, service=service, lang=lang)
    return Reply(text=duties_text(service_name=service.name, license=service.license, states=states, lang=lang),
                 blocks=duties_blocks(service_id=service.id, service_name=service.name, license=service.license,
                                      states=states, lang=lang))


def duties_message(name: str, *, asked: Asked, deps: Deps) -> Reply:
    """The checklist of the service called `name` in the asker's workspace (or a polite refusal)."""
    from bot.storage import repository as repo
    from bot.storage.db import session_scope
    from bot.workspace import did_you_mean, engine_of, workspace_of

    with session_scope(engine_of(deps)) as session:
        ws = workspace_of(session, asked, deps)
        service = repo.find_service(session=session, workspace_id=ws.id, name=name)
        if service is None:
            return did_you_mean(session=session, workspace_id=ws.id, name=name, lang=asked.lang or "en")
        return _message(session, service, asked.lang or "en")


def _ids(body: dict[str, Any]) -> tuple[str | None, str | None]:
    user = body.get("user") or {}
    return tenant_key(body), user.get("id")


def _in_their_language(asked: Asked, deps: Deps) -> Asked:
    """A click or a form: answered in the clicker's language (their Slack locale)."""
    return replace(asked, lang=answer_lang(asked, deps))


def save_tick(*, deps: Deps, asked: Asked, service_id: int, duty_id: str, done: bool,
              evidence: str | None = None) -> Reply:
    """Tick or untick; the redrawn checklist, or a refusal (not yours, unknown duty, bad link)."""
    from bot.services.duties import DutyRefused, tick
    from bot.storage import repository as repo
    from bot.storage.db import session_scope
    from bot.workspace import engine_of, may_change, not_yours, refuse

    lang = asked.lang or "en"
    with session_scope(engine_of(deps)) as session:
        service = repo.get_service(session=session, workspace_id=asked.team_id or "", service_id=service_id)
        if service is None:
            return refuse(t("duties.gone", lang))
        if not may_change(session=session, asked=asked, service=service):
            return not_yours(service, "tick the duties of", lang)
        try:
            tick(session=session, service=service, duty_id=duty_id, done=done, evidence=evidence,
                 user_id=asked.user_id or "-", now=asked.now, keep_evidence=evidence is None)
        except DutyRefused as exc:
            return refuse(t("duties.nothing_saved", lang, problem=translated(str(exc), "duties.refused_", lang)))
        return _message(session, service, lang)


def register(app: App, deps: Deps) -> None:
    @app.action(TICK_ACTION)
    def on_tick(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond) -> None:
        ack()
        team_id, user_id = _ids(body)
        parts = str(action.get("block_id") or "").split(":")
        asked = _in_their_language(Asked(text="duty", surface="duties", now=datetime.now(UTC), user_id=user_id,
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
        from bot.services.duties import checklist
        from bot.storage import repository as repo
        from bot.storage.db import session_scope

        team_id, _user = _ids(body)
        lang = _in_their_language(Asked(text="", surface="duties", now=datetime.now(UTC), user_id=_user,
                                        team_id=team_id, client=client), deps).lang or "en"
        with session_scope(deps["engine"]) as session:
            service = repo.get_service(session=session, workspace_id=team_id or "",
                                       service_id=int(action.get("value") or 0))
            if service is None:
                return
            view = evidence_modal(service_id=service.id or 0, service_name=service.name,
                                  states=checklist(session=session, service=service, lang=lang),
                                  response_url=body.get("response_url"), lang=lang)
        client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.view(EVIDENCE_CALLBACK)
    def submit_evidence(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        team_id, user_id = _ids(body)
        meta = json.loads(view.get("private_metadata") or "{}")
        values = (view.get("state") or {}).get("values") or {}
        duty = (((values.get("duty") or {}).get("value") or {}).get("selected_option") or {}).get("value") or ""
        url = ((values.get(EVIDENCE_BLOCK) or {}).get("value") or {}).get("value") or ""
        asked = Asked(text=f"duty {duty} evidence {url}", surface="duties", now=datetime.now(UTC),
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
            from bot.app import webhook

            try:
                webhook(meta["response_url"]).send(text=reply.text, blocks=reply.blocks, replace_original=True)
            except Exception:  # the tick is saved; a stale checklist message is only cosmetic
                log.exception("could not redraw the duties checklist after evidence for %s", duty)

