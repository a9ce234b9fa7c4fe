"""The check-in DM's buttons and the report modal.

"Report" opens the modal pre-filled with the last value; "No change" records the last value for the
month. Either way bot/services/checkin.py saves it, and the DM is replaced by a thank-you without
buttons. Once the month has a report the check-in is closed: reminders and the monthly summary read
the reports table, so nothing else needs to be told.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

import rules
from bot.blocks.checkin import (
    MODAL_CALLBACK,
    NO_CHANGE_ACTION,
    OPEN_ACTION,
    VALUE_ACTION,
    VALUE_BLOCK,
    month_name,
    report_modal,
)
from bot.i18n import answer_lang, lang_of_locale, rules_problem, t, user_locale
from bot.reply import Asked, Deps, Reply
from bot.services.audit import audit
from bot.services.checkin import report_form, save_checkin_report
from bot.tenant import tenant_key

logger = logging.getLogger(__name__)


def _ids(body: dict[str, Any]) -> tuple[str | None, str | None]:
    user = body.get("user") or {}
    return tenant_key(body), user.get("id")


def _audit(deps: Deps, asked: Asked, subject: str | None, reply: Reply) -> None:
    audit(deps=deps, asked=asked, action="report", subject=subject, reply=reply)


def submit_report_form(*, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, deps: Deps,
                       surface: str) -> tuple[Reply, str | None, dict[str, Any]] | None:
    """The report form (from a check-in DM or the App Home): read the value, save it, answer the form.
    (reply, service name, the form's metadata) once saved and acked; None when the form shows an error."""
    team_id, user_id = _ids(body)
    meta = json.loads(view.get("private_metadata") or "{}")
    state = ((view.get("state") or {}).get("values") or {}).get(VALUE_BLOCK) or {}
    raw = ((state.get(VALUE_ACTION) or {}).get("value") or "").strip()
    asked = Asked(text=f"report {raw!r} for {meta.get('month')}", surface=surface, now=deps.now(),
                  user_id=user_id, team_id=team_id, client=client, lang=meta.get("lang") or "en")
    try:
        value = rules.parse_mau(raw)
    except rules.RulesError as exc:
        message = t("report.mau_example", asked.lang or "en", problem=rules_problem(exc, asked.lang or "en"))
        ack(response_action="errors", errors={VALUE_BLOCK: message[:150]})
        _audit(deps, asked, None, Reply(text=message, ok=False))
        return None
    reply, name = save_checkin_report(deps=deps, asked=asked, service_id=int(meta["service_id"]),
                                      month=str(meta["month"]), value=value)
    _audit(deps, asked, name, reply)
    if not reply.ok:
        plain = reply.text.replace("*", "").replace("`", "")
        ack(response_action="errors", errors={VALUE_BLOCK: plain[:150]})
        return None
    ack()
    return reply, name, meta


def register(app: App, deps: Deps) -> None:
    @app.action(OPEN_ACTION)
    def open_modal(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                   respond: Respond) -> None:
        ack()
        team_id, _user = _ids(body)
        target = json.loads(action.get("value") or "{}")
        lang = lang_of_locale(user_locale(engine=deps.engine, team_id=team_id, user_id=_user, client=client,
                                          now=deps.now()))  # the modal in the reporter's language
        form = report_form(deps=deps, team_id=team_id, service_id=target["service_id"], month=target["month"])
        if form is None:
            respond(text=t("report.gone", lang),
                    replace_original=False)
            return
        view = report_modal(service_id=form.service_id, service_name=form.service_name, month=target["month"],
                            last_value=form.last_value, channel=(body.get("channel") or {}).get("id"),
                            message_ts=(body.get("message") or {}).get("ts") or (body.get("container") or {}).get(
                                "message_ts"), lang=lang)
        client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.action(NO_CHANGE_ACTION)
    def no_change(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                  respond: Respond) -> None:
        ack()
        team_id, user_id = _ids(body)
        target = json.loads(action.get("value") or "{}")
        asked = Asked(text=f"no change for {target.get('month')}", surface="checkin", now=deps.now(),
                      user_id=user_id, team_id=team_id, client=client)
        asked = replace(asked, lang=answer_lang(asked, deps))
        reply, name = save_checkin_report(deps=deps, asked=asked, service_id=int(target["service_id"]),
                                          month=str(target["month"]), value=None)
        _audit(deps, asked, name, reply)
        if reply.ok:
            respond(text=reply.text, blocks=reply.blocks, replace_original=True)
        else:
            respond(text=reply.text, replace_original=False)

    @app.view(MODAL_CALLBACK)
    def submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        saved = submit_report_form(ack=ack, body=body, view=view, client=client, deps=deps, surface="modal")
        if saved is None:
            return
        reply, name, meta = saved
        if meta.get("channel") and meta.get("ts"):
            try:
                client.chat_update(channel=meta["channel"], ts=meta["ts"], text=reply.text, blocks=reply.blocks)
            except Exception:  # the report is saved; a stale DM with buttons is only cosmetic
                logger.exception("could not replace the check-in message for %s %s", name, month_name(meta["month"]))
