"""chart uploads and duty ticks (App Home, MAU chart, duties checklist)

Revision ID: 0004
Revises: 0003

The tables of bot/storage/home.py.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chartupload",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.String(length=128), nullable=False),
        sa.Column("series_hash", sa.String(length=64), nullable=False),
        sa.Column("file_id", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("workspace_id", "series_hash", name="uq_chartupload_hash"),
    )
    op.create_table(
        "dutytick",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("workspace_id", sa.String(length=128), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("duty", sa.String(length=32), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("updated_by", sa.String(length=128), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["service_id"], ["service.id"]),
        sa.ForeignKeyConstraint(["workspace_id"], ["workspace.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("service_id", "duty", name="uq_dutytick_service_duty"),
    )
    with op.batch_alter_table("dutytick", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dutytick_service_id"), ["service_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_dutytick_workspace_id"), ["workspace_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("dutytick", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dutytick_workspace_id"))
        batch_op.drop_index(batch_op.f("ix_dutytick_service_id"))
    op.drop_table("dutytick")
    op.drop_table("chartupload")
