"""languages: a workspace's language for channel messages, a user's Slack locale in the users.info cache

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

Issue 12: `/llama-check language ko|en` (Workspace.language) and users.info's locale (SlackUser.locale).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workspace") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=False, server_default="en"))
    with op.batch_alter_table("slackuser") as batch:
        batch.add_column(sa.Column("locale", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("slackuser") as batch:
        batch.drop_column("locale")
    with op.batch_alter_table("workspace") as batch:
        batch.drop_column("language")
