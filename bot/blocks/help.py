"""Help: every subcommand with an example, the license versions Herdbook knows, a not-legal-advice line.

With a topic (a mistyped or malformed subcommand) the answer leads with what was wrong and the
closest subcommand's usage and example, then the full list.
"""

from __future__ import annotations

from slack_sdk.models.blocks import Block, ContextBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from bot.blocks.verdict import NOT_LEGAL_ADVICE, cut, escape
from bot.grammar import EXAMPLES, USAGE, WORDS

SLASH = "/llama-check"

DESCRIPTIONS: dict[str, str] = {
    "help": "this list",
    "name": "is a model or product name allowed?",
    "use": "is a use case allowed, at this MAU and growth target?",
    "mau": "does this many monthly active users need a license from Meta?",
    "register": "add a Llama-based service to the workspace register (alone: opens a form)",
    "report": "record a service's MAU for a month (default: last month)",
    "status": "services, latest MAU, company total, alert level, forecast",
    "alerts": "the channel that hears threshold alerts",
}


def supported_licenses() -> list[str]:
    """The license packs the rules engine ships, e.g. ["llama-1", "llama-2", ...]."""
    from rules.data import list_packs

    return [p if isinstance(p, str) else p.id for p in list_packs()]


def _lead(*, topic: str | None, problem: str | None, unknown: str | None) -> str | None:
    if topic is None and problem is None and unknown is None:
        return None
    parts: list[str] = []
    if problem:
        parts.append(problem)
    if unknown and topic:
        parts.append(f"I don't know `{escape(unknown)}`. Did you mean `{topic}`?")
    elif unknown:
        parts.append(f"I don't know `{escape(unknown)}`.")
    if topic:
        parts.append(f"Usage: `{SLASH} {USAGE[topic]}`\nExample: `{SLASH} {EXAMPLES[topic]}`")
    return "\n".join(parts)


def help_text(*, topic: str | None = None, problem: str | None = None, unknown: str | None = None,
              licenses: list[str] | None = None) -> str:
    licenses = supported_licenses() if licenses is None else licenses
    lead = _lead(topic=topic, problem=problem, unknown=unknown)
    if lead:
        return cut(f"{lead}\nSend `{SLASH} help` for every command.", 3000)
    listing = "; ".join(f"{SLASH} {EXAMPLES[w]}" for w in WORDS if w != "help")
    text = (f"Herdbook help. Try: {listing}; or ask a question in plain words. "
            f"License versions: {', '.join(licenses)}. {NOT_LEGAL_ADVICE}")
    return cut(f"{lead}\n{text}" if lead else text, 3000)


def help_blocks(*, topic: str | None = None, problem: str | None = None, unknown: str | None = None,
                licenses: list[str] | None = None) -> list[Block]:
    licenses = supported_licenses() if licenses is None else licenses
    blocks: list[Block] = []
    lead = _lead(topic=topic, problem=problem, unknown=unknown)
    if lead:
        # A correction stays short: what was wrong, the closest usage, and where the full list is.
        blocks.append(SectionBlock(text=MarkdownTextObject(text=cut(lead, 3000))))
        blocks.append(ContextBlock(elements=[MarkdownTextObject(
            text=f"Send `{SLASH} help` for every command. {NOT_LEGAL_ADVICE}")]))
        return blocks
    blocks.append(HeaderBlock(text="Herdbook: Llama license checks"))
    lines = [f"`{SLASH} {USAGE[w]}`: {DESCRIPTIONS[w]}\n    e.g. `{SLASH} {EXAMPLES[w]}`" for w in WORDS]
    lines.append(f"Anything else is read as a question, e.g. `{SLASH} {EXAMPLES['ask']}`")
    blocks.append(SectionBlock(text=MarkdownTextObject(text=cut("\n".join(lines), 3000))))
    blocks.append(SectionBlock(text=MarkdownTextObject(text=cut(
        "The same words work after `@Herdbook` in a channel and in a direct message.\n"
        "Put `--license ID` first to check against another version, e.g. "
        f"`{SLASH} --license llama-3.1 name Llama Support`.\n"
        "*License versions:* " + ", ".join(f"`{x}`" for x in licenses), 3000))))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=NOT_LEGAL_ADVICE)]))
    return blocks
