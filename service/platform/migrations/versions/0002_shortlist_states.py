"""shortlist states, pool snapshots, one READY shortlist per vacancy

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 21:01:49.492802
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "poolsnapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("matching_actor_id", sa.Integer(), nullable=False),
        sa.Column("digest", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("seekers", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["matching_actor_id"], ["organisation.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("matching_actor_id", "digest"),
    )
    with op.batch_alter_table("poolsnapshot", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_poolsnapshot_matching_actor_id"), ["matching_actor_id"], unique=False
        )

    op.create_table(
        "shortliststate",
        sa.Column("vacancy_id", sa.Integer(), nullable=False),
        sa.Column("shortlist_id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("state", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["shortlist_id"], ["shortlist.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["snapshot_id"], ["poolsnapshot.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["vacancy_id"], ["vacancy.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("vacancy_id"),
    )
    with op.batch_alter_table("shortliststate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shortliststate_shortlist_id"), ["shortlist_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_shortliststate_snapshot_id"), ["snapshot_id"], unique=False)

    with op.batch_alter_table("shortlist", schema=None) as batch_op:
        batch_op.create_index(
            "uq_shortlist_one_ready",
            ["vacancy_id"],
            unique=True,
            sqlite_where=sa.text("status = 'READY'"),
            postgresql_where=sa.text("status = 'READY'"),
        )


def downgrade() -> None:

    with op.batch_alter_table("shortlist", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_shortlist_one_ready",
            sqlite_where=sa.text("status = 'READY'"),
            postgresql_where=sa.text("status = 'READY'"),
        )

    with op.batch_alter_table("shortliststate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shortliststate_snapshot_id"))
        batch_op.drop_index(batch_op.f("ix_shortliststate_shortlist_id"))

    op.drop_table("shortliststate")
    with op.batch_alter_table("poolsnapshot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_poolsnapshot_matching_actor_id"))

    op.drop_table("poolsnapshot")
