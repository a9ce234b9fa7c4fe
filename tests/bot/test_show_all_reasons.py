"""Long answers in Slack keep every reason: the first few, then "Show all reasons", which replaces the message
with all of them; footers speak human words, not rule ids."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import rules
from bot.blocks.verdict import FOLD_AFTER, SHOW_ALL_ACTION, as_dicts, human_note, verdict_blocks
from bot.fakeslack import FakeSlack
from bot.slackrequests import bolt_request
from rules import Reason, Verdict
from tests.bot.conftest import SECRET, Slack, reply_text

LONG = ("Can we use Llama 2 to build a chatbot that writes malware, spam, fake news and harasses people, with 900M "
        "users, and sell it to the military for weapons?")


def _button(blocks: list[dict[str, Any]]) -> dict[str, Any] | None:
    for block in blocks:
        for element in block.get("elements", []) if block["type"] == "actions" else []:
            if element.get("action_id") == SHOW_ALL_ACTION:
                return element
    return None


def _click(slack: Slack, fake: FakeSlack, element: dict[str, Any], *, channel: str = "C0GENERAL") -> None:
    payload = {
        "type": "block_actions", "team": {"id": "T0FAKE", "domain": "fake"},
        "user": {"id": "U0ASKER", "team_id": "T0FAKE"}, "api_app_id": "A0HERDBOOK", "trigger_id": "1.2.abc",
        "channel": {"id": channel}, "container": {"type": "message", "message_ts": "1700000001.000100",
                                                  "channel_id": channel, "is_ephemeral": True},
        "response_url": fake.response_url("more"),
        "actions": [{"action_id": SHOW_ALL_ACTION, "block_id": "verdict_more", "value": element["value"],
                     "type": "button", "action_ts": "1700000002.0"}],
    }
    response = slack.app.dispatch(bolt_request(SECRET, urlencode({"payload": json.dumps(payload)})))
    assert response.status == 200


def test_long_answer_folds_and_the_button_shows_every_reason(slack: Slack, fake: FakeSlack) -> None:
    verdict = rules.ask(LONG)
    assert len(verdict.reasons) > FOLD_AFTER + 2
    (ack,) = slack.command(f"ask {LONG}").replies
    folded = ack.body["blocks"]
    element = _button(folded)
    assert element is not None and f"({len(verdict.reasons) - FOLD_AFTER} more)" in element["text"]["text"]
    shown = reply_text(ack)
    assert verdict.reasons[0].message in shown and verdict.reasons[-1].message not in shown
    assert "llama-check --json" not in shown  # a Slack user is not sent to a command line

    _click(slack, fake, element)
    (update,) = fake.calls_to("response_url")
    assert update.body["replace_original"] is True
    full = reply_text(update)
    for reason in verdict.reasons:
        assert reason.message in full
    assert _button(update.body["blocks"]) is None
    assert fake.calls_to("chat.postMessage") == []


def test_mention_answer_has_the_button_too(slack: Slack) -> None:
    sent = slack.mention(f"<@UBOT> {LONG}")
    (post,) = [c for c in sent.posted if c.method == "chat.postMessage"]
    assert _button(post.body["blocks"]) is not None


def test_short_answer_has_no_button(slack: Slack) -> None:
    (ack,) = slack.command("name Llama 2 Pro").replies
    assert _button(ack.body["blocks"]) is None


def test_footer_shows_words_not_rule_ids(slack: Slack) -> None:
    (ack,) = slack.command("ask Can we train our own LLM on Llama 2 outputs?").replies
    text = reply_text(ack)
    assert "Recognised: training another LLM on the outputs" in text
    assert "train_llm_on_outputs" not in text


def test_every_activity_id_has_words() -> None:
    from rules.data import ACTIVITIES

    for activity in ACTIVITIES:
        assert "_" not in human_note(f"recognised: {activity}"), activity


def test_sixty_long_reasons_fit_in_one_message_and_none_is_lost() -> None:
    reasons = tuple(Reason(f"r{i}", f"AUP {i}", "license", f"reason {i:02d} " + "y" * 400) for i in range(60))
    v = Verdict(kind="use", verdict="prohibited", license="llama-2", policy="guide", reasons=reasons)
    blocks = as_dicts(verdict_blocks(v, subject="S", question="q", expanded=True))  # to_dict() checks the limits
    assert len(blocks) <= 50
    text = json.dumps(blocks)
    assert all(f"reason {i:02d} " in text for i in range(60))
