"""App Home: publish the person's Home tab when they open it, page through their services, and report
from it (the Report button opens the check-in's report modal; saving re-publishes the tab)."""

from __future__ import annotations

import json
import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blocks.checkin import report_modal
from bot.blocks.home import PAGE_ACTION, REPORT_ACTION, home_view
from bot.i18n import lang_of_locale, user_locale
from bot.listeners.checkin import submit_report_form
from bot.reply import Deps
from bot.services.checkin import report_form
from bot.services.home import publish_home
from bot.tenant import tenant_key

HOME_REPORT_CALLBACK = "home_report"


def _ids(body: dict[str, Any]) -> tuple[str | None, str | None]:
    user = body.get("user") or {}
    return tenant_key(body), user.get("id")


def register(app: App, deps: Deps) -> None:
    def publish(client: WebClient, team_id: str | None, user_id: str, page: int = 0) -> None:
        if not team_id:
            client.views_publish(user_id=user_id, view=home_view(lang=lang_of_locale(user_locale(
                engine=deps.engine, team_id=team_id, user_id=user_id, client=client, now=deps.now()))))
            return
        publish_home(engine=deps.engine, settings=deps.settings, client=client, team_id=team_id, user_id=user_id,
                     now=deps.now(), page=page)

    @app.event("app_home_opened")
    def publish_on_open(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        publish(client, tenant_key(body), event["user"])

    @app.action(re.compile(rf"^{PAGE_ACTION}_(prev|next)$"))
    def turn_page(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        team_id, user_id = _ids(body)
        page = int(action.get("value") or 0) if str(action.get("value") or "0").isdigit() else 0
        if user_id:
            publish(client, team_id, user_id, page)

    @app.action(REPORT_ACTION)
    def open_report(ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        team_id, _user = _ids(body)
        target = json.loads(action.get("value") or "{}")
        lang = lang_of_locale(user_locale(engine=deps.engine, team_id=team_id, user_id=_user, client=client,
                                          now=deps.now()))  # the modal in the reporter's language
        form = report_form(deps=deps, team_id=team_id, service_id=int(target.get("service_id") or 0),
                           month=str(target["month"]))
        if form is None:
            return  # deleted since the tab was drawn; the next publish drops it
        view = report_modal(service_id=int(target["service_id"]), service_name=form.service_name,
                            month=str(target["month"]), last_value=form.last_value, lang=lang).to_dict()
        view["callback_id"] = HOME_REPORT_CALLBACK
        client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.view(HOME_REPORT_CALLBACK)
    def submit_report(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        # Saving re-publishes the reporter's Home (save_checkin_report).
        submit_report_form(ack=ack, body=body, view=view, client=client, deps=deps, surface="home")
