"""Help: every subcommand with an example, the license versions Herdbook knows, a not-legal-advice line.

With a topic (a mistyped or malformed subcommand) the answer leads with what was wrong and the
closest subcommand's usage and example, then the full list.
"""

from __future__ import annotations

from slack_sdk.models.blocks import Block, ContextBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from bot.blocks.verdict import cut, escape
from bot.grammar import MORE_WORDS, WORDS, example, usage
from bot.i18n import t, translated

SLASH = "/llama-check"

# The words help describes, each with its catalog description (help.desc_<word>).
DESCRIPTIONS: dict[str, str] = {w: t(f"help.desc_{w}", "en") for w in WORDS}


def supported_licenses() -> list[str]:
    """The license packs the rules engine ships, e.g. ["llama-1", "llama-2", ...]."""
    from rules.data import list_packs

    return [p if isinstance(p, str) else p.id for p in list_packs()]


def _lead(*, topic: str | None, problem: str | None, unknown: str | None, lang: str = "en") -> str | None:
    if topic is None and problem is None and unknown is None:
        return None
    parts: list[str] = []
    if problem:
        parts.append(translated(problem, "problem", lang))
    if unknown and topic:
        parts.append(t("help.unknown_did_you_mean", lang, unknown=escape(unknown), topic=topic))
    elif unknown:
        parts.append(t("help.unknown", lang, unknown=escape(unknown)))
    if topic:
        parts.append(t("help.usage", lang, slash=SLASH, usage=usage(topic, lang), example=example(topic, lang)))
    return "\n".join(parts)


def help_text(*, topic: str | None = None, problem: str | None = None, unknown: str | None = None,
              licenses: list[str] | None = None, lang: str = "en") -> str:
    licenses = supported_licenses() if licenses is None else licenses
    lead = _lead(topic=topic, problem=problem, unknown=unknown, lang=lang)
    if lead:
        return cut(f"{lead}\n{t('help.every_command', lang, slash=SLASH)}", 3000)
    listing = "; ".join(f"{SLASH} {example(w, lang)}" for w in WORDS if w != "help")
    text = t("help.intro", lang, listing=listing, licenses=", ".join(licenses), footer=t("verdict.footer", lang))
    return cut(text, 3000)


def help_blocks(*, topic: str | None = None, problem: str | None = None, unknown: str | None = None,
                licenses: list[str] | None = None, lang: str = "en") -> list[Block]:
    licenses = supported_licenses() if licenses is None else licenses
    footer = t("verdict.footer", lang)
    blocks: list[Block] = []
    lead = _lead(topic=topic, problem=problem, unknown=unknown, lang=lang)
    if lead:
        # A correction stays short: what was wrong, the closest usage, and where the full list is.
        blocks.append(SectionBlock(text=MarkdownTextObject(text=cut(lead, 3000))))
        blocks.append(ContextBlock(elements=[MarkdownTextObject(
            text=t("help.every_command_footer", lang, slash=SLASH, footer=footer))]))
        return blocks
    blocks.append(HeaderBlock(text=t("help.header", lang)))
    lines = [t("help.line", lang, slash=SLASH, usage=usage(w, lang), description=t(f"help.desc_{w}", lang),
               example=example(w, lang)) for w in (*WORDS, *MORE_WORDS)]
    lines.append(t("help.anything_else", lang, slash=SLASH, example=example("ask", lang)))
    blocks.append(SectionBlock(text=MarkdownTextObject(text=cut("\n".join(lines), 3000))))
    blocks.append(SectionBlock(text=MarkdownTextObject(text=cut(
        t("help.surfaces", lang, slash=SLASH, licenses=", ".join(f"`{x}`" for x in licenses)), 3000))))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=footer)]))
    return blocks
