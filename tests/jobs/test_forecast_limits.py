"""The status forecast uses the workspace's policy (limit and comparison from `rules.limits`) and its own clock."""

from __future__ import annotations

from datetime import UTC, datetime

import rules
from bot.services.workspace import _forecast_line

M = 1_000_000
NOW = datetime(2026, 5, 15, tzinfo=UTC)  # last complete month: 2026-04


def test_exactly_the_limit_is_reached_under_the_guide_only() -> None:
    series = [("2026-02", 500 * M), ("2026-03", 600 * M), ("2026-04", 700 * M)]
    guide = _forecast_line(series, NOW, rules.limits("llama-3.1", "guide"))
    text = _forecast_line(series, NOW, rules.limits("llama-3.1", "license-text"))
    assert guide is not None and "already reached 700 million in 2026-04" in guide
    assert text is not None and "already reached" not in text and "would reach 700 million in 2026-05" in text


def test_months_after_now_are_not_data() -> None:
    series = [("2026-02", 100 * M), ("2026-03", 110 * M), ("2026-04", 121 * M), ("2026-09", 900 * M)]
    line = _forecast_line(series, NOW, rules.limits())
    assert line is not None and "already reached" not in line and "over 3 months" in line
