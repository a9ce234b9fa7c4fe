"""Block Kit builders for check-ins and alerts: plain-text fallbacks and Slack's limits."""

from __future__ import annotations

import pytest
from slack_sdk.models.views import View

import rules
from bot.blocks.alerts import WHAT_TO_DO, alert_message
from bot.blocks.checkin import checkin_message, owner_missing_message, report_modal, summary_message


@pytest.mark.parametrize(
    ("last_value", "last_month", "reminder", "expect"),
    [
        (1_200_000, "2026-09", None, "Last reported: 1,200,000 for September 2026."),
        (None, None, None, "No value has been reported for it yet."),
        (5, "2026-09", 3, "Reminder (3 days): Bot has no MAU for October 2026 yet."),
    ],
)
def test_checkin_message(last_value: int | None, last_month: str | None, reminder: int | None, expect: str) -> None:
    text, blocks = checkin_message(service_id=7, service_name="Bot", month="2026-10", last_value=last_value,
                                   last_month=last_month, reminder_days=reminder)
    assert expect in text and "*" not in text
    buttons = [e["action_id"] for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert buttons == (["checkin_open", "checkin_no_change"] if last_value is not None else ["checkin_open"])


def test_report_modal_is_a_valid_view_prefilled() -> None:
    view = report_modal(service_id=7, service_name="Support Bot", month="2026-10", last_value=1_200_000)
    assert isinstance(view, View)
    data = view.to_dict()  # slack_sdk validates lengths and required fields here
    assert data["blocks"][1]["element"]["initial_value"] == "1200000"
    assert report_modal(service_id=7, service_name="X", month="2026-10", last_value=None).to_dict()[
        "blocks"][1]["element"].get("initial_value") is None


def test_summary_fits_slack_with_many_services() -> None:
    missing = [(f"Service number {i}", f"U{i:06d}") for i in range(300)]
    text, blocks = summary_message(month="2026-10", missing=missing)
    assert text.startswith("300 services still have no MAU for October 2026")
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section")
    assert "more (see `/llama-check status`)" in blocks[1]["text"]["text"]


def test_owner_missing_tells_what_to_type() -> None:
    text, _ = owner_missing_message(service_name="Support Bot", owner_id="U1", month="2026-10",
                                    reason="they have left the workspace")
    assert '/llama-check report "Support Bot" QTY for 2026-10' in text and "<@U1>" in text


@pytest.mark.parametrize("level", [50, 75, 90, 100])
def test_alert_says_what_to_do_at_each_level(level: int) -> None:
    value = 700_000_000 * level // 100
    text, blocks = alert_message(level=level, month="2026-10", subject_name=None, value=value, total=value,
                                 top=[("A", value)], limit=700_000_000, inclusive=True, clause="license §2",
                                 quote=rules.limits().quote or "", forecast="Forecast: not within 36 months: ...")
    assert WHAT_TO_DO[level] in text
    assert ("sole discretion" in text) == (level == 100)
    assert blocks[0]["type"] == "header" and len(blocks[0]["text"]["text"]) <= 150
