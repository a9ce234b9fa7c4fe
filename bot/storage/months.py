"""Months as `YYYY-MM` strings: they sort as text, so the database can compare and MAX() them."""

from __future__ import annotations

import re
from datetime import UTC, datetime

_MONTH = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})\s*$")


class MonthError(ValueError):
    """Text that is not a month. The message quotes it and shows the form to use."""


def parse_month(text: str) -> str:
    """'2026-10', '2026-9', '2026/09' -> '2026-10' / '2026-09'; anything else raises MonthError."""
    m = _MONTH.match(text or "")
    if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < 1970:
        raise MonthError(f"{text!r} is not a month; write it as YYYY-MM, for example 2026-10.")
    return f"{int(m.group(1)):04d}-{int(m.group(2)):02d}"


def month_of(when: datetime) -> str:
    """The UTC calendar month of an aware (or UTC-naive) datetime."""
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return f"{when.year:04d}-{when.month:02d}"


def add_months(month: str, n: int) -> str:
    year, mon = int(month[:4]), int(month[5:7])
    index = year * 12 + (mon - 1) + n
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def previous_month(now: datetime) -> str:
    """The last complete calendar month at `now` (UTC): the default month of a report."""
    return add_months(month_of(now), -1)


def months_between(first: str, last: str) -> int:
    """How many months from `first` to `last` (0 when equal, negative when last is earlier)."""
    return (int(last[:4]) * 12 + int(last[5:7])) - (int(first[:4]) * 12 + int(first[5:7]))
