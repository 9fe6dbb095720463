"""seeker duplicates: probable duplicates flagged for staff, and merged records pointing at their survivor

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 23:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain indexed column: SQLite cannot add a foreign key to an existing table without a rebuild.
    op.add_column("jobseeker", sa.Column("merged_into_id", sa.Integer(), nullable=True))
    op.add_column("jobseeker", sa.Column("merged_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
    op.create_index(op.f("ix_jobseeker_merged_into_id"), "jobseeker", ["merged_into_id"], unique=False)
    op.create_table(
        "seekerduplicate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("matching_actor_id", sa.Integer(), nullable=False),
        sa.Column("seeker_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("resolved_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("resolved_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["matching_actor_id"], ["organisation.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["other_id"], ["jobseeker.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["seeker_id"], ["jobseeker.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("seeker_id", "other_id"),
        sqlite_autoincrement=True,
    )
    for column in ("matching_actor_id", "seeker_id", "other_id"):
        op.create_index(op.f(f"ix_seekerduplicate_{column}"), "seekerduplicate", [column], unique=False)


def downgrade() -> None:
    for column in ("matching_actor_id", "seeker_id", "other_id"):
        op.drop_index(op.f(f"ix_seekerduplicate_{column}"), table_name="seekerduplicate")
    op.drop_table("seekerduplicate")
    op.drop_index(op.f("ix_jobseeker_merged_into_id"), table_name="jobseeker")
    op.drop_column("jobseeker", "merged_at")
    op.drop_column("jobseeker", "merged_into_id")
