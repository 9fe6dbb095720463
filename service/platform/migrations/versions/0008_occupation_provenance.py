"""occupation provenance: the concept id, label and SSYK-4 group an imported ad carried

An ad of a newer taxonomy version names occupations the taxonomy does not know; the import keeps what
the ad said, and the group is the evidence the ranking infers the occupation from.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 21:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = (("source_occupation_id", 64), ("source_occupation_label", 200), ("source_occupation_group", 8))


def upgrade() -> None:
    for name, length in _COLUMNS:
        op.add_column(
            "vacancy", sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=length), nullable=True)
        )


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35+), as 0004 does: a batch rebuild would lose the table's AUTOINCREMENT.
    for name, _ in reversed(_COLUMNS):
        op.drop_column("vacancy", name)
