"""Block builders as plain functions: Slack's limits hold for long input; plain-text rendering for the shell."""

from __future__ import annotations

import pytest

from bot.blocks.help import help_blocks, help_text
from bot.blocks.home import home_view
from bot.blocks.plain import blocks_to_text, mrkdwn_to_text
from bot.blocks.verdict import as_dicts, verdict_blocks, verdict_text
from rules import Reason, Verdict

LICENSES = ["llama-2", "llama-3.1"]


def _verdict(**kw: object) -> Verdict:
    base = {"kind": "name", "verdict": "prohibited", "license": "llama-2", "policy": "guide",
            "reasons": (Reason("naming.prefix", "guide: Naming", "policy", "Lead with your own brand."),),
            "suggestions": ("Acme (based on Llama 2)",)}
    return Verdict(**{**base, **kw})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("verdict", "word"),
    [("allowed", "allowed"), ("prohibited", "prohibited"), ("license_required", "license required"),
     ("review", "needs review"), ("unclear", "unclear")],
)
def test_text_fallback_starts_with_the_verdict_word(verdict: str, word: str) -> None:
    v = _verdict(verdict=verdict)
    assert verdict_text(v, subject="Name X").startswith(word)
    assert as_dicts(verdict_blocks(v, subject="Name X"))[0]["type"] == "header"


def test_long_and_many_reasons_stay_within_slack_limits() -> None:
    reasons = tuple(Reason(f"r{i}", "AUP 1.a" * 30, "license", "x" * 5000) for i in range(20))
    v = _verdict(reasons=reasons, suggestions=tuple("s" * 4000 for _ in range(9)), notes=("n" * 3000,))
    blocks = as_dicts(verdict_blocks(v, subject="S" * 5000))  # to_dict() validates every limit
    assert len(blocks) <= 50
    assert all(len(b.get("text", {}).get("text", "")) <= 3000 for b in blocks)
    assert str(blocks).count("x" * 100) >= 20  # every reason is there, none "not shown"
    folded = as_dicts(verdict_blocks(v, subject="S", question="ask S"))
    assert "Show all reasons (15 more)" in str(folded)
    assert len(verdict_text(v, subject="S" * 5000)) <= 3000


def test_user_text_cannot_become_a_mention_or_link() -> None:
    blocks = as_dicts(verdict_blocks(_verdict(), subject="Name <!channel> <@U1>"))
    assert "<!channel>" not in str(blocks) and "&lt;!channel&gt;" in str(blocks)


def test_help_with_a_topic_is_short_and_names_the_usage() -> None:
    text = blocks_to_text(as_dicts(help_blocks(topic="report", unknown="reprot", licenses=LICENSES)))
    assert "Did you mean `report`" in text
    assert "/llama-check report SERVICE QTY [for YYYY-MM]" in text
    assert "not legal advice" in text
    assert "Send `/llama-check help`" in help_text(topic="report", unknown="reprot", licenses=LICENSES)


def test_home_view_is_a_valid_home_tab() -> None:
    view = home_view(licenses=LICENSES)
    assert view["type"] == "home"
    assert "/llama-check mau 800M" in str(view["blocks"])


@pytest.mark.parametrize(
    ("mrkdwn", "text"),
    [
        ("*bold* and _italic_ keep custom_llm_v2", "bold and italic keep custom_llm_v2"),
        ("<https://llama.com|Llama> by <@U1|alice> in <#C1|alerts>", "Llama (https://llama.com) by @alice in #alerts"),
        (":no_entry: Prohibited", "\u26d4 Prohibited"),
        ("a &lt;b&gt; &amp; c", "a <b> & c"),
    ],
)
def test_mrkdwn_to_text(mrkdwn: str, text: str) -> None:
    assert mrkdwn_to_text(mrkdwn) == text


def test_mentions_use_known_names() -> None:
    assert mrkdwn_to_text("owner <@U0SHELL> in <#C1>", names={"U0SHELL": "you", "C1": "general"}) == \
        "owner @you in #general"


def test_blocks_to_text_covers_buttons_and_inputs() -> None:
    blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": "Check-in"}},
        {"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": "Report"}}]},
        {"type": "input", "label": {"type": "plain_text", "text": "MAU"},
         "element": {"type": "plain_text_input", "placeholder": {"type": "plain_text", "text": "5M"}}},
    ]
    assert blocks_to_text(blocks) == "Check-in\n========\n[Report]\nMAU: [5M \u25be]"
