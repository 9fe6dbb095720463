"""placement versions: a vacancy counts its changes, a shortlist records the version it was ranked on

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 21:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing placements start at version 1 with no digest; existing lists count as ranked on version 1.
    # The first save after the upgrade records the digest and counts as a change (a list may then be
    # recomputed once for nothing, never left stale unseen).
    op.add_column("vacancy", sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    op.add_column(
        "vacancy",
        sa.Column(
            "placement_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False, server_default=""
        ),
    )
    op.add_column("shortlist", sa.Column("vacancy_version", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    op.drop_column("shortlist", "vacancy_version")
    op.drop_column("vacancy", "placement_hash")
    op.drop_column("vacancy", "version")
