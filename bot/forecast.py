"""When would the company total reach the MAU limit? Pure arithmetic over monthly totals; no database.

Two trends are fitted by least squares over the reported months: a straight line (steady growth in
users) and compound growth (a straight line through the logarithms: steady growth in percent). The
answer is the earlier of the two crossings, because warning too early costs a meeting and warning
too late costs a license.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import rules
from bot.i18n import count, month, t
from bot.jobs.periods import add_months, month_index

LIMIT = rules.limits().limit  # the default license and policy's limit; callers pass the workspace's own
INCLUSIVE = rules.limits().inclusive
HORIZON_MONTHS = 36
MIN_MONTHS = 3


@dataclass(frozen=True)
class Forecast:
    status: str  # "not_enough_data", "reached", "crossing", "not_within"
    months_of_data: int
    month: str | None = None  # the first month at or over the limit, for "crossing"
    model: str | None = None  # "linear" or "compound": the one that crosses first
    monthly_growth: float | None = None  # compound: 0.04 = 4 % a month; linear: users a month


def _fit(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """Intercept and slope of the least-squares line."""
    slope, intercept = statistics.linear_regression(xs, ys)
    return intercept, slope


def _reaches(value: float, limit: int, inclusive: bool) -> bool:
    return value >= limit if inclusive else value > limit


def _first_crossing(predict, last_x: int, limit: int, inclusive: bool, horizon: int) -> int | None:  # type: ignore[no-untyped-def]
    for k in range(1, horizon + 1):
        if _reaches(predict(last_x + k), limit, inclusive):
            return k
    return None


def forecast(
    *, totals: Sequence[tuple[str, int]], limit: int = LIMIT, inclusive: bool = INCLUSIVE,
    horizon: int = HORIZON_MONTHS,
) -> Forecast:
    """`totals`: (month "YYYY-MM", company total) pairs, one per month, in any order; gaps are allowed."""
    points = sorted((month_index(m), float(v)) for m, v in totals)
    if len(points) < MIN_MONTHS:
        return Forecast("not_enough_data", len(points))
    last_x, last_y = points[-1]
    last_month = max(m for m, _ in totals)
    if _reaches(last_y, limit, inclusive):
        return Forecast("reached", len(points), month=last_month)
    xs = [x - points[0][0] for x, _ in points]
    ys = [y for _, y in points]
    offset = points[0][0]
    candidates: list[tuple[int, str, float]] = []
    a, b = _fit(xs, ys)
    if b > 0:
        k = _first_crossing(lambda x: a + b * (x - offset), last_x, limit, inclusive, horizon)
        if k is not None:
            candidates.append((k, "linear", b))
    if all(y > 0 for y in ys):
        la, lb = _fit(xs, [math.log(y) for y in ys])
        if lb > 0:
            k = _first_crossing(lambda x: math.exp(min(la + lb * (x - offset), 700.0)), last_x, limit, inclusive,
                                horizon)
            if k is not None:
                candidates.append((k, "compound", math.exp(lb) - 1))
    if not candidates:
        return Forecast("not_within", len(points))
    k, model, growth = min(candidates)
    return Forecast("crossing", len(points), month=add_months(last_month, k), model=model, monthly_growth=growth)


def _millions(value: int, lang: str = "en") -> str:
    if lang != "en":
        return count(value, lang)
    return f"{value / 1_000_000:,.0f} million" if value % 1_000_000 == 0 else f"{value:,}"


def describe(result: Forecast, *, limit: int = LIMIT, horizon: int = HORIZON_MONTHS, lang: str = "en") -> str:
    n = result.months_of_data
    when = (result.month if lang == "en" else month(result.month, lang)) if result.month else ""
    if result.status == "not_enough_data":
        return t("forecast.not_enough_one" if n == 1 else "forecast.not_enough_many", lang, n=n, needed=MIN_MONTHS)
    if result.status == "reached":
        return t("forecast.reached", lang, limit=_millions(limit, lang), month=when)
    if result.status == "not_within":
        return t("forecast.not_within", lang, horizon=horizon, limit=_millions(limit, lang))
    growth = result.monthly_growth or 0.0
    if result.model == "compound":
        trend = t("forecast.compound", lang, pct=f"{growth * 100:.1f}")
    else:
        trend = t("forecast.linear", lang, users=f"{growth:,.0f}" if lang == "en" else count(round(growth), lang))
    return t("forecast.crossing", lang, trend=trend, n=n, limit=_millions(limit, lang), month=when)


def forecast_line(
    *, totals: Sequence[tuple[str, int]], limit: int = LIMIT, inclusive: bool = INCLUSIVE,
    horizon: int = HORIZON_MONTHS, lang: str = "en",
) -> str:
    """One sentence for `status` and for alerts."""
    result = forecast(totals=totals, limit=limit, inclusive=inclusive, horizon=horizon)
    return describe(result, limit=limit, horizon=horizon, lang=lang)
