"""Block Kit for one Verdict: verdict, reasons with clause and source, suggestions, a small footer.

Built with slack_sdk.models so Slack's limits (3000 characters a section, 150 a header, 10 context
elements) are checked when the blocks are serialised; long texts are cut before that.
"""

from __future__ import annotations

import re
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.escape import slack_escape
from rules import Verdict

NOT_LEGAL_ADVICE = "Herdbook reads the public Llama license texts and your policy; this is not legal advice."

EMOJI = {
    "allowed": ":white_check_mark:",
    "prohibited": ":no_entry:",
    "license_required": ":warning:",
    "review": ":mag:",
    "unclear": ":grey_question:",
}
SOURCE_LABEL = {"license": "license text", "policy": "policy"}
MAX_REASONS = 8
MAX_SUGGESTIONS = 5


def cut(text: str, limit: int) -> str:
    """Shorten to `limit` characters with an ellipsis (Slack rejects longer fields outright).

    An escape (`&lt;`) is never cut in half: a stray `&l` would read as garbage."""
    if len(text) <= limit:
        return text
    return re.sub(r"&[a-z]{0,4}$", "", text[: limit - 1]).rstrip() + "\u2026"


# The one escaping function (bot/escape.py), under the name the builders have always imported.
escape = slack_escape


def verdict_text(verdict: Verdict, *, subject: str) -> str:
    """The plain fallback: starts with the verdict word, then what was asked and the first reason."""
    first = verdict.reasons[0].message if verdict.reasons else ""
    text = f"{verdict.label}: {subject} ({verdict.license}, policy {verdict.policy})."
    if first:
        text += f" {first}"
    if verdict.suggestions:
        text += " Try: " + "; ".join(verdict.suggestions[:MAX_SUGGESTIONS]) + "."
    # Nothing here is a mention Herdbook built, and the subject echoes the question: escape it all.
    return cut(escape(text), 3000)


def verdict_blocks(verdict: Verdict, *, subject: str) -> list[Block]:
    blocks: list[Block] = [
        HeaderBlock(text=cut(f"{EMOJI.get(verdict.verdict, '')} {verdict.label.capitalize()}".strip(), 150)),
        SectionBlock(text=MarkdownTextObject(text=cut(
            f"{escape(subject)}\n_License_ `{verdict.license}` \u00b7 _policy_ `{verdict.policy}`"
            + (f" \u00b7 _MAU_ {verdict.mau:,}" if verdict.mau is not None else ""), 3000))),
    ]
    for reason in verdict.reasons[:MAX_REASONS]:
        source = SOURCE_LABEL.get(reason.source, reason.source)
        blocks.append(SectionBlock(text=MarkdownTextObject(
            text=cut(f"*{escape(reason.clause)}* \u00b7 _{source}_\n{escape(reason.message)}", 3000))))
    if len(verdict.reasons) > MAX_REASONS:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(
            text=f"{len(verdict.reasons) - MAX_REASONS} more reasons not shown; `llama-check --json` lists all.")]))
    if verdict.suggestions:
        lines = "\n".join(f"\u2022 {escape(s)}" for s in verdict.suggestions[:MAX_SUGGESTIONS])
        blocks.append(SectionBlock(text=MarkdownTextObject(text=cut(f"*Try instead*\n{lines}", 3000))))
    footer = [escape(n) for n in verdict.notes[:3]] + [NOT_LEGAL_ADVICE]
    blocks.append(DividerBlock())
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=cut(t, 2000)) for t in footer]))
    return blocks


def message_blocks(text: str) -> list[Block]:
    """A plain message (refusals, "not available yet", problems) as one section."""
    return [SectionBlock(text=MarkdownTextObject(text=cut(text, 3000)))]


def as_dicts(blocks: list[Block]) -> list[dict[str, Any]]:
    """Serialise (and so validate against Slack's limits)."""
    return [b.to_dict() for b in blocks]
