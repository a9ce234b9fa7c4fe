"""`llama-bot shell`: Herdbook in a terminal, no Slack and no credentials (like Hubot's shell adapter).

Each typed line becomes a real, signed Slack request dispatched through the same App that `serve`
runs, with its Web API client pointed at an in-process FakeSlack. What the app posted there is
printed as text.

    /llama-check name Llama 2 Pro     a slash command
    @herdbook status                  a mention in a channel (answered in a thread)
    can we sell API access?           anything else: a direct message
"""

from __future__ import annotations

import json
import logging
import re
import secrets
import sys
from typing import Any, TextIO
from urllib.parse import urlencode

from slack_bolt import App
from slack_sdk import WebClient

from bot.app import create_app
from bot.blocks.plain import blocks_to_text
from bot.blocks.verdict import SHOW_ALL_ACTION
from bot.fakeslack import Call, FakeSlack
from bot.i18n import t
from bot.respond import retry_handlers
from bot.settings import Settings
from bot.slackrequests import bolt_request, dm_event, event_callback, mention_event, slash_command

USER_ID = "U0SHELL"
TEAM_ID = "T0SHELL"
CHANNEL_ID = "C0SHELL"
DM_CHANNEL = "D0SHELL"
ALERTS_CHANNEL_ID = "C0ALERTS"
BOT_USER_ID = "UBOT"
PROMPT = "herdbook> "
_MENTION = re.compile(r"^@(herdbook|llama-bot|llama)\b\s*", re.IGNORECASE)


class Shell:
    """One fake workspace with one user; `send(line)` returns what the app posted, as text."""

    def __init__(self, settings: Settings, *, lang: str = "en", **deps: Any) -> None:
        self.fake = FakeSlack()
        self.fake.state.team_id = TEAM_ID
        self.fake.state.bot_user_id = BOT_USER_ID
        self.fake.start()
        # You are the workspace admin in your own shell, so every command is open to you.
        # Your Slack language is --lang's: answers, DMs and check-ins follow it, as a user's locale does in Slack.
        self.fake.add_user(USER_ID, name="you", is_admin=True, locale="ko-KR" if lang == "ko" else "en-US")
        self.fake.add_channel(CHANNEL_ID, name="general", creator=USER_ID)
        # The channels the help's examples name, so that `/llama-check alerts #llama-alerts` works as shown.
        self.fake.add_channel(ALERTS_CHANNEL_ID, name="llama-alerts", creator=USER_ID)
        self.secret = secrets.token_hex(16)
        local = settings.model_copy(update={"slack_signing_secret": self.secret, "slack_api_url": self.fake.url,
                                            "slack_bot_token": "xoxb-local-shell"})
        client = WebClient(token="xoxb-local-shell", base_url=self.fake.url, retry_handlers=retry_handlers())
        self.app: App = create_app(local, client=client, process_before_response=True, **deps)
        self.lang = lang
        self._n = 0
        self._show_all: str | None = None  # the value of the last answer's "Show all reasons" button

    def close(self) -> None:
        self.fake.stop()

    def body_for(self, line: str) -> str:
        self._n += 1
        if line.startswith("/"):
            command, _, text = line.partition(" ")
            return slash_command(text.strip(), command=command, response_url=self.fake.response_url(f"s{self._n}"),
                                 user_id=USER_ID, user_name="you", team_id=TEAM_ID, channel_id=CHANNEL_ID)
        if m := _MENTION.match(line):
            event = mention_event(line[m.end():], bot_user_id=BOT_USER_ID, user=USER_ID, channel=CHANNEL_ID)
        else:
            event = dm_event(line, user=USER_ID, channel=DM_CHANNEL)
        # Unique across runs: the database remembers answered event ids, and the shell's file outlives a run.
        return event_callback(event, team_id=TEAM_ID, event_id=f"EvShell{secrets.token_hex(8)}")

    def click_show_all(self) -> str:
        """What Slack sends when "Show all reasons" is clicked (the shell's `more`)."""
        self._n += 1
        payload = {
            "type": "block_actions", "team": {"id": TEAM_ID, "domain": "shell"},
            "user": {"id": USER_ID, "team_id": TEAM_ID}, "api_app_id": "A0SHELL", "trigger_id": f"{self._n}.shell",
            "channel": {"id": CHANNEL_ID}, "container": {"type": "message", "channel_id": CHANNEL_ID},
            "response_url": self.fake.response_url(f"more{self._n}"),
            "actions": [{"action_id": SHOW_ALL_ACTION, "block_id": "verdict_more", "value": self._show_all,
                         "type": "button", "action_ts": f"{self._n}.0"}],
        }
        return urlencode({"payload": json.dumps(payload)})

    def send(self, line: str) -> str:
        before = len(self.fake.calls)
        if line.lower() in MORE_WORDS and self._show_all is not None:
            body = self.click_show_all()
        else:
            body = self.body_for(line)
        response = self.app.dispatch(bolt_request(self.secret, body))
        calls = self.fake.calls[before:]
        names = {u.id: u.name for u in self.fake.state.users.values()}
        names.update({cid: ch["name"] for cid, ch in self.fake.state.channels.items()})
        out = [render_call(c, names=names, lang=self.lang) for c in calls if c.method in _SHOWN]
        if response.status != 200:
            out.append(t("shell.http", self.lang, status=response.status))
        elif response.body and response.body.startswith("{"):
            out.append(render_ack(response.body, lang=self.lang))  # an answer given in the ack itself
        self._show_all = _show_all_value(calls, response.body)
        if self._show_all is not None:
            out.append(t("shell.more", self.lang))
        return "\n\n".join(o for o in out if o) or t("shell.no_reply", self.lang)


