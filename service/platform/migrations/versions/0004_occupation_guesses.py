"""occupation guesses stored with each vacancy (computed on save, like its concepts)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing rows get empty guesses with no version: the next save or re-rank fills them in.
    op.add_column("vacancy", sa.Column("occupation_guesses", sa.JSON(), nullable=False, server_default="[]"))
    op.add_column(
        "vacancy",
        sa.Column(
            "guesses_version", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False, server_default=""
        ),
    )


def downgrade() -> None:
    op.drop_column("vacancy", "guesses_version")
    op.drop_column("vacancy", "occupation_guesses")
