"""Alembic environment: the target is SQLModel.metadata with every Herdbook table imported.

`upgrade_to_head()` hands over an open connection in `config.attributes["connection"]`; run by
hand, the URL comes from alembic.ini's sqlalchemy.url or else from the settings (DATABASE_URL).
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import bot.storage.models  # noqa: F401 - registers the tables on SQLModel.metadata
from bot.storage import home as _home  # noqa: F401 - the chart cache and duty ticks
from bot.storage import reviews as _reviews  # noqa: F401 - the review queue's tables

config = context.config
target_metadata = SQLModel.metadata


def _include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    # Only our tables: a shared PostgreSQL may hold others that must not be dropped.
    if type_ == "table" and reflected and compare_to is None:
        return name in target_metadata.tables
    return True


def _render_item(type_, obj, autogen_context):  # type: ignore[no-untyped-def]
    # Migrations must not import the models (they change; old migrations must not): write our
    # column types as the plain SQLAlchemy types they store as.
    if type_ == "type":
        from sqlmodel.sql.sqltypes import AutoString

        from bot.storage.models import UTCDateTime

        if isinstance(obj, UTCDateTime):
            return "sa.DateTime(timezone=True)"
        if isinstance(obj, AutoString):
            return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
    return False


def _configure(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=_include_object,
        render_item=_render_item,
    )


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return

    from bot.storage.db import make_engine

    url = config.get_main_option("sqlalchemy.url")
    if not url:
        from bot.settings import Settings

        url = Settings().database_url
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            _configure(conn)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


def run_migrations_offline() -> None:
    url = config.get_main_option("sqlalchemy.url")
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
