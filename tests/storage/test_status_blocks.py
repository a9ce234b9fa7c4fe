"""The status table stays inside Slack's limits however many services there are."""

from __future__ import annotations

import pytest

from bot.blocks.status import LIMIT, MAX_ROWS, StatusRow, alert_level, status_blocks, status_text
from bot.blocks.verdict import as_dicts


def _rows(n: int) -> list[StatusRow]:
    return [StatusRow(name=f"Service number {i} with a fairly long descriptive name", license="llama-3.1",
                      owner_id=f"U{i:08d}", month="2026-10", value=1_000_000 + i) for i in range(n)]


@pytest.mark.parametrize("n", [0, 1, MAX_ROWS, MAX_ROWS + 1, 500])
def test_within_slack_limits(n: int) -> None:
    kw = {"rows": _rows(n), "month": "2026-10", "total": sum(r.value for r in _rows(n)), "carried": 3,
          "verdict_label": "allowed", "forecast": "Forecast: not within 36 months.", "alert_channel": "C1"}
    blocks = as_dicts(status_blocks(**kw))  # slack_sdk validates each block's own limits here
    text = status_text(**kw)
    assert len(blocks) <= 50
    for block in blocks:
        if block["type"] == "section":
            assert len(block["text"]["text"]) <= 3000
    assert len(text) <= 40_000
    if n > MAX_ROWS:
        rest = n - MAX_ROWS
        assert f"and {rest} more service{'s' if rest > 1 else ''} with" in text
        # Largest first: the biggest service is listed, the smallest is summed in the last line.
        assert f"Service number {n - 1} " in text and "Service number 0 " not in text
    if n:
        assert "upper bound on unique users" in text and "Forecast" in text


@pytest.mark.parametrize(
    ("total", "level"),
    [(0, None), (LIMIT // 2 - 1, None), (LIMIT // 2, 50), (LIMIT * 3 // 4, 75), (LIMIT * 9 // 10, 90),
     (LIMIT - 1, 90), (LIMIT, 100), (LIMIT * 2, 100)],
)
def test_alert_level(total: int, level: int | None) -> None:
    assert alert_level(total) == level
