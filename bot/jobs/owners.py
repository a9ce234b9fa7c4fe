"""Owners' time zones and whether they are still here, from users.info through the SlackUser cache."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.jobs.periods import UTC, aware
from bot.storage.db import session_scope
from bot.storage.models import SlackUser

logger = logging.getLogger(__name__)

# Time zones and departures change rarely; a day-old answer is good enough for a monthly question,
# and it keeps a tick every few minutes from calling users.info for every owner.
CACHE_TTL = timedelta(hours=24)
GONE_ERRORS = {"user_not_found", "account_inactive"}


@dataclass(frozen=True)
class Owner:
    user_id: str
    tz: str | None
    deleted: bool
    locale: str | None = None  # Slack's "ko-KR", "en-US": the language of their check-ins


def owner_profiles(
    *, engine: Engine, client: WebClient, workspace_id: str, user_ids: set[str], now: datetime
) -> dict[str, Owner]:
    """Profiles for `user_ids`; an owner Slack cannot tell us about right now is left out."""
    if not user_ids:
        return {}
    now = now.astimezone(UTC)
    with Session(engine) as session:
        cached = {
            u.user_id: u
            for u in session.execute(
                select(SlackUser).where(SlackUser.workspace_id == workspace_id, SlackUser.user_id.in_(user_ids))
            ).scalars()
        }
    found: dict[str, Owner] = {}
    fresh: list[dict[str, object]] = []
    for user_id in sorted(user_ids):
        row = cached.get(user_id)
        if row is not None and aware(row.fetched_at) > now - CACHE_TTL:
            found[user_id] = Owner(user_id, row.tz, row.deleted, row.locale)
            continue
        try:
            user = client.users_info(user=user_id, include_locale=True)["user"]
        except SlackApiError as exc:
            if exc.response.get("error") in GONE_ERRORS:
                found[user_id] = Owner(user_id, None, True)
                fresh.append({"user_id": user_id, "deleted": True, "tz": None, "locale": None, "is_admin": False, "is_bot": False})
                continue
            logger.warning("users.info %s failed (%s); asking again next tick", user_id, exc.response.get("error"))
        except Exception as exc:  # noqa: BLE001 - network trouble: fall back to a stale cache row, else wait
            logger.warning("users.info %s failed (%s); asking again next tick", user_id, exc)
        else:
            owner = Owner(user_id, user.get("tz") or None, bool(user.get("deleted")), user.get("locale") or None)
            found[user_id] = owner
            fresh.append({"user_id": user_id, "deleted": owner.deleted, "tz": owner.tz, "locale": owner.locale,
                          "is_admin": bool(user.get("is_admin") or user.get("is_owner")),
                          "is_bot": bool(user.get("is_bot"))})
            continue
        if row is not None:
            found[user_id] = Owner(user_id, row.tz, row.deleted, row.locale)
    if fresh:
        _store(engine=engine, workspace_id=workspace_id, rows=fresh, now=now)
    return found


def _store(*, engine: Engine, workspace_id: str, rows: list[dict[str, object]], now: datetime) -> None:
    with session_scope(engine) as session:
        insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        for row in rows:
            stmt = insert(SlackUser.__table__).values(workspace_id=workspace_id, fetched_at=now, **row)
            stmt = stmt.on_conflict_do_update(
                index_elements=["workspace_id", "user_id"],
                set_={"deleted": stmt.excluded.deleted, "tz": stmt.excluded.tz, "locale": stmt.excluded.locale, "is_admin": stmt.excluded.is_admin,
                      "is_bot": stmt.excluded.is_bot, "fetched_at": stmt.excluded.fetched_at},
            )
            session.execute(stmt)
