"""refusal reasons and idempotency: a structured reason on the employer's "not hired", and the first
answer to a keyed decision or hire so that a retried post is answered, not repeated

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 23:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # An added, nullable column: earlier refusals keep their free text and read as "no code given".
    op.add_column(
        "supplierfeedback",
        sa.Column("reason_code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    )
    op.create_table(
        "idempotencyrecord",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("fingerprint", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("owner", "key"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_idempotencyrecord_created_at", "idempotencyrecord", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_idempotencyrecord_created_at", table_name="idempotencyrecord")
    op.drop_table("idempotencyrecord")
    with op.batch_alter_table("supplierfeedback") as batch_op:
        batch_op.drop_column("reason_code")
