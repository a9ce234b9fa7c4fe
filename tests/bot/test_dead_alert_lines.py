"""The status lines about undelivered alerts, in the reader's language (user text escaped)."""

from __future__ import annotations

from datetime import datetime

from bot.blocks.status import dead_alert_lines
from bot.storage.repository import DeadAlert

DEAD = [DeadAlert(level=90, subject_name=None, month="2026-11", failed_at=datetime(2026, 12, 1, 9, 30), error="x"),
        DeadAlert(level=100, subject_name="<!channel> Bot", month="2026-11", failed_at=None, error=None)]


def test_english() -> None:
    first, second = dead_alert_lines(DEAD)
    assert first.startswith(":warning: The 90 % alert for the company total (2026-11) could not be posted")
    assert "2026-12-01 09:30 UTC" in first and "unknown time" in second
    assert "<!channel>" not in second and "&lt;!channel&gt;" in second


def test_korean() -> None:
    first, second = dead_alert_lines(DEAD, "ko")
    assert "회사 합계" in first and "2026년 11월" in first and "알림 채널에 올리지 못했습니다" in first
    assert "알 수 없는 시각" in second and "could not" not in first + second
    assert "<!channel>" not in second
