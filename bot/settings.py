"""The one settings object. Nothing else in the project reads the environment."""

from __future__ import annotations

from pydantic import field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

import rules

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///herdbook.db"

# Values from .env.example that must never reach a running bot.
PLACEHOLDER_MARKERS = ("xoxb-your", "xapp-your", "your-signing-secret", "changeme", "placeholder")


def normalise_database_url(url: str) -> str:
    """Accept Heroku's postgres:// and plain postgresql:// and pick the installed psycopg 3 driver."""
    url = url.strip()
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DATABASE_URL_EXAMPLE = "sqlite:///herdbook.db or postgresql://user:password@host:5432/herdbook"


def check_database_url(url: str) -> str:
    """`url` if SQLAlchemy can parse it and its driver is installed; ValueError saying what to fix."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ValueError(f"cannot be read as a database URL; write it like {DATABASE_URL_EXAMPLE}") from None
    try:
        dialect = parsed.get_dialect()
    except NoSuchModuleError:
        raise ValueError(f"names the database kind {parsed.drivername!r}, which Herdbook cannot use; "
                         f"write it like {DATABASE_URL_EXAMPLE}") from None
    try:
        dialect.import_dbapi()
    except ImportError as error:
        module = getattr(error, "name", None) or str(error)
        raise ValueError(f"needs the database driver {module!r} ({parsed.drivername}), which is not installed; "
                         f"Herdbook runs on SQLite and PostgreSQL (psycopg 3): write it like "
                         f"{DATABASE_URL_EXAMPLE}") from None
    return url


def is_placeholder(value: str | None) -> bool:
    if not value:
        return True
    low = value.strip().lower()
    return any(marker in low for marker in PLACEHOLDER_MARKERS)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str = DEFAULT_SLACK_API_URL
    database_url: str = DEFAULT_DATABASE_URL
    port: int = 3000
    log_level: str = "INFO"
    # Defaults for new workspaces.
    default_license: str = "llama-2"
    default_policy: str = "guide"
    # The clock: minutes between ticks; minutes before a claimed-but-unsent notification is re-claimed.
    clock_interval_minutes: int = 5
    outbox_claim_timeout_minutes: int = 10
    # Sends that fail with 429/5xx/network errors are retried with backoff this many times, then "dead".
    outbox_max_attempts: int = 8
    web_concurrency: int = 3  # gunicorn workers; 3 x 4 threads measured best on 2 cores (docs/performance.md)
    web_threads: int = 4

    @field_validator("database_url")
    @classmethod
    def _db_url(cls, v: str) -> str:
        return check_database_url(normalise_database_url(v or DEFAULT_DATABASE_URL))

    @field_validator("default_license")
    @classmethod
    def _license(cls, v: str) -> str:
        try:
            return rules.resolve_license(v)
        except rules.RulesError as error:
            raise ValueError(str(error)) from None

    @field_validator("default_policy")
    @classmethod
    def _policy(cls, v: str) -> str:
        from rules.data import resolve_policy

        try:
            return resolve_policy(v)
        except rules.RulesError as error:
            raise ValueError(str(error)) from None

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, v: str) -> str:
        level = (v or "INFO").strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"{v!r} is not a log level; use DEBUG, INFO, WARNING or ERROR")
        return level

    @field_validator("clock_interval_minutes", "outbox_claim_timeout_minutes", "outbox_max_attempts",
                     "web_concurrency")
    @classmethod
    def _at_least_one(cls, v: int) -> int:
        if v < 1:
            raise ValueError(f"{v} is too small; it must be 1 or more")
        return v

    @field_validator("port")
    @classmethod
    def _port(cls, v: int) -> int:
        if not 0 < v < 65536:
            raise ValueError(f"{v} is not a TCP port; use a number from 1 to 65535")
        return v

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, v: str) -> str:
        v = (v or DEFAULT_SLACK_API_URL).strip()
        return v if v.endswith("/") else v + "/"

    def missing_for(self, mode: str) -> list[str]:
        """The variables that `mode` (serve or socket) needs and that are unset or still placeholders."""
        needed = {
            "serve": ["SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET"],
            "socket": ["SLACK_BOT_TOKEN", "SLACK_APP_TOKEN"],
        }[mode]
        return [name for name in needed if is_placeholder(getattr(self, name.lower()))]
