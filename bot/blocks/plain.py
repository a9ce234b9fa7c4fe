"""Block Kit as plain text, for the shell (and for reading a reply in a test failure)."""

from __future__ import annotations

import html
import re
from typing import Any

_LINK = re.compile(r"<(https?://[^|>]+)\|([^>]+)>")
_BARE_LINK = re.compile(r"<(https?://[^>]+)>")
_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")
_CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|([^>]*))?>")


_BOLD = re.compile(r"(?<![\w*])\*(\S(?:.*?\S)?)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w_])_(\S(?:.*?\S)?)_(?![\w_])")
_EMOJI = {":white_check_mark:": "\u2705", ":no_entry:": "\u26d4", ":warning:": "\u26a0\ufe0f", ":mag:": "\U0001f50d",
          ":grey_question:": "\u2754", ":bell:": "\U0001f514", ":chart_with_upwards_trend:": "\U0001f4c8"}
_EMOJI_CODE = re.compile(r":[a-z0-9_+-]+:")


def mrkdwn_to_text(text: str, *, names: dict[str, str] | None = None) -> str:
    """Links, mentions and channels as readable text; emphasis markers dropped; known emoji drawn.

    `names` maps user and channel ids to names, for mentions Slack would draw with the name.
    """
    names = names or {}
    text = _EMOJI_CODE.sub(lambda m: _EMOJI.get(m.group(0), m.group(0)), text)
    text = _BOLD.sub(r"\1", text)
    text = _ITALIC.sub(r"\1", text)
    text = _LINK.sub(r"\2 (\1)", text)
    text = _BARE_LINK.sub(r"\1", text)
    text = _USER.sub(lambda m: "@" + (m.group(2) or names.get(m.group(1)) or m.group(1)), text)
    text = _CHANNEL.sub(lambda m: "#" + (m.group(2) or names.get(m.group(1)) or m.group(1)), text)
    return html.unescape(text)


def _text(obj: Any, names: dict[str, str] | None = None) -> str:
    if isinstance(obj, dict):
        return mrkdwn_to_text(str(obj.get("text", "")), names=names)
    return mrkdwn_to_text(str(obj or ""), names=names)


def _element(el: dict[str, Any], names: dict[str, str] | None = None) -> str:
    kind = el.get("type")
    if kind in ("button",):
        return f"[{_text(el.get('text'))}]"
    if kind in ("mrkdwn", "plain_text"):
        return _text(el, names)
    if kind == "image":
        return f"({el.get('alt_text', 'image')})"
    if "placeholder" in el:
        return f"[{_text(el.get('placeholder'))} \u25be]"
    return f"[{kind}]"


def blocks_to_text(blocks: list[dict[str, Any]], *, names: dict[str, str] | None = None) -> str:
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            title = _text(block.get("text"))
            lines += [title, "=" * min(len(title), 60)]
        elif kind == "section":
            if block.get("text"):
                lines.append(_text(block["text"], names))
            for f in block.get("fields") or []:
                lines.append("  " + _text(f, names))
            if block.get("accessory"):
                lines.append("  " + _element(block["accessory"]))
        elif kind == "context":
            lines.append("  ".join(_element(e, names) for e in block.get("elements") or []))
        elif kind == "divider":
            lines.append("-" * 40)
        elif kind == "actions":
            lines.append(" ".join(_element(e) for e in block.get("elements") or []))
        elif kind == "input":
            label = _text(block.get("label"))
            lines.append(f"{label}: {_element(block.get('element') or {})}")
        elif kind == "rich_text":
            lines.append("".join(str(e.get("text", "")) for s in block.get("elements") or []
                                 for e in s.get("elements") or []))
        else:
            lines.append(f"[{kind}]")
    return "\n".join(lines)
