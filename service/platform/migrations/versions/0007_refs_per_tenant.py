"""refs per tenant: a vacancy's ref is unique within its contract, a job seeker's within their matching actor

Globally unique refs told anyone who tried one whether another organisation used it ("already exists"),
and let a ref typed by hand in one contract block another supplier's import of the same JobSearch ad.
The unique indexes on ``ref`` alone become plain indexes (lookups by ref stay fast) and the uniqueness
moves to (contract_id, ref) and (matching_actor_id, ref). Indexes only: no table is rebuilt.

Downgrading restores the global uniqueness and fails if two tenants have come to share a ref since.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 21:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# table -> the column that names its tenant
_SCOPED = (("vacancy", "contract_id"), ("jobseeker", "matching_actor_id"))


def upgrade() -> None:
    for table, tenant in _SCOPED:
        op.drop_index(f"ix_{table}_ref", table_name=table)
        op.create_index(f"ix_{table}_ref", table, ["ref"], unique=False)
        op.create_index(f"uq_{table}_{tenant}_ref", table, [tenant, "ref"], unique=True)


def downgrade() -> None:
    for table, tenant in _SCOPED:
        op.drop_index(f"uq_{table}_{tenant}_ref", table_name=table)
        op.drop_index(f"ix_{table}_ref", table_name=table)
        op.create_index(f"ix_{table}_ref", table, ["ref"], unique=True)
