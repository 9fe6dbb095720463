"""form handoffs: an upload waiting for the user's confirmation, a new API key waiting to be shown once

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 23:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "formhandoff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("digest", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("done_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_formhandoff_token", "formhandoff", ["token"], unique=True)
    op.create_index("ix_formhandoff_user_id", "formhandoff", ["user_id"], unique=False)
    op.create_index("ix_formhandoff_created_at", "formhandoff", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_formhandoff_created_at", table_name="formhandoff")
    op.drop_index("ix_formhandoff_user_id", table_name="formhandoff")
    op.drop_index("ix_formhandoff_token", table_name="formhandoff")
    op.drop_table("formhandoff")
