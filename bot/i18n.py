"""What a person sees in Slack, as data: bot/locales/<lang>.toml keyed by message id, through rules.i18n.

One mechanism for the whole project: the bot's catalogs have the format, loader and Korean particle
fitting of the rules' catalogs (rules/locales/), and verdict words, reasons, suggestions and notes come
from those. Both bot catalogs hold the same ids, and every id is used (tests/bot/test_korean_catalog.py).

    t("help.header", "ko")            -> "Herdbook: 라마 라이선스 확인"
    lang_of_locale("ko-KR")           -> "ko"
    answer_lang(asked, deps)          -> the language of the answer to `asked`
"""

from __future__ import annotations

import logging
import os
import re
import string
import weakref
from typing import Any

from rules import i18n as rules_i18n

log = logging.getLogger(__name__)

LANGS = rules_i18n.LANGS
DEFAULT = "en"
_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locales")
_CATALOGS: dict[str, dict[str, str]] = {}


def catalog(lang: str) -> dict[str, str]:
    cat = _CATALOGS.get(lang)
    if cat is None:
        cat = _CATALOGS[lang] = rules_i18n.load(_DIR, lang)
    return cat


def t(message_id: str, lang: str, /, **values: object) -> str:
    """The bot message `message_id` in `lang` (unknown languages read as English), its {values} filled in."""
    lang = lang if lang in LANGS else DEFAULT
    return rules_i18n.fill(catalog(lang)[message_id], lang, **values)


_PATTERNS: dict[str, list[tuple[str, re.Pattern[str]]]] = {}


def _patterns(table: str) -> list[tuple[str, re.Pattern[str]]]:
    """The English messages of `table` ("problem", or ids with a prefix: "owner_missing.reason_") as patterns, each value a group; the ones with fewer values first."""
    found = _PATTERNS.get(table)
    if found is None:
        found = []
        for key, template in catalog("en").items():
            if not key.startswith(table if "." in table else table + "."):  # a table, or "table.prefix"
                continue
            rx, seen = "", set()
            for literal, name, _, _ in string.Formatter().parse(template):
                rx += re.escape(literal)
                if name:
                    rx += f"(?P={name})" if name in seen else f"(?P<{name}>.+?)"
                    seen.add(name)
            found.append((key, re.compile(rx, re.DOTALL)))
        found.sort(key=lambda kp: kp[1].groups)
        _PATTERNS[table] = found
    return found


def translated(text: str, table: str, lang: str) -> str:
    """A message another module built in English (the slash grammar's problems) in `lang`: the entry of
    `table` whose English it is, with the same values. Text no entry matches stays as it is."""
    if lang == DEFAULT or lang not in LANGS:
        return text
    for key, rx in _patterns(table):
        m = rx.fullmatch(text)
        if m:
            return t(key, lang, **m.groupdict())
    return text


def rules_problem(error: Exception, lang: str) -> str:
    """A quantity, license or text the rules refused (a rules.RulesError), said in `lang`: its own English
    words, or the rules catalog's error.* entry with the input it quoted (as `llama-check --lang ko` says it)."""
    message = str(error)
    if lang == DEFAULT or lang not in LANGS:
        return message
    from rules import UnknownLicenseError
    from rules.verdict import EmptyInputError, QuantityError

    quoted = re.search(r"'[^']*'|\"[^\"]*\"", message)
    shown = quoted.group(0) if quoted else message
    if isinstance(error, EmptyInputError):
        return rules_i18n.error("empty", lang)
    if isinstance(error, QuantityError):
        return rules_i18n.error("quantity", lang, input=shown)
    if isinstance(error, UnknownLicenseError):
        return rules_i18n.error("unknown_license", lang, input=shown)
    return rules_i18n.error("input", lang, detail=message)


def lang_of_locale(locale: str | None) -> str:
    """A Slack locale ("ko-KR", "en-US", ...) as one of LANGS: Korean for "ko*", else English."""
    return rules_i18n.lang_from_env({"LANG": locale or ""})


def count(n: int, lang: str) -> str:
    """A number of people: "7억 명" in Korean, "700,000,000" in English."""
    return rules_i18n.count(n, lang)


def month(iso: str, lang: str) -> str:
    """"2026-11" -> "2026년 11월" / "November 2026"."""
    return rules_i18n.month(iso, lang)


def user_locale(*, engine: Any, team_id: str | None, user_id: str | None, client: Any, now: Any) -> str | None:
    """The Slack locale of `user_id` from the users.info cache (bot/storage/users.py); None when unknown.

    Never fails an answer: a database or Slack problem means "unknown" (the answer is then in English,
    or in Korean when the question is)."""
    if engine is None or not user_id or client is None:
        return None
    import time

    # Per process and database, for a few minutes: the answer path reads no table and calls no Slack
    # for a person who asked a moment ago (the users.info cache behind it keeps a day).
    remembered = _LOCALES.setdefault(engine, {})
    key = (team_id or "", user_id)
    hit = remembered.get(key)
    if hit is not None and time.monotonic() - hit[1] < _LOCALE_SECONDS:
        return hit[0]
    locale = _read_locale(engine=engine, team_id=team_id, user_id=user_id, client=client, now=now)
    if len(remembered) >= _LOCALE_ENTRIES:
        remembered.clear()
    remembered[key] = (locale, time.monotonic())
    return locale


_LOCALE_SECONDS = 300.0
_LOCALE_ENTRIES = 10_000
_LOCALES: weakref.WeakKeyDictionary[Any, dict[tuple[str, str], tuple[str | None, float]]] = weakref.WeakKeyDictionary()


def _read_locale(*, engine: Any, team_id: str | None, user_id: str, client: Any, now: Any) -> str | None:
    from bot.storage.users import cached_locale, refreshed_locale, users_info

    try:
        # One read-only select first: a known person's language is read without a write transaction (on SQLite
        # every session takes the write lock) and without Slack; only a missing or stale row asks Slack.
        known, fresh, locale = (cached_locale(engine=engine, workspace_id=team_id, user_id=user_id, now=now)
                                if team_id is not None else (False, False, None))
        if fresh:
            return locale
        if not known:
            # No workspace row yet (its first question): ask Slack without caching rather than write a
            # workspace row on the answer's path; the row (and the cache) comes with its first register.
            info = users_info(client, user_id).get("user") or {}
            return info.get("locale") or None
        assert team_id is not None
        return refreshed_locale(engine=engine, client=client, workspace_id=team_id, user_id=user_id, now=now,
                                stale=locale)
    except Exception:
        log.warning("could not read the locale of %s", user_id, exc_info=True)
        return None


def answer_lang(asked: Any, deps: Any) -> str:
    """The language of an answer: the one already chosen; Korean for a question written in Korean; else the
    asker's Slack locale (a mention's answer in a thread too: it answers the one who asked); else English.
    Channel messages nobody asked for (alerts, summaries) use the workspace's language instead."""
    if getattr(asked, "lang", None):
        return str(asked.lang)
    text = asked.text or ""
    if not text.isascii() and rules_i18n.choose(None, text, env={}) == "ko":
        return "ko"
    locale = user_locale(engine=deps.engine, team_id=asked.team_id, user_id=asked.user_id, client=asked.client, now=asked.now)
    return lang_of_locale(locale)
