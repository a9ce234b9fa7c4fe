"""The one place a question becomes a Verdict and a reply (text + Block Kit).

Slash commands, mentions, DMs and the shell all call `answer()`. Which handler answers is decided
by one table, `HANDLERS`, keyed by the grammar's words: the rules words by bot/services/verdicts.py, the
workspace words (register, report, status, alerts, duties, language) by bot/services/, and `register`
alone (the form) by its listener. Handlers take `(command, asked, deps)` and return a `Reply`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from bot.blocks.help import SLASH, supported_licenses
from bot.blocks.verdict import escape
from bot.grammar import EXAMPLES, Command, parse_command
from bot.i18n import answer_lang, rules_problem, t
from bot.listeners import register as register_handlers
from bot.listeners import reviews as review_handlers
from bot.reply import Asked, Deps, Reply
from bot.services import language, verdicts, workspace
from bot.services.audit import audit_reply
from bot.services.precedents import with_review
from bot.services.reply_cache import REPLIES
from bot.services.verdicts import RULES_WORDS, SHOW_ALL_SURFACE, help_reply, refusal
from rules import RulesError, UnknownLicenseError

logger = logging.getLogger(__name__)

Handler = Callable[[Command, Asked, Deps], Reply]


def not_available(command: Command, asked: Asked | None, deps: Deps) -> Reply:
    """A workspace word where no database is configured: what can be asked instead."""
    lang = (asked.lang if asked is not None else None) or "en"
    return refusal(t("error.not_available", lang, word=command.word, slash=SLASH,
                     name_example=EXAMPLES["name"], mau_example=EXAMPLES["mau"]))


# The dispatch table. The workspace words are bot/services/'s; the review words and `register` alone, the
# listeners' (they open forms or call bot/services/reviews.py).
HANDLERS: dict[str, Handler] = {
    **verdicts.HANDLERS,
    **register_handlers.HANDLERS,
    **workspace.HANDLERS,
    **review_handlers.HANDLERS,
    **language.HANDLERS,
}


def _rules_problem(error: RulesError, command: Command, lang: str = "en") -> Reply:
    example = EXAMPLES.get(command.word, EXAMPLES["ask"])
    message = rules_problem(error, lang).rstrip(".")
    text = t("error.rules_problem", lang, message=escape(message), slash=SLASH, example=example)
    if isinstance(error, UnknownLicenseError):
        text += t("error.known_licenses", lang, licenses=", ".join(f"`{x}`" for x in supported_licenses()))
    return refusal(text)


def answer_in_full(asked: Asked, *, deps: Deps) -> Reply:
    """The answer to `asked.text` again with every reason shown. No audit row: nothing new was asked."""
    command = parse_command(asked.text)
    handler = HANDLERS.get(command.word) if command.word in RULES_WORDS else help_reply
    asked = replace(asked, surface=SHOW_ALL_SURFACE)
    asked = replace(asked, lang=answer_lang(asked, deps))
    try:
        return (handler or help_reply)(command, asked, deps)
    except RulesError as error:
        return _rules_problem(error, command, asked.lang or "en")


def answer(asked: Asked, *, deps: Deps, command: Command | None = None,
           deliver: Callable[[Reply], None] | None = None) -> Reply:
    """Parse `asked.text` (unless `command` is given), run its handler, and return the reply.

    `deliver(reply)`, when given, is called before the audit row is written, so the row never
    delays the answer; the row is written even if delivery fails. Bad input (a quantity or license
    the rules cannot read) becomes a polite refusal here; any other exception is a bug and goes up
    to the app's error handler.
    """
    command = command or parse_command(asked.text)
    handler = HANDLERS.get(command.word, help_reply)
    # The answer's language: the asker's Slack locale, or Korean for a question written in Korean.
    asked = replace(asked, lang=answer_lang(asked, deps))
    try:
        reply = REPLIES.reply(handler, command, asked, deps)  # a rules word: remembered per exact question
    except RulesError as error:
        reply = _rules_problem(error, command, asked.lang or "en")
    # The OSPO's live decision and the "Ask the OSPO" button; a no-op unless review/unclear/prohibited.
    reply = with_review(reply, command=command, asked=asked, deps=deps)
    try:
        if deliver is not None:
            deliver(reply)
    finally:
        # Every question, verdict and change leaves an Audit row (skipped when there is no database).
        audit_reply(deps=deps, asked=asked, command=command, reply=reply)
    return reply
