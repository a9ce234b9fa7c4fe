"""wider Slack ids; per-workspace Slack rate limit

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 23:00:00

Every column holding a Slack id (team, enterprise, user, channel, event) grows from 32 (64 for
event ids) to 128 characters: Enterprise Grid and newer workspaces send ids that overflowed
varchar(32) on PostgreSQL. `workspace.slack_not_before` keeps a 429's Retry-After for the whole
workspace. Service name keys are recomputed with the new normalisation (NFKC, invisible characters). Widening is lossless; the downgrade narrows again and fails if a longer id was stored.
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


def _rekey_service_names() -> None:
    """Service names are now matched by bot.storage.clean.name_key (NFKC, invisible characters
    removed). Recompute stored keys so existing services stay findable; where two services of one
    workspace now have the same key (lookalikes registered before this release), the one that holds
    or first takes the key (by id) keeps it, the other its old key; it is printed so an admin can
    merge them."""
    from bot.storage.clean import name_key

    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, workspace_id, name, name_key FROM service ORDER BY id")).all()
    taken = {(ws, key) for _, ws, _, key in rows}
    for service_id, ws, name, old in rows:
        new = name_key(name)
        if new == old:
            continue
        if (ws, new) in taken:
            print(f"0002: service {service_id} ({name!r}) in {ws} looks like another service; kept apart")
            continue
        conn.execute(sa.text("UPDATE service SET name_key = :k WHERE id = :i"), {"k": new, "i": service_id})
        taken.discard((ws, old))
        taken.add((ws, new))


def upgrade() -> None:
    _alter(to_new=True)
    with op.batch_alter_table("workspace", schema=None) as batch_op:
        batch_op.add_column(sa.Column("slack_not_before", sa.DateTime(timezone=True), nullable=True))
    _rekey_service_names()


def downgrade() -> None:
    with op.batch_alter_table("workspace", schema=None) as batch_op:
        batch_op.drop_column("slack_not_before")
    _alter(to_new=False)
