"""The check-in DM's buttons and the report modal.

"Report" opens the modal pre-filled with the last value; "No change" records the last value for the
month. Either way the report is saved by storage's `record_report` (same permission rule as
`report`: the owner or a workspace admin), the threshold sweep runs in the same transaction, and the
DM is replaced by a thank-you without buttons. Once the month has a report the check-in is closed:
reminders and the monthly summary read the reports table, so nothing else needs to be told.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from sqlalchemy import select

import rules
from bot.blocks.checkin import (
    MODAL_CALLBACK,
    NO_CHANGE_ACTION,
    OPEN_ACTION,
    VALUE_ACTION,
    VALUE_BLOCK,
    month_name,
    recorded_message,
    report_modal,
)
from bot.escape import slack_escape as escape
from bot.i18n import answer_lang, lang_of_locale, rules_problem, t, translated, user_locale
from bot.reply import Asked, Deps, Reply
from bot.storage.models import MauReport
from bot.tenant import tenant_key

logger = logging.getLogger(__name__)


def _ids(body: dict[str, Any]) -> tuple[str | None, str | None]:
    user = body.get("user") or {}
    return tenant_key(body), user.get("id")


def previous_value(session: Any, service_id: int, month: str) -> tuple[str, int] | None:
    row = session.execute(
        select(MauReport.month, MauReport.value)
        .where(MauReport.service_id == service_id, MauReport.month < month)
        .order_by(MauReport.month.desc()).limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def save_checkin_report(*, deps: Deps, asked: Asked, service_id: int, month: str,
                        value: int | None) -> tuple[Reply, str | None]:
    """Save `value` (None: the last value, "no change") for the month. (reply, service name).
    Once saved, the reporter's Home tab is published again."""
    from bot.services.home import republish_after_report

    reply, name = _save(deps=deps, asked=asked, service_id=service_id, month=month, value=value)
    if reply.ok:
        republish_after_report(deps=deps, team_id=asked.team_id, user_ids=[asked.user_id], now=asked.now,
                               client=asked.client)
    return reply, name


def _save(*, deps: Deps, asked: Asked, service_id: int, month: str, value: int | None) -> tuple[Reply, str | None]:
    from bot.jobs.sweep import sweep_workspace
    from bot.services.home import alert_chart_hook
    from bot.storage import repository as repo
    from bot.storage.db import session_scope
    from bot.workspace import engine_of, may_change, not_yours, refuse

    lang = asked.lang or "en"
    with session_scope(engine_of(deps)) as session:
        service = repo.get_service(session=session, workspace_id=asked.team_id or "", service_id=service_id)
        if service is None:
            return refuse(t("report.gone", lang)), None
        if not may_change(session=session, asked=asked, service=service):
            return not_yours(service, "report for", lang), service.name
        if value is None:
            last = previous_value(session, service_id, month)
            if last is None:
                return refuse(t("report.nothing_to_keep", lang, service=escape(service.name))), service.name
            value = last[1]
        try:
            repo.record_report(session=session, workspace_id=service.workspace_id, service_id=service_id,
                               month=month, value=value, user_id=asked.user_id or "-", now=asked.now)
        except repo.ReportRefused as exc:
            return refuse(t("report.nothing_saved", lang, problem=translated(escape(exc), "storage", lang))), service.name
        charts = alert_chart_hook(asked.client) if asked.client is not None else None
        sweep_workspace(session=session, workspace_id=service.workspace_id, now=asked.now, charts=charts)
        text, blocks = recorded_message(service_name=service.name, month=month, value=value,
                                        user_id=asked.user_id or "-", lang=asked.lang or "en")
        return Reply(text=text, blocks=blocks), service.name


def _audit(deps: Deps, asked: Asked, subject: str | None, reply: Reply) -> None:
    from bot.workspace import audit

    audit(deps=deps, asked=asked, action="report", subject=subject, reply=reply)


def submit_report_form(*, ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient, deps: Deps,
                       surface: str) -> tuple[Reply, str | None, dict[str, Any]] | None:
    """The report form (from a check-in DM or the App Home): read the value, save it, answer the form.
    (reply, service name, the form's metadata) once saved and acked; None when the form shows an error."""
    team_id, user_id = _ids(body)
    meta = json.loads(view.get("private_metadata") or "{}")
    state = ((view.get("state") or {}).get("values") or {}).get(VALUE_BLOCK) or {}
    raw = ((state.get(VALUE_ACTION) or {}).get("value") or "").strip()
    asked = Asked(text=f"report {raw!r} for {meta.get('month')}", surface=surface, now=datetime.now(UTC),
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
        from bot.storage import repository as repo
        from bot.storage.db import session_scope
        from bot.workspace import engine_of

        team_id, _user = _ids(body)
        target = json.loads(action.get("value") or "{}")
        lang = lang_of_locale(user_locale(deps=deps, team_id=team_id, user_id=_user, client=client,
                                          now=datetime.now(UTC)))  # the modal in the reporter's language
        with session_scope(engine_of(deps)) as session:
            service = repo.get_service(session=session, workspace_id=team_id or "", service_id=target["service_id"])
            last = previous_value(session, target["service_id"], target["month"]) if service else None
        if service is None:
            respond(text=t("report.gone", lang),
                    replace_original=False)
            return
        view = report_modal(service_id=service.id, service_name=service.name, month=target["month"],
                            last_value=last[1] if last else None, channel=(body.get("channel") or {}).get("id"),
                            message_ts=(body.get("message") or {}).get("ts") or (body.get("container") or {}).get(
                                "message_ts"), lang=lang)
        client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.action(NO_CHANGE_ACTION)
    def no_change(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient,
                  respond: Respond) -> None:
        ack()
        team_id, user_id = _ids(body)
        target = json.loads(action.get("value") or "{}")
        asked = Asked(text=f"no change for {target.get('month')}", surface="checkin", now=datetime.now(UTC),
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
