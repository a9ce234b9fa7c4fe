"""Block Kit as plain dicts, in exactly the shape slack_sdk's `to_dict()` gives, with Slack's limits checked.

The verdict and status replies are built on every request; through slack_sdk's model classes,
serialising them (`to_dict` walks every attribute, sorts, runs every validator) cost about a quarter
of a rules answer's CPU (docs/performance.md). These constructors fill the same dicts directly:
keys in slack_sdk's (sorted) order, an empty text or list left out as slack_sdk leaves it out, and
the same limits checked by length, raising the same `SlackObjectFormationError`.
tests/bot/test_blocks_kit.py holds them to slack_sdk's own round trip.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackObjectFormationError

BlockDict = dict[str, Any]

HEADER_CHARS = 150
SECTION_CHARS = 3000
CONTEXT_ELEMENTS = 10
ACTIONS_ELEMENTS = 25
BUTTON_TEXT_CHARS = 75
BUTTON_VALUE_CHARS = 2000
ID_CHARS = 255


def _too_long(what: str, limit: int, unit: str = "characters") -> SlackObjectFormationError:
    return SlackObjectFormationError(f"{what} cannot exceed {limit} {unit}")


def mrkdwn(text: str) -> BlockDict:
    return {"text": text, "type": "mrkdwn"} if text else {"type": "mrkdwn"}


def plain(text: str) -> BlockDict:
    return {"emoji": True, "text": text, "type": "plain_text"} if text else {"emoji": True, "type": "plain_text"}


def header(text: str) -> BlockDict:
    if not text:
        raise SlackObjectFormationError("text attribute must be specified")
    if len(text) > HEADER_CHARS:
        raise _too_long("text attribute", HEADER_CHARS)
    return {"text": plain(text), "type": "header"}


def section(text: str) -> BlockDict:
    if len(text) > SECTION_CHARS:
        raise _too_long("text attribute", SECTION_CHARS)
    return {"text": mrkdwn(text), "type": "section"}


def context(texts: list[str]) -> BlockDict:
    if len(texts) > CONTEXT_ELEMENTS:
        raise _too_long("elements attribute", CONTEXT_ELEMENTS, "elements")
    return {"elements": [mrkdwn(x) for x in texts], "type": "context"} if texts else {"type": "context"}


def divider() -> BlockDict:
    return {"type": "divider"}


def button(*, text: str, action_id: str, value: str) -> BlockDict:
    if len(text) > BUTTON_TEXT_CHARS:
        raise _too_long("text attribute", BUTTON_TEXT_CHARS)
    if len(value) > BUTTON_VALUE_CHARS:
        raise _too_long("value attribute", BUTTON_VALUE_CHARS)
    if len(action_id) > ID_CHARS:
        raise _too_long("action_id attribute", ID_CHARS)
    element: BlockDict = {"action_id": action_id} if action_id else {}
    if text:
        element["text"] = plain(text)
    element["type"] = "button"
    if value:
        element["value"] = value
    return element


def actions(*, block_id: str, elements: list[BlockDict]) -> BlockDict:
    if len(elements) > ACTIONS_ELEMENTS:
        raise _too_long("elements attribute", ACTIONS_ELEMENTS, "elements")
    if len(block_id) > ID_CHARS:
        raise _too_long("block_id", ID_CHARS)
    block: BlockDict = {"block_id": block_id} if block_id else {}
    if elements:
        block["elements"] = elements
    block["type"] = "actions"
    return block
