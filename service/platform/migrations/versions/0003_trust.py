"""trust: session versions in tokens, supplier-approved proposal text, rate events, accessibility reports

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30 15:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Added columns only (no table rebuild): SQLite cascades foreign keys when batch mode drops a table.
    op.add_column("user", sa.Column("session_version", sa.Integer(), nullable=False, server_default="0"))
    op.add_column(
        "proposal", sa.Column("supplier_text", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True)
    )
    op.create_table(
        "rateevent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_rateevent_key", "rateevent", ["key"], unique=False)
    op.create_index("ix_rateevent_at", "rateevent", ["at"], unique=False)
    op.create_table(
        "accessibilityreport",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message", sqlmodel.sql.sqltypes.AutoString(length=4000), nullable=False),
        sa.Column("contact", sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
        sa.Column("sender_role", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_accessibilityreport_created_at", "accessibilityreport", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_accessibilityreport_created_at", table_name="accessibilityreport")
    op.drop_table("accessibilityreport")
    op.drop_index("ix_rateevent_at", table_name="rateevent")
    op.drop_index("ix_rateevent_key", table_name="rateevent")
    op.drop_table("rateevent")
    op.drop_column("proposal", "supplier_text")
    op.drop_column("user", "session_version")
