"""vacancy.application_deadline: the last day to apply, from the ad (JobSearch, JobPosting) or the supplier

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 03:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("vacancy") as batch:
        batch.add_column(sa.Column("application_deadline", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("vacancy") as batch:
        batch.drop_column("application_deadline")
