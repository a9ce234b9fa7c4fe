"""Every text a person would read in a Slack payload (fallback text, blocks, views), for assertions."""

from __future__ import annotations

from typing import Any


def texts(node: Any) -> list[str]:
    """The strings under every "text" key, depth first, in order."""
    found: list[str] = []

    def walk(item: Any) -> None:
        if isinstance(item, dict):
            for key, value in item.items():
                if key == "text" and isinstance(value, str):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(item, list):
            for child in item:
                walk(child)

    walk(node)
    return found
