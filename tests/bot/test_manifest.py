"""The Slack app manifest asks for what the code uses, and the runner picks the right mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot import __main__ as cli
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_manifest_declares_the_command_events_interactivity_and_scopes() -> None:
    manifest = json.loads((ROOT / "manifest.json").read_text())
    [command] = manifest["features"]["slash_commands"]
    assert command["command"] == "/llama-check" and command["usage_hint"] and command["should_escape"] is True
    settings = manifest["settings"]
    assert sorted(settings["event_subscriptions"]["bot_events"]) == ["app_home_opened", "app_mention", "message.im"]
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is False
    urls = {command["url"], settings["event_subscriptions"]["request_url"], settings["interactivity"]["request_url"]}
    assert len(urls) == 1 and urls.pop().endswith("/slack/events")
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert scopes == {"commands", "app_mentions:read", "chat:write", "im:history", "im:write", "users:read",
                      "channels:read", "groups:read", "usergroups:read", "files:write"}
    guide = (ROOT / "docs" / "slack-setup.md").read_text()
    assert all(f"`{scope}`" in guide for scope in scopes)  # every scope is justified in the guide
    assert "connections:write" in guide


@pytest.mark.parametrize(
    ("bot_token", "app_token", "chosen"),
    [
        ("xoxb-1-2", "xapp-1-2", "socket"),
        ("xoxb-1-2", None, "shell"),
        (None, "xapp-1-2", "shell"),
        ("xoxb-your-bot-token", "xapp-your-app-level-token", "shell"),
    ],
)
def test_bare_llama_bot_chooses_socket_mode_only_with_both_real_tokens(monkeypatch: pytest.MonkeyPatch,
                                                                     bot_token: str | None, app_token: str | None,
                                                                     chosen: str) -> None:
    seen: list[str] = []
    monkeypatch.setattr(cli, "cmd_socket", lambda args, settings: seen.append("socket") or 0)
    monkeypatch.setattr(cli, "cmd_shell", lambda args, settings, hint=None: seen.append("shell") or 0)
    settings = Settings(_env_file=None, slack_bot_token=bot_token, slack_app_token=app_token)
    assert cli.cmd_default(cli.build_parser().parse_args([]), settings) == 0
    assert seen == [chosen]
