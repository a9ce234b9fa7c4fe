"""The plain-dict Block Kit (bot/blocks/kit.py) is exactly what slack_sdk's models would send."""

from __future__ import annotations

import json
from typing import Any

import pytest
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

import rules
from bot.blocks import kit
from bot.blocks.status import StatusRow, status_blocks
from bot.blocks.verdict import as_dicts, message_blocks, verdict_blocks
from rules import Reason, Verdict

TEXTS = ["", "x", "a <b> & *c*", "라마 2", "y" * 150]


def _same(ours: dict[str, Any], theirs: Any) -> None:
    """Equal, and serialised byte for byte alike (key order included): the payload Slack gets is unchanged."""
    expected = theirs.to_dict()
    assert ours == expected
    assert json.dumps(ours, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)


@pytest.mark.parametrize("text", TEXTS)
def test_constructors_match_slack_sdk(text: str) -> None:
    if text:
        _same(kit.header(text), HeaderBlock(text=text))
    _same(kit.section(text), SectionBlock(text=MarkdownTextObject(text=text)))
    _same(kit.context([text, "footer"]), ContextBlock(elements=[MarkdownTextObject(text=text),
                                                                MarkdownTextObject(text="footer")]))
    _same(kit.actions(block_id="more", elements=[kit.button(text=text[:75], action_id="act", value=text)]),
          ActionsBlock(block_id="more", elements=[ButtonElement(text=text[:75], action_id="act", value=text)]))


def test_empty_context_and_divider_match_slack_sdk() -> None:
    _same(kit.context([]), ContextBlock(elements=[]))
    _same(kit.divider(), DividerBlock())


@pytest.mark.parametrize(
    ("build", "model"),
    [
        (lambda: kit.header("h" * 151), lambda: HeaderBlock(text="h" * 151)),
        (lambda: kit.header(""), lambda: HeaderBlock(text="")),
        (lambda: kit.section("s" * 3001), lambda: SectionBlock(text=MarkdownTextObject(text="s" * 3001))),
        (lambda: kit.context(["c"] * 11), lambda: ContextBlock(elements=[MarkdownTextObject(text="c")] * 11)),
        (lambda: kit.button(text="b" * 76, action_id="a", value="v"),
         lambda: ButtonElement(text="b" * 76, action_id="a", value="v")),
        (lambda: kit.button(text="b", action_id="a", value="v" * 2001),
         lambda: ButtonElement(text="b", action_id="a", value="v" * 2001)),
    ],
)
def test_limits_are_refused_like_slack_sdk(build: Any, model: Any) -> None:
    with pytest.raises(SlackObjectFormationError):
        model().to_dict()
    with pytest.raises(SlackObjectFormationError):
        build()


def _round_trip(blocks: list[dict[str, Any]]) -> None:
    for block in blocks:
        parsed = Block.parse(block)
        assert parsed is not None
        _same(block, parsed)


QUESTIONS = [
    ("ask", "can we fine-tune Llama 2 and sell API access?"),
    ("ask", "we want to use llama 3 to screen job applicants and decide who gets hired"),
    ("ask", "라마2 상업적 이용 가능한가요?"),
    ("name", "Llama 2 Pro"),
    ("name", "<!channel> & Meta Llama"),
    ("mau", "800M"),
    ("use", "customer support chatbot"),
]


@pytest.mark.parametrize(("cmd", "text"), QUESTIONS)
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_verdict_blocks_are_what_slack_sdk_would_send(cmd: str, text: str, lang: str) -> None:
    verdict = {"ask": lambda: rules.ask(text), "name": lambda: rules.check_name(text),
               "mau": lambda: rules.check_mau(text), "use": lambda: rules.check_use(text, mau=5_000_000)}[cmd]()
    for question, expanded in ((None, False), (text, False), (text, True)):
        _round_trip(as_dicts(verdict_blocks(verdict, subject=text, question=question, expanded=expanded, lang=lang)))


def test_folded_and_empty_verdicts_are_what_slack_sdk_would_send() -> None:
    reasons = tuple(Reason(f"r{i}", "AUP 1.a", "license", f"reason {i}") for i in range(8))
    many = Verdict(kind="ask", verdict="review", license="llama-2", policy="guide", reasons=reasons,
                   suggestions=("one", "two"), notes=("recognised: fine_tune",))
    folded = as_dicts(verdict_blocks(many, subject="S", question="q"))
    assert any(b["type"] == "actions" for b in folded)
    _round_trip(folded)
    empty = Verdict(kind="name", verdict="unclear", license="llama-2", policy="guide", reasons=(), suggestions=())
    _round_trip(as_dicts(verdict_blocks(empty, subject="")))
    _round_trip(message_blocks("a refusal with <@U1> kept"))


@pytest.mark.parametrize("n", [0, 1, 41])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_status_blocks_are_what_slack_sdk_would_send(n: int, lang: str) -> None:
    rows = [StatusRow(name=f"Service {i}", license="llama-3.1", owner_id=f"U{i:08d}" if i % 2 else None,
                      month="2026-10" if i % 3 else None, value=1_000_000 * i if i % 3 else None) for i in range(n)]
    blocks = status_blocks(rows=rows, month="2026-10", total=sum(r.value or 0 for r in rows), carried=1,
                           verdict_label="allowed", forecast="Forecast: not within 36 months.", alert_channel="C1",
                           lang=lang)
    _round_trip(as_dicts(blocks))
