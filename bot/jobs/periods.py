"""Calendar months as "YYYY-MM" strings, and when a month has turned for someone in a time zone.

Months are strings because that is how MauReport stores them; comparing them as strings orders them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# Month arithmetic lives with storage (reports are keyed by month); re-exported for the jobs.
from bot.storage.months import add_months, previous_month

__all__ = ["UTC", "add_months", "aware", "candidate_checkin_months", "checkin_month", "latest_complete_month",
           "month_index", "month_start", "zone"]

# Check-ins go out from this local hour on the 1st: early enough to be seen that day, late enough
# not to land at midnight.
CHECKIN_HOUR = 9


def month_index(month: str) -> int:
    """Months since year 0: differences between two months are whole numbers (for the forecast)."""
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def latest_complete_month(now: datetime) -> str:
    """The calendar month before `now`'s month in UTC: the month whose MAU is counted."""
    return previous_month(now)


def zone(name: str | None) -> ZoneInfo | timezone:
    """The zone Slack names for a user; UTC when it is missing or unknown to this machine."""
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def checkin_month(now: datetime, tz_name: str | None) -> str:
    """The month an owner in `tz_name` is asked about at `now`.

    The month turns for the owner at 09:00 local on the 1st: before that, they are still asked about
    the month before (which normally has been asked and answered already).
    """
    local = now.astimezone(zone(tz_name)) - timedelta(hours=CHECKIN_HOUR)
    return add_months(f"{local.year:04d}-{local.month:02d}", -1)  # the owner's local month, not UTC's


def candidate_checkin_months(now: datetime) -> list[str]:
    """Every month some time zone (UTC-12 to UTC+14) could be asked about at `now`."""
    return sorted({checkin_month(now + timedelta(hours=h), "UTC") for h in (-12, 14)})


def month_start(month: str, tz: ZoneInfo | timezone = UTC, hour: int = 0) -> datetime:
    return datetime(int(month[:4]), int(month[5:7]), 1, hour, tzinfo=tz).astimezone(UTC)


def aware(dt: datetime | None) -> datetime | None:
    """SQLite hands timestamps back without a zone; they were stored as UTC."""
    if dt is None or dt.tzinfo is not None:
        return dt
    return dt.replace(tzinfo=UTC)
