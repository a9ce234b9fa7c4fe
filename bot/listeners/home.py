"""App Home: publish the help-and-examples view when someone opens the Home tab."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.blocks.home import home_view
from bot.reply import Deps


def register(app: App, deps: Deps) -> None:
    @app.event("app_home_opened")
    def publish_home(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        client.views_publish(user_id=event["user"], view=home_view())
