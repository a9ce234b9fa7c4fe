"""bot/forecast.py: least squares on values and on logs, the earlier crossing wins."""

from __future__ import annotations

import pytest

from bot.forecast import forecast, forecast_line


def series(start: str, values: list[int]) -> list[tuple[str, int]]:
    from bot.jobs.periods import add_months

    return [(add_months(start, i), v) for i, v in enumerate(values)]


M = 1_000_000


@pytest.mark.parametrize(
    ("totals", "status", "month", "model"),
    [
        # +50M a month from 200M: linear reaches 700M in 2027-01; compound (41 %/month) far sooner.
        (series("2026-01", [100 * M, 150 * M, 200 * M]), "crossing", "2026-07", "compound"),
        # exactly 10 % a month: 121M * 1.1^k >= 700M first at k = 19 -> 2027-10.
        (series("2026-01", [100 * M, 110 * M, 121 * M]), "crossing", "2027-10", "compound"),
        # +100M a month from 400M: linear says 2026-06, the compound fit (41 %/month) 2026-05.
        (series("2026-01", [200 * M, 300 * M, 400 * M]), "crossing", "2026-05", "compound"),
        # a noisy series whose log fit is flatter than its straight line: linear crosses first.
        (series("2026-01", [450 * M, 200 * M, 650 * M]), "crossing", "2026-05", "linear"),
        (series("2026-01", [100 * M, 100 * M, 100 * M]), "not_within", None, None),
        (series("2026-01", [300 * M, 200 * M, 100 * M]), "not_within", None, None),
        # +1M a month from 100M: 600 months away, far past the 36-month horizon.
        (series("2026-01", [98 * M, 99 * M, 100 * M]), "not_within", None, None),
        (series("2026-01", [100 * M, 200 * M]), "not_enough_data", None, None),
        ([], "not_enough_data", None, None),
        (series("2026-01", [100 * M, 200 * M, 700 * M]), "reached", "2026-03", None),
        # zeros rule out the log fit; the linear one still answers
        (series("2026-01", [0, 0, 350 * M]), "crossing", "2026-06", "linear"),
        # gaps between months are real time: the same three values spread over seven months cross later
        ([("2026-01", 100 * M), ("2026-04", 200 * M), ("2026-07", 300 * M)], "crossing", "2026-12", "compound"),
        (series("2026-01", [100 * M, 200 * M, 300 * M]), "crossing", "2026-05", "compound"),
    ],
)
def test_forecast(totals: list[tuple[str, int]], status: str, month: str | None, model: str | None) -> None:
    result = forecast(totals=totals)
    assert (result.status, result.month, result.model) == (status, month, model)


@pytest.mark.parametrize(
    ("totals", "inclusive", "expected"),
    [
        # 700M exactly: the guide (inclusive) says reached; the license text (> 700M) does not.
        (series("2026-01", [500 * M, 600 * M, 700 * M]), True, "already reached"),
        (series("2026-01", [500 * M, 600 * M, 700 * M]), False, "would reach 700 million in 2026-04"),
    ],
)
def test_inclusive_limit(totals: list[tuple[str, int]], inclusive: bool, expected: str) -> None:
    assert expected in forecast_line(totals=totals, inclusive=inclusive)


@pytest.mark.parametrize(
    ("totals", "words"),
    [
        (series("2026-01", [1 * M, 2 * M]), "not enough data to forecast"),
        (series("2026-01", [100 * M, 100 * M, 100 * M]), "not within 36 months"),
        (series("2026-01", [100 * M, 110 * M, 121 * M]), "would reach 700 million in 2027-10"),
    ],
)
def test_forecast_line_words(totals: list[tuple[str, int]], words: str) -> None:
    assert words in forecast_line(totals=totals)
