"""identities never inherited: ids never reused on SQLite (AUTOINCREMENT), a random session key per user

Without AUTOINCREMENT, SQLite hands the highest rowid of a deleted row to the next insert: a deleted
user's id, with the tokens and links that carry it, passed to the next user created. PostgreSQL sequences
never reuse, so only SQLite's tables are rebuilt. Ids deleted before this upgrade at the top of a table
cannot be known any more; from here on none is handed out twice. Every user gets a random session key,
which every access token carries and every request checks (``service.auth.sessions``).

Reflection does not read AUTOINCREMENT back: a later batch migration that rebuilds one of these tables on
SQLite must pass ``table_kwargs={"sqlite_autoincrement": True}`` (tests/service/platform/
test_identities_migration.py fails otherwise).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 21:00:00
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tables whose ids leave the server (``models.base.NEVER_REUSED``), parents before children.
NEVER_REUSED = (
    "organisation",
    "user",
    "apikey",
    "contract",
    "employmentrequirement",
    "vacancy",
    "jobseeker",
    "seekeridentity",
    "eligibility",
    "monitoringattributes",
    "rerankrun",
    "scorermodel",
    "shortlist",
    "shortlistentry",
    "reviewdecision",
    "proposal",
    "supplierfeedback",
    "placement",
    "followup",
    "auditevent",
    "accessibilityreport",
)


def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _foreign_keys_off() -> None:
    """Rebuilding drops each old table; with foreign keys on, SQLite would first delete its rows and
    cascade to (or be refused by) the rows that refer to them. The pragma only works outside a
    transaction, so this migration refuses to go on if it did not take."""
    bind = op.get_bind()
    bind.exec_driver_sql("PRAGMA foreign_keys=OFF")
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar():
        raise RuntimeError(
            "cannot switch SQLite's foreign keys off for the table rebuild (in a transaction?)"
        )


def _check_foreign_keys() -> None:
    broken = op.get_bind().exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"foreign keys broken by the table rebuild: {broken[:5]}")


def _rebuild(autoincrement: bool) -> None:
    for table in NEVER_REUSED:
        kwargs = {"sqlite_autoincrement": autoincrement}
        with op.batch_alter_table(table, recreate="always", table_kwargs=kwargs) as batch:
            if table == "user" and autoincrement:
                batch.alter_column("session_key", existing_type=sa.String(32), nullable=False)


def _audit_trail_append_only() -> None:
    """The rebuild drops the table's triggers with it; the audit trail stays append-only (0001)."""
    op.execute("DROP TRIGGER IF EXISTS auditevent_no_update")
    op.execute(
        "CREATE TRIGGER auditevent_no_update BEFORE UPDATE ON auditevent "
        "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END"
    )


def upgrade() -> None:
    if _sqlite():
        _foreign_keys_off()
    op.add_column(
        "user", sa.Column("session_key", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True)
    )
    users = sa.table("user", sa.column("id", sa.Integer()), sa.column("session_key", sa.String(32)))
    bind = op.get_bind()
    for (user_id,) in bind.execute(sa.select(users.c.id)).fetchall():
        bind.execute(users.update().where(users.c.id == user_id).values(session_key=uuid.uuid4().hex))
    if _sqlite():
        _rebuild(autoincrement=True)
        _audit_trail_append_only()
        _check_foreign_keys()
    else:
        op.alter_column("user", "session_key", existing_type=sa.String(32), nullable=False)


def downgrade() -> None:
    if _sqlite():
        _foreign_keys_off()
        with op.batch_alter_table("user", recreate="always") as batch:
            batch.drop_column("session_key")
        _rebuild(autoincrement=False)
        _audit_trail_append_only()
        _check_foreign_keys()
    else:
        op.drop_column("user", "session_key")
