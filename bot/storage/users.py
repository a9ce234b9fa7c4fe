"""users.info through a cache: whether someone is a workspace admin, their time zone and locale, if they left.

Admin checks happen on every `report` and `alerts`; asking Slack each time would cost a Web API
call (and rate limit) per command, so the answer is kept in SlackUser for `max_age`.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam
from sqlalchemy import select as core_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bot.storage.models import SlackUser, Workspace

log = logging.getLogger(__name__)

DEFAULT_MAX_AGE = timedelta(hours=6)


# -- users (a cache of users.info) ----------------------------------------------------------


def get_user(*, session: Session, workspace_id: str, user_id: str) -> SlackUser | None:
    stmt = select(SlackUser).where(SlackUser.workspace_id == workspace_id, SlackUser.user_id == user_id)
    return session.exec(stmt).first()


def save_user(
    *,
    session: Session,
    workspace_id: str,
    user_id: str,
    now: datetime,
    is_admin: bool = False,
    is_bot: bool = False,
    deleted: bool = False,
    tz: str | None = None,
    locale: str | None = None,
) -> SlackUser:
    user = get_user(session=session, workspace_id=workspace_id, user_id=user_id)
    if user is None:
        user = SlackUser(workspace_id=workspace_id, user_id=user_id)
    user.is_admin, user.is_bot, user.deleted, user.tz, user.fetched_at = is_admin, is_bot, deleted, tz, now
    user.locale = locale
    try:
        with session.begin_nested():
            session.add(user)
    except IntegrityError:  # cached concurrently by another request; theirs is as fresh
        existing = get_user(session=session, workspace_id=workspace_id, user_id=user_id)
        assert existing is not None
        return existing
    return user


def users_info(client: Any, user_id: str) -> Any:
    """users.info with the user's locale (Slack sends `locale` only when asked: include_locale=true).
    A client that takes no include_locale (an older stand-in) is asked without it."""
    try:
        return client.users_info(user=user_id, include_locale=True)
    except TypeError:
        return client.users_info(user=user_id)


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
    info = _ask_slack(client, user_id)
    if info is _NOT_FOUND:
        return None
    if info is None:
        return cached
    return save_user(session=session, workspace_id=workspace_id, user_id=user_id, now=now, **_fields(info))


_NOT_FOUND: dict[str, Any] = {}


def _ask_slack(client: Any, user_id: str) -> dict[str, Any] | None:
    """users.info's user; `_NOT_FOUND` when Slack does not know them; None when Slack could not be asked."""
    try:
        resp = users_info(client, user_id)
    except Exception as exc:  # noqa: BLE001 - SlackApiError, network errors: fall back to the cache
        error = getattr(getattr(exc, "response", None), "data", None) or {}
        if isinstance(error, dict) and error.get("error") in ("user_not_found", "users_not_found"):
            return _NOT_FOUND
        log.warning("users.info failed for %s: %s", user_id, exc)
        return None
    return resp.get("user") or {}


def _fields(info: dict[str, Any]) -> dict[str, Any]:
    return {"is_admin": bool(info.get("is_admin") or info.get("is_owner") or info.get("is_primary_owner")),
            "is_bot": bool(info.get("is_bot")), "deleted": bool(info.get("deleted")), "tz": info.get("tz") or None,
            "locale": info.get("locale") or None}


def refreshed_locale(*, engine: Any, client: Any, workspace_id: str, user_id: str, now: datetime,
                     stale: str | None) -> str | None:
    """`lookup_user(...).locale` for a user with no fresh cached row, with Slack asked outside any transaction
    (on SQLite a session holds the write lock: no other process could write during the users.info round trip).
    `stale`: the cached row's locale, the answer when Slack cannot be asked. None when Slack does not know them."""
    from bot.storage.db import session_scope

    info = _ask_slack(client, user_id)
    if info is _NOT_FOUND:
        return None
    if info is None:
        return stale
    with session_scope(engine) as session:
        return save_user(session=session, workspace_id=workspace_id, user_id=user_id, now=now, **_fields(info)).locale


def _known_statement() -> Any:
    ws, su = Workspace.__table__, SlackUser.__table__  # type: ignore[attr-defined]
    # No row: no workspace. One row: the workspace, with the user's cached row or NULLs (one per user: unique).
    return (core_select(ws.c.id, su.c.id, su.c.locale, su.c.fetched_at)
            .select_from(ws.outerjoin(su, and_(su.c.workspace_id == ws.c.id, su.c.user_id == bindparam("user"))))
            .where(ws.c.id == bindparam("team")))


_KNOWN_USER = _known_statement()


def cached_locale(*, engine: Any, workspace_id: str, user_id: str, now: datetime,
                  max_age: timedelta = DEFAULT_MAX_AGE) -> tuple[bool, bool, str | None]:
    """(workspace known, user cached and fresh, the cached locale, fresh or not) by one Core select in a read-only
    transaction: no ORM session and, on SQLite, no write lock (an answer's language is read on its ack's
    path). Fresh as `lookup_user` counts it; when it is not, `refreshed_locale` asks Slack as `lookup_user` would."""
    from bot.storage.db import read_scope

    with read_scope(engine) as conn:
        row = conn.execute(_KNOWN_USER, {"team": workspace_id, "user": user_id}).first()
    if row is None:
        return False, False, None
    fetched_at = row[3]
    fresh = row[1] is not None and fetched_at is not None and now - fetched_at < max_age
    return True, fresh, row[2]


def is_admin(*, session: Session, client: Any, workspace_id: str, user_id: str, now: datetime) -> bool:
    user = lookup_user(session=session, client=client, workspace_id=workspace_id, user_id=user_id, now=now)
    return bool(user and user.is_admin and not user.deleted)


def _pages(call: Any, key: str, **kwargs: Any) -> Any:
    """Items of a cursor-paginated Web API list, page by page (stops at 50 pages)."""
    cursor = None
    for _ in range(50):
        resp = call(limit=200, cursor=cursor, **kwargs) if cursor else call(limit=200, **kwargs)
        yield from resp.get(key) or []
        cursor = (resp.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            return


def resolve_user_name(*, client: Any, name: str) -> str | None:
    """The id of the person whose handle or display name is `name` (a plain `@alice`), or None."""
    want = name.strip().lstrip("@").casefold()
    if not want:
        return None
    try:
        for member in _pages(client.users_list, "members"):
            profile = member.get("profile") or {}
            names = {member.get("name"), profile.get("display_name"), profile.get("real_name")}
            if not member.get("deleted") and want in {n.casefold() for n in names if n}:
                return member.get("id")
    except Exception:  # cannot list users: the caller asks for an escaped mention
        log.warning("users.list failed while looking for @%s", want, exc_info=True)
    return None


def resolve_channel_name(*, client: Any, name: str) -> str | None:
    """The id of the public or private channel called `name` (a plain `#alerts`), or None."""
    want = name.strip().lstrip("#").casefold()
    try:
        for channel in _pages(client.conversations_list, "channels", types="public_channel,private_channel",
                              exclude_archived=True):
            if (channel.get("name") or "").casefold() == want:
                return channel.get("id")
    except Exception:  # cannot list channels: the caller asks for an escaped channel
        log.warning("conversations.list failed while looking for #%s", want, exc_info=True)
    return None
