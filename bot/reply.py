"""The two values every answer handler passes around: what was asked (and by whom, where) and the reply.

Kept apart from `bot.answers` so that handler modules (`bot.services.workspace`) can import them while
`bot.answers` imports the handlers, without an import cycle.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from rules import Verdict

# What create_app(**deps) received plus "settings": the storage engineer adds "engine", and so on.
Deps = Mapping[str, Any]


@dataclass(frozen=True)
class Asked:
    text: str  # as typed, with the bot's mention removed
    surface: str  # "command" (slash command), "mention" (in a channel thread), "dm"
    now: datetime  # taken once at the edge (the listener), never read again below
    user_id: str | None = None
    team_id: str | None = None
    channel_id: str | None = None
    trigger_id: str | None = None  # slash commands only: lets `register` open a modal
    client: Any = None  # slack_sdk.WebClient of this request (users.info, views.open ...)
    lang: str | None = None  # the answer's language ("en", "ko"); None: chosen by bot.answers (bot/i18n.py)


@dataclass(frozen=True)
class Reply:
    text: str  # plain fallback; holds the verdict word when there is a verdict
    blocks: list[dict[str, Any]] = field(default_factory=list)
    verdict: Verdict | None = None
    ok: bool = True  # False: the input was refused (bad quantity, unknown license, permission)
    # Set by handlers that answered another way (for example, opened a modal): post nothing.
    silent: bool = False
