"""`/llama-check language ko|en`: the language of the workspace's channel messages (threshold alerts,
missing-report summaries). Admins only. Alone, `language` says which one is set.

Each person's own answers, DMs, check-ins and App Home follow their Slack locale (bot/i18n.py); the
channel is read by many people, so it has one language for the workspace.
"""

from __future__ import annotations

from bot.blocks.verdict import as_dicts, escape, message_blocks
from bot.grammar import Command
from bot.i18n import LANGS, t
from bot.reply import Asked, Deps, Reply
from bot.services.workspace import workspace_of
from bot.storage.db import session_scope
from bot.storage.users import is_admin

SLASH = "/llama-check"
# What an admin may type for each language.
CHOICES = {"en": "en", "english": "en", "en-us": "en", "영어": "en",
           "ko": "ko", "korean": "ko", "ko-kr": "ko", "한국어": "ko", "한국말": "ko"}


def language_reply(command: Command, asked: Asked, deps: Deps) -> Reply:
    lang = asked.lang or "en"
    wanted_raw = command.args.get("language")
    wanted = CHOICES.get(str(wanted_raw).casefold()) if wanted_raw else None
    with session_scope(deps.engine) as session:
        ws = workspace_of(session, asked, deps)
        current = ws.language if ws.language in LANGS else "en"
        if wanted_raw is None or wanted is None:
            text = t("language.current", lang, language=t(f"language.name_{current}", lang), slash=SLASH)
            if wanted_raw is not None:  # something other than ko or en: say what was not understood
                text = f"`{escape(str(wanted_raw))}`?\n{text}"
            return Reply(text=text, blocks=as_dicts(message_blocks(text)), ok=wanted_raw is None)
        allowed = bool(asked.user_id) and asked.client is not None and is_admin(
            session=session, client=asked.client, workspace_id=ws.id, user_id=asked.user_id, now=asked.now)
        if not allowed:
            text = t("language.not_admin", lang)
            return Reply(text=text, blocks=as_dicts(message_blocks(text)), ok=False)
        ws.language = wanted
        session.add(ws)
    text = t(f"language.set_{wanted}", lang)
    return Reply(text=text, blocks=as_dicts(message_blocks(text)))


HANDLERS = {"language": language_reply}
