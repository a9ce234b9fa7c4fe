"""wider Slack ids; per-workspace Slack rate limit

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 23:00:00

Every column holding a Slack id (team, enterprise, user, channel, event) grows from 32 (64 for
event ids) to 128 characters: Enterprise Grid and newer workspaces send ids that overflowed
varchar(32) on PostgreSQL. `workspace.slack_not_before` keeps a 429's Retry-After for the whole
workspace. Widening is lossless; the downgrade narrows again and fails if a longer id was stored.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> [(column, old length, nullable)]
ID_COLUMNS: dict[str, list[tuple[str, int, bool]]] = {
    "workspace": [("id", 32, False), ("alert_channel", 32, True)],
    "service": [("workspace_id", 32, False), ("owner_id", 32, True), ("created_by", 32, True)],
    "maureport": [("workspace_id", 32, False), ("reported_by", 32, False)],
    "maureportrevision": [("workspace_id", 32, False), ("reported_by", 32, False)],
    "slackuser": [("workspace_id", 32, False), ("user_id", 32, False)],
    "processedevent": [("event_id", 64, False), ("workspace_id", 32, True)],
    "audit": [("workspace_id", 32, False), ("user_id", 32, True)],
    "notification": [("workspace_id", 32, False), ("channel", 32, True)],
    "alertstate": [("workspace_id", 32, False)],
}
NEW_LENGTH = 128


def _alter(to_new: bool) -> None:
    for table, columns in ID_COLUMNS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for name, old, nullable in columns:
                before, after = (old, NEW_LENGTH) if to_new else (NEW_LENGTH, old)
                batch_op.alter_column(name, existing_type=sa.String(length=before), type_=sa.String(length=after),
                                      existing_nullable=nullable)


def upgrade() -> None:
    _alter(to_new=True)
    with op.batch_alter_table("workspace", schema=None) as batch_op:
        batch_op.add_column(sa.Column("slack_not_before", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("workspace", schema=None) as batch_op:
        batch_op.drop_column("slack_not_before")
    _alter(to_new=False)
