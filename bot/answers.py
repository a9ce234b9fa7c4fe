"""The one place a question becomes a Verdict and a reply (text + Block Kit).

Slash commands, mentions, DMs and the shell all call `answer()`. Which handler answers is decided
by one table, `HANDLERS`, keyed by the grammar's words: the rules words are answered here; the
workspace words (register, report, status, alerts, duties, language) by bot/services/, and `register`
alone (the form) by its listener. Handlers take `(command, asked, deps)` and return a `Reply`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace

import rules
from bot.blocks.help import SLASH, help_blocks, help_text, supported_licenses
from bot.blocks.verdict import as_dicts, escape, message_blocks, verdict_blocks, verdict_text
from bot.grammar import EXAMPLES, Command, parse_command
from bot.i18n import answer_lang, t
from bot.listeners import register as register_handlers
from bot.listeners import reviews as review_handlers
from bot.reply import Asked, Deps, Reply
from bot.services import language, workspace
from bot.services.audit import audit_reply
from bot.services.precedents import with_review
from rules import RulesError, UnknownLicenseError, Verdict
from rules import i18n as rules_i18n
from rules.verdict import EmptyInputError, QuantityError

logger = logging.getLogger(__name__)

Handler = Callable[[Command, Asked, Deps], Reply]

# `Asked.surface` of a question asked again by the "Show all reasons" button: every reason is shown.
SHOW_ALL_SURFACE = "show_all"


def _license(command: Command, deps: Deps) -> str:
    return command.options.get("license") or deps.settings.default_license


def _policy(command: Command, deps: Deps) -> str:
    return command.options.get("policy") or deps.settings.default_policy


def verdict_reply(verdict: Verdict, *, subject: str, asked: Asked | None = None) -> Reply:
    """With `asked`, a long answer folds its later reasons behind "Show all reasons" (which asks again)."""
    lang = _lang(asked)
    blocks = verdict_blocks(verdict, subject=subject, question=asked.text if asked else None,
                            expanded=asked is not None and asked.surface == SHOW_ALL_SURFACE, lang=lang)
    return Reply(text=verdict_text(verdict, subject=subject, lang=lang), blocks=as_dicts(blocks), verdict=verdict)


def _lang(asked: Asked | None) -> str:
    return (asked.lang if asked is not None else None) or "en"


def refusal(text: str) -> Reply:
    """A polite answer to input that could not be used: what was wrong, what to send instead."""
    return Reply(text=text, blocks=as_dicts(message_blocks(text)), ok=False)


# -- rules handlers -------------------------------------------------------------------------------
def help_reply(command: Command, asked: Asked, deps: Deps) -> Reply:
    args = command.args
    kw = {"topic": args.get("topic"), "problem": args.get("problem"), "unknown": args.get("unknown")}
    licenses = supported_licenses()
    # A malformed command is still answered with help, but it was not a valid request.
    ok = kw["problem"] is None and kw["unknown"] is None
    lang = _lang(asked)
    return Reply(text=help_text(**kw, licenses=licenses, lang=lang),
                 blocks=as_dicts(help_blocks(**kw, licenses=licenses, lang=lang)), ok=ok)


def name_reply(command: Command, asked: Asked, deps: Deps) -> Reply:
    name = command.args["name"]
    verdict = rules.check_name(name, license=_license(command, deps), policy=_policy(command, deps))
    return verdict_reply(verdict, subject=t("verdict.subject_name", _lang(asked), name=name), asked=asked)


def use_reply(command: Command, asked: Asked, deps: Deps) -> Reply:
    a = command.args
    mau = rules.parse_mau(a["mau"]) if a.get("mau") else None
    target = rules.parse_mau(a["target"]) if a.get("target") else None
    verdict = rules.check_use(a["text"], license=_license(command, deps), policy=_policy(command, deps),
                              mau=mau, target_mau=target)
    lang = _lang(asked)
    subject = t("verdict.subject_use", lang, text=a["text"])
    if mau is not None:
        subject += t("verdict.subject_use_mau", lang, mau=rules_i18n.count(mau, lang))
    if target is not None:
        subject += t("verdict.subject_use_target", lang, mau=rules_i18n.count(target, lang))
    return verdict_reply(verdict, subject=subject, asked=asked)


def mau_reply(command: Command, asked: Asked, deps: Deps) -> Reply:
    verdict = rules.check_mau(command.args["qty"], license=_license(command, deps), policy=_policy(command, deps))
    lang = _lang(asked)
    shown = rules_i18n.count(verdict.mau, lang) if verdict.mau is not None else command.args["qty"]
    return verdict_reply(verdict, subject=t("verdict.subject_mau", lang, mau=shown), asked=asked)


def ask_reply(command: Command, asked: Asked, deps: Deps) -> Reply:
    text = command.args["text"]
    verdict = rules.ask(text, license=command.options.get("license"), policy=_policy(command, deps))
    return verdict_reply(verdict, subject=t("verdict.subject_question", _lang(asked), text=text), asked=asked)


def not_available(command: Command, asked: Asked, deps: Deps) -> Reply:
    return refusal(t("error.not_available", _lang(asked), word=command.word, slash=SLASH,
                     name_example=EXAMPLES["name"], mau_example=EXAMPLES["mau"]))


# The words answered by the rules alone (a verdict, no database): the only ones "Show all reasons" re-asks.
RULES_WORDS = frozenset({"name", "use", "mau", "ask"})

# The dispatch table. The workspace words are bot/services/'s; the review words and `register` alone, the
# listeners' (they open forms or call bot/services/reviews.py).
HANDLERS: dict[str, Handler] = {
    "help": help_reply,
    "name": name_reply,
    "use": use_reply,
    "mau": mau_reply,
    "ask": ask_reply,
    **register_handlers.HANDLERS,
    **workspace.HANDLERS,
    **review_handlers.HANDLERS,
    **language.HANDLERS,
}


def _error_in(error: RulesError, lang: str) -> str:
    """The rules' bad-input message in `lang`: its own (English) words, or the rules catalog's error.* entry
    with the input it quoted (as `llama-check --lang ko` says it)."""
    message = str(error)
    if lang == "en":
        return message
    quoted = re.search(r"'[^']*'|\"[^\"]*\"", message)
    shown = quoted.group(0) if quoted else message
    if isinstance(error, EmptyInputError):
        return rules_i18n.error("empty", lang)
    if isinstance(error, QuantityError):
        return rules_i18n.error("quantity", lang, input=shown)
    if isinstance(error, UnknownLicenseError):
        return rules_i18n.error("unknown_license", lang, input=shown)
    return rules_i18n.error("input", lang, detail=message)


def _rules_problem(error: RulesError, command: Command, lang: str = "en") -> Reply:
    example = EXAMPLES.get(command.word, EXAMPLES["ask"])
    message = _error_in(error, lang).rstrip(".")
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
        reply = handler(command, asked, deps)
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
