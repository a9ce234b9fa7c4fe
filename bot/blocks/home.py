"""The App Home tab: what Herdbook does and examples to copy."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import ContextBlock, DividerBlock, HeaderBlock, MarkdownTextObject, SectionBlock
from slack_sdk.models.views import View

from bot.blocks.help import SLASH, supported_licenses
from bot.blocks.verdict import cut
from bot.grammar import EXAMPLES, WORDS
from bot.i18n import t


def home_view(*, licenses: list[str] | None = None, lang: str = "en") -> dict[str, Any]:
    licenses = supported_licenses() if licenses is None else licenses
    examples = "\n".join(t("home.example", lang, slash=SLASH, example=EXAMPLES[w], description=t(f"help.desc_{w}", lang))
                         for w in WORDS if w != "help")
    blocks = [
        HeaderBlock(text=t("home.header", lang)),
        SectionBlock(text=MarkdownTextObject(text=t("home.intro", lang))),
        DividerBlock(),
        SectionBlock(text=MarkdownTextObject(text=cut(t("home.examples", lang, examples=examples), 3000))),
        SectionBlock(text=MarkdownTextObject(text=t("home.plain_words", lang, example=EXAMPLES["ask"]))),
        ContextBlock(elements=[
            MarkdownTextObject(text=cut(t("home.licenses", lang, licenses=", ".join(f"`{x}`" for x in licenses)),
                                        2000)),
            MarkdownTextObject(text=t("verdict.footer", lang)),
        ]),
    ]
    return View(type="home", blocks=blocks).to_dict()
