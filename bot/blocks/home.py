"""The App Home tab: what Herdbook does and examples to copy."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import ContextBlock, DividerBlock, HeaderBlock, MarkdownTextObject, SectionBlock
from slack_sdk.models.views import View

from bot.blocks.help import DESCRIPTIONS, SLASH, supported_licenses
from bot.blocks.verdict import NOT_LEGAL_ADVICE, cut
from bot.grammar import EXAMPLES, WORDS


def home_view(*, licenses: list[str] | None = None) -> dict[str, Any]:
    licenses = supported_licenses() if licenses is None else licenses
    examples = "\n".join(f"\u2022 `{SLASH} {EXAMPLES[w]}`: {DESCRIPTIONS[w]}" for w in WORDS if w != "help")
    blocks = [
        HeaderBlock(text="Herdbook"),
        SectionBlock(text=MarkdownTextObject(text=(
            "I keep your Llama-based services inside Meta's Llama license: I check model names and use "
            "cases, say when monthly active users need a license from Meta, and keep the register of "
            "services with their monthly MAU."))),
        DividerBlock(),
        SectionBlock(text=MarkdownTextObject(text=cut("*Examples*\n" + examples, 3000))),
        SectionBlock(text=MarkdownTextObject(text=(
            "*Questions in plain words* work too: send me a direct message, or mention me in a channel "
            f"and I answer in the thread, e.g. _{EXAMPLES['ask']}_"))),
        ContextBlock(elements=[
            MarkdownTextObject(text=cut("License versions: " + ", ".join(f"`{x}`" for x in licenses), 2000)),
            MarkdownTextObject(text=NOT_LEGAL_ADVICE),
        ]),
    ]
    return View(type="home", blocks=blocks).to_dict()
