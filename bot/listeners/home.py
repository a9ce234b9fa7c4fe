"""App Home: publish the person's Home tab when they open it, page through their services, and report
from it (the Report button opens the check-in's report modal; saving re-publishes the tab)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.blocks.home import PAGE_ACTION, REPORT_ACTION, home_view
from bot.i18n import lang_of_locale, user_locale
from bot.reply import Deps
from bot.tenant import tenant_key

HOME_REPORT_CALLBACK = "home_report"


def _ids(body: dict[str, Any]) -> tuple[str | None, str | None]:
    user = body.get("user") or {}
    return tenant_key(body), user.get("id")


def register(app: App, deps: Deps) -> None:
    from bot.services.home import publish_home

    def publish(client: WebClient, team_id: str | None, user_id: str, page: int = 0) -> None:
        if deps.get("engine") is None or not team_id:
            client.views_publish(user_id=user_id, view=home_view(lang=lang_of_locale(user_locale(
                deps=deps, team_id=team_id, user_id=user_id, client=client, now=datetime.now(UTC)))))
            return
        publish_home(engine=deps["engine"], client=client, team_id=team_id, user_id=user_id,
                     now=datetime.now(UTC), page=page, settings=deps.get("settings"))

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
        from bot.blocks.checkin import report_modal
        from bot.listeners.checkin import previous_value
        from bot.storage import repository as repo
        from bot.storage.db import session_scope

        team_id, _user = _ids(body)
        target = json.loads(action.get("value") or "{}")
        lang = lang_of_locale(user_locale(deps=deps, team_id=team_id, user_id=_user, client=client,
                                          now=datetime.now(UTC)))  # the modal in the reporter's language
        with session_scope(deps["engine"]) as session:
            service = repo.get_service(session=session, workspace_id=team_id or "",
                                       service_id=int(target.get("service_id") or 0))
            last = previous_value(session, service.id, target["month"]) if service is not None else None
            name = service.name if service is not None else None
        if name is None:
            return  # deleted since the tab was drawn; the next publish drops it
        view = report_modal(service_id=int(target["service_id"]), service_name=name,
                            month=str(target["month"]), last_value=last[1] if last else None, lang=lang).to_dict()
        view["callback_id"] = HOME_REPORT_CALLBACK
        client.views_open(trigger_id=body["trigger_id"], view=view)

    @app.view(HOME_REPORT_CALLBACK)
    def submit_report(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        from bot.listeners.checkin import submit_report_form

        # Saving re-publishes the reporter's Home (save_checkin_report).
        submit_report_form(ack=ack, body=body, view=view, client=client, deps=deps, surface="home")
