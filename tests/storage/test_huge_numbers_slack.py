"""Issue 9 item 4 through Slack: a number no user count can be is a one-line refusal that writes nothing."""

from __future__ import annotations

import pytest

from bot.storage.models import MauReport
from tests.storage.conftest import rows

HUGE = ["9" * 5000, "1e9999999"]


@pytest.mark.parametrize("qty", HUGE, ids=["5000-digits", "1e9999999"])
def test_report_and_register_with_a_huge_number_are_refused(slack, engine, qty: str) -> None:  # type: ignore[no-untyped-def]
    slack.command('register "Support Bot" license llama-3.1')
    for command in (f"report support bot {qty}", f'register "Other" license llama-3.1 mau {qty}',
                    f"mau {qty}", f'use "customer chatbot" mau {qty}'):
        sent = slack.command(command)
        said = sent.text + str(sent.response.body)  # answers come in the HTTP response, workspace replies posted
        assert sent.response.status == 200
        assert "too large to be a user count" in said, command
        assert "9" * 100 not in said  # the input is shortened, not echoed in full
    assert rows(engine, MauReport) == 0
