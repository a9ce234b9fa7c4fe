"""What every handler is given and gives back: `Asked` (what was asked, by whom, where, when), `Deps` (what
the app was built with) and the `Reply`.

Kept apart from `bot.answers` so that handler modules (bot/services/) can import them while `bot.answers`
imports the handlers, without an import cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from rules import Verdict

if TYPE_CHECKING:
    from slack_sdk import WebClient
    from sqlalchemy.engine import Engine

    from bot.deferred import Deferred
    from bot.settings import Settings


def utc_now() -> datetime:
    return datetime.now(UTC)


def _inline() -> Deferred:
    from bot.deferred import Deferred

    return Deferred()


@dataclass(frozen=True, slots=True)
class Deps:
    """What every listener, handler and service is given; create_app builds it once per app.

    `settings` were validated at start-up (bot/settings.py), so their defaults are always usable.
    """

    settings: Settings
    engine: Engine
    deferred: Deferred = field(default_factory=_inline)  # runs work after the ack (a bounded pool under `serve`)
    client: WebClient | None = None  # the app's Web API client; a request's own comes as `Asked.client`
    now: Callable[[], datetime] = utc_now  # the clock listeners read once per request, at the edge
    fresh_upload_wait: float = 1.0  # seconds Slack needs after an upload before a block may show the file


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