MORE_WORDS = ("more", "show all reasons", "더보기", "더 보기")


def _show_all_value(calls: list[Call], ack_body: str | None) -> str | None:
    """The value of a "Show all reasons" button in what the app just sent, if there is one."""
    messages = [c.body.get("blocks") or [] for c in calls if c.method in _SHOWN]
    if ack_body and ack_body.startswith("{"):
        try:
            messages.append(json.loads(ack_body).get("blocks") or [])
        except ValueError:
            pass
    for blocks in messages:
        for block in blocks:
            for element in block.get("elements", []) if block.get("type") == "actions" else []:
                if element.get("action_id") == SHOW_ALL_ACTION:
                    return str(element.get("value"))
    return None


_SHOWN = {"chat.postMessage", "chat.postEphemeral", "response_url", "chat.update", "views.open", "views.publish"}
_ONLY_YOU = frozenset({"response_url", "chat.postEphemeral"})


def render_call(call: Call, *, names: dict[str, str] | None = None, lang: str = "en") -> str:
    body = call.body
    if call.method in ("views.open", "views.publish"):
        view = body.get("view") or {}
        title = (view.get("title") or {}).get("text", "")
        head = f"[{call.method}: {title}]" if title else f"[{call.method}]"
        return head + "\n" + blocks_to_text(view.get("blocks") or [], names=names)
    if call.method in _ONLY_YOU:
        where = t("shell.only_you", lang)
    elif body.get("thread_ts"):
        where = t("shell.in_thread", lang)
    else:
        where = t("shell.in_named", lang, channel=body.get("channel", "?"))
    text = blocks_to_text(body.get("blocks") or [], names=names) or str(body.get("text") or "")
    return f"[{where}]\n{text}"


def render_ack(body: str, *, lang: str = "en") -> str:
    """An answer Slack would show from the ack's JSON body (ephemeral unless it says otherwise)."""
    try:
        message = json.loads(body)
    except ValueError:
        return body
    where = t("shell.in_channel" if message.get("response_type") == "in_channel" else "shell.only_you", lang)
    text = blocks_to_text(message.get("blocks") or []) or str(message.get("text") or "")
    return f"[{where}]\n{text}"


class _NoTraceback(logging.Formatter):
    """In the shell the terminal is the user's screen: one line per error, the traceback only at DEBUG."""

    def formatException(self, ei: Any) -> str:
        return f"  ({ei[0].__name__}: {ei[1]}; LOG_LEVEL=DEBUG shows the traceback)"


def _quiet_tracebacks(settings: Settings) -> None:
    if settings.log_level.upper() == "DEBUG":
        return
    for handler in logging.getLogger().handlers:
        handler.setFormatter(_NoTraceback("%(levelname)s %(name)s: %(message)s"))


def run(settings: Settings, *, stdin: TextIO | None = None, stdout: TextIO | None = None,
        hint: str | None = None, lang: str | None = None, **deps: Any) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    interactive = stdin.isatty()
    _quiet_tracebacks(settings)
    if hint:
        print(hint, file=stdout)
    from rules.i18n import lang_from_env

    lang = lang or lang_from_env()
    print(t("shell.hint", lang), file=stdout, flush=True)
    shell = Shell(settings, lang=lang, **deps)
    try:
        while True:
            if interactive:
                print(PROMPT, end="", file=stdout, flush=True)
            line = stdin.readline()
            if not line:
                break
            line = line.strip()
            if not line:
                continue
            if line.lower() in ("exit", "quit", "/exit", "/quit"):
                break
            print(shell.send(line), file=stdout, flush=True)
            if not interactive:
                print(file=stdout, flush=True)
    except KeyboardInterrupt:
        print(file=stdout)
    finally:
        shell.close()
    return 0
