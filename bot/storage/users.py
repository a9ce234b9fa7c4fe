"""users.info through a cache: whether someone is a workspace admin, their time zone, if they left.

Admin checks happen on every `report` and `alerts`; asking Slack each time would cost a Web API
call (and rate limit) per command, so the answer is kept in SlackUser for `max_age`.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.storage.models import SlackUser
from bot.storage.repository import get_user, save_user

log = logging.getLogger(__name__)

DEFAULT_MAX_AGE = timedelta(hours=6)


def lookup_user(
    *,
    session: Session,
    client: Any,
    workspace_id: str,
    user_id: str,
    now: datetime,
    max_age: timedelta = DEFAULT_MAX_AGE,
) -> SlackUser | None:
    """The cached user, refreshed from users.info when older than `max_age`.

    None when Slack does not know the user. When Slack cannot be reached, a stale cached row is
    better than nothing; with no row at all the caller gets None and treats the user as unknown.
    """
    cached = get_user(session=session, workspace_id=workspace_id, user_id=user_id)
    if cached is not None and cached.fetched_at is not None and now - cached.fetched_at < max_age:
        return cached
    try:
        resp = client.users_info(user=user_id)
    except Exception as exc:  # noqa: BLE001 - SlackApiError, network errors: fall back to the cache
        error = getattr(getattr(exc, "response", None), "data", None) or {}
        if isinstance(error, dict) and error.get("error") in ("user_not_found", "users_not_found"):
            return None
        log.warning("users.info failed for %s: %s", user_id, exc)
        return cached
    info = resp.get("user") or {}
    return save_user(
        session=session,
        workspace_id=workspace_id,
        user_id=user_id,
        now=now,
        is_admin=bool(info.get("is_admin") or info.get("is_owner") or info.get("is_primary_owner")),
        is_bot=bool(info.get("is_bot")),
        deleted=bool(info.get("deleted")),
        tz=info.get("tz") or None,
    )


def is_admin(*, session: Session, client: Any, workspace_id: str, user_id: str, now: datetime) -> bool:
    user = lookup_user(session=session, client=client, workspace_id=workspace_id, user_id=user_id, now=now)
    return bool(user and user.is_admin and not user.deleted)
