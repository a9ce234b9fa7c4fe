"""Block Kit as plain text, for the shell (and for reading a reply in a test failure)."""

from __future__ import annotations

import html
import re
from typing import Any

_LINK = re.compile(r"<(https?://[^|>]+)\|([^>]+)>")
_BARE_LINK = re.compile(r"<(https?://[^>]+)>")
_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|([^>]*))?>")
_CHANNEL = re.compile(r"<#([CG][A-Z0-9]+)(?:\|([^>]*))?>")


def mrkdwn_to_text(text: str) -> str:
    text = _LINK.sub(r"\2 (\1)", text)
    text = _BARE_LINK.sub(r"\1", text)
    text = _USER.sub(lambda m: "@" + (m.group(2) or m.group(1)), text)
    text = _CHANNEL.sub(lambda m: "#" + (m.group(2) or m.group(1)), text)
    return html.unescape(text)


def _text(obj: Any) -> str:
    if isinstance(obj, dict):
        return mrkdwn_to_text(str(obj.get("text", "")))
    return mrkdwn_to_text(str(obj or ""))


def _element(el: dict[str, Any]) -> str:
    kind = el.get("type")
    if kind in ("button",):
        return f"[{_text(el.get('text'))}]"
    if kind in ("mrkdwn", "plain_text"):
        return _text(el)
    if kind == "image":
        return f"({el.get('alt_text', 'image')})"
    if "placeholder" in el:
        return f"[{_text(el.get('placeholder'))} \u25be]"
    return f"[{kind}]"


def blocks_to_text(blocks: list[dict[str, Any]]) -> str:
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            title = _text(block.get("text"))
            lines += [title, "=" * min(len(title), 60)]
        elif kind == "section":
            if block.get("text"):
                lines.append(_text(block["text"]))
            for f in block.get("fields") or []:
                lines.append("  " + _text(f))
            if block.get("accessory"):
                lines.append("  " + _element(block["accessory"]))
        elif kind == "context":
            lines.append("  ".join(_element(e) for e in block.get("elements") or []))
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
