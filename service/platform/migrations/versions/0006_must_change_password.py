"""must_change_password: a password an admin chose (creation or reset) must be changed at first login

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # An added column only (no table rebuild): SQLite cascades foreign keys when batch mode drops a table.
    # Existing users chose their passwords long ago, or the admin handed them over before this rule.
    op.add_column(
        "user", sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false())
    )


def downgrade() -> None:
    op.drop_column("user", "must_change_password")
