"""The review queue's words in the one grammar, and its pure Block Kit builders."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from bot.blocks import reviews as ui
from bot.grammar import ChannelRef, GroupRef, parse_command


@pytest.mark.parametrize(
    ("text", "word", "args"),
    [
        ("reviews <#C0OSPO|ospo>", "reviews", {"channel": ChannelRef("C0OSPO", "ospo")}),
        ("reviews #ospo-reviews", "reviews", {"channel": ChannelRef(None, "ospo-reviews")}),
        ("reviewers <!subteam^S0OSPO|@ospo>", "reviewers", {"group": GroupRef("S0OSPO", "ospo")}),
        ("reviewers @ospo", "reviewers", {"group": GroupRef(None, "ospo")}),
        ("reviewers channel", "reviewers", {"group": None}),
        ("request can we use \"Llama 2\" for x?", "request", {"text": 'can we use "Llama 2" for x?'}),
        ("request", "request", {"text": ""}),
        ("requests", "requests", {"which": None}),
        ("requests MINE", "requests", {"which": "mine"}),
        ("decide R-12 approve fine for the pilot until 2027-06-30", "decide",
         {"number": 12, "outcome": "approve", "rationale": "fine for the pilot", "until": "2027-06-30",
          "replace": False}),
        ("decide r12 replace deny not for patients", "decide",
         {"number": 12, "outcome": "deny", "rationale": "not for patients", "until": None, "replace": True}),
        ("decide 7 answer use the hosted model", "decide",
         {"number": 7, "outcome": "answer", "rationale": "use the hosted model", "until": None, "replace": False}),
    ],
)
def test_review_words(text: str, word: str, args: dict) -> None:  # type: ignore[type-arg]
    command = parse_command(text)
    assert (command.word, command.args) == (word, args)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("reviews", "needs a channel"),
        ("reviewers", "needs a user group"),
        ("requests later", "`open`, `mine` or `all`"),
        ("decide approve ok", "needs a request id"),
        ("decide R-1 maybe ok", "`approve`, `deny` or `answer`"),
        ("decide R-1 approve", "needs the rationale"),
        ("decide R-1 approve ok until 30/06/2027", "needs a date as YYYY-MM-DD"),
    ],
)
def test_review_words_refused_with_help(text: str, problem: str) -> None:
    command = parse_command(text)
    assert command.word == "help" and problem in command.args["problem"]


def test_precedent_line_reads_as_the_issue_says() -> None:
    line = ui.precedent_line(outcome="approve", decided_at=datetime(2026, 12, 3, 10, tzinfo=UTC), number=12,
                             until=date(2027, 6, 30), rationale="pilot <@U1> & co")
    assert line == "The OSPO approved this on 3 Dec 2026 (R-12), until 30 Jun 2027: pilot &lt;@U1&gt; &amp; co"


def test_ask_button_value_fits_slack() -> None:
    block = ui.ask_button_block('"' * 5000)
    value = block["elements"][0]["value"]
    assert len(value) <= 2000 and json.loads(value)["q"].startswith('"')


def test_request_message_escapes_and_keeps_buttons() -> None:
    verdict = {"verdict": "review", "license": "llama-2", "policy": "guide",
               "reasons": [{"clause": "AUP <1>", "message": "m"}]}
    decision = {"outcome": "deny", "by": "U1", "at": datetime(2026, 12, 3, tzinfo=UTC), "until": None,
                "rationale": "<!here> no"}
    text, blocks = ui.request_message(number=3, asker_id="U2", question="<!channel> may we?", verdict=verdict,
                                      service=None, seq=1, decision=decision)
    dumped = json.dumps(blocks)
    assert "<!channel>" not in dumped and "<!here>" not in dumped and "&lt;!here&gt; no" in text
    assert [e["action_id"] for e in blocks[-1]["elements"]] == list(ui.DECIDE_ACTIONS)
    assert json.loads(blocks[-1]["elements"][0]["value"]) == {"r": 3, "seq": 1}
