"""App Home: publish the help-and-examples view when someone opens the Home tab."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.blocks.home import home_view
from bot.i18n import lang_of_locale, user_locale
from bot.reply import Deps


def register(app: App, deps: Deps) -> None:
    @app.event("app_home_opened")
    def publish_home(event: dict[str, Any], body: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        # In the viewer's Slack language (users.info locale, cached).
        locale = user_locale(deps=deps, team_id=body.get("team_id"), user_id=event.get("user"), client=client,
                             now=datetime.now(UTC))
        client.views_publish(user_id=event["user"], view=home_view(lang=lang_of_locale(locale)))
