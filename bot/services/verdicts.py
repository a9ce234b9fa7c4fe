"""The rules words (help, name, use, mau, ask): answered from `rules` alone, with no database.

Each handler is `(command, asked, deps) -> Reply`; bot.answers dispatches to them, and the OSPO
review queue (bot/services/reviews.py) asks them for the verdict a person would get.
"""

from __future__ import annotations

import rules
from bot.blocks.help import help_blocks, help_text, supported_licenses
from bot.blocks.verdict import as_dicts, message_blocks, verdict_blocks, verdict_text
from bot.grammar import Command, parse_command
from bot.i18n import t
from bot.reply import Asked, Deps, Reply
from rules import Verdict
from rules import i18n as rules_i18n

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


# The words answered by the rules alone (a verdict, no database): the only ones "Show all reasons" re-asks.
RULES_WORDS = frozenset({"name", "use", "mau", "ask"})

HANDLERS = {"help": help_reply, "name": name_reply, "use": use_reply, "mau": mau_reply, "ask": ask_reply}


def verdict_of(question: str, asked: Asked, deps: Deps) -> Verdict | None:
    """The rules' answer to `question`, as the person would get it (name/use/mau words, else a question)."""
    command = parse_command(question)
    if command.word not in RULES_WORDS:
        command = Command("ask", {"text": question}, question, command.options)
    return HANDLERS[command.word](command, asked, deps).verdict
