"""Migration 0005 and the models agree (both engines): ids that leave the server are never reused on
SQLite, every user has a random session key, and the upgrade (a table rebuild on SQLite) keeps every row."""

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, text
from sqlmodel import SQLModel

import models  # noqa: F401  (registers every table)
from service.platform.db import make_engine
from service.platform.migrate import downgrade, upgrade
from tests.conftest import PG_URL, unavailable

# Ids a client sees: a deleted row's id must never name the next row (a user's id is in their token).
LEAVE_THE_SERVER = {"user", "organisation", "contract", "vacancy", "jobseeker", "shortlistentry", "proposal"}


def _flagged() -> set[str]:
    return {t.name for t in SQLModel.metadata.tables.values() if t.dialect_options["sqlite"]["autoincrement"]}


def test_models_and_migrations_agree(engine: Engine) -> None:
    with engine.connect() as conn:
        diffs = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata
        )
    assert diffs == []


def test_sqlite_tables_never_reuse_ids_exactly_where_the_models_say(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'head.db'}"
    upgrade(url)
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'table'")).all()
    engine.dispose()
    autoincrement = {name for name, sql in rows if "AUTOINCREMENT" in (sql or "")}
    # A later batch rebuild that forgot table_kwargs={"sqlite_autoincrement": True} would show up here.
    assert autoincrement == _flagged()
    assert autoincrement >= LEAVE_THE_SERVER


def test_a_deleted_rows_id_is_not_handed_out_again(engine: Engine) -> None:
    with engine.begin() as conn:
        insert = text(
            "INSERT INTO organisation (ref, name, kind, org_number, created_at) "
            "VALUES (:ref, 'Org', 'SUPPLIER', '212000-0142', CURRENT_TIMESTAMP) RETURNING id"
        )
        first = conn.execute(insert, {"ref": "a"}).scalar_one()
        second = conn.execute(insert, {"ref": "b"}).scalar_one()
        conn.execute(text("DELETE FROM organisation WHERE id = :id"), {"id": second})
        third = conn.execute(insert, {"ref": "c"}).scalar_one()
    assert first < second < third


def _fill_at_0004(url: str) -> None:
    """Rows as they were before 0005, with children that a cascading drop would have deleted."""
    engine = make_engine(url)
    with engine.begin() as conn:
        for n in (1, 2, 3):
            conn.execute(
                text(
                    "INSERT INTO organisation (id, ref, name, kind, org_number, created_at) VALUES "
                    "(:n, :ref, 'Org', 'MATCHING_ACTOR', '212000-0142', CURRENT_TIMESTAMP)"
                ),
                {"n": n, "ref": f"org-{n}"},
            )
            conn.execute(
                text(
                    'INSERT INTO "user" (id, email, full_name, role, organisation_id, is_active, '
                    "password_hash, created_at, session_version) VALUES (:n, :email, 'U', 'STAFF', 1, TRUE, "
                    "'x', CURRENT_TIMESTAMP, 0)"
                ),
                {"n": n, "email": f"u{n}@example.org"},
            )
            conn.execute(
                text(
                    "INSERT INTO jobseeker (id, ref, profile_text, consent, matching_actor_id, experiences, "
                    "skills, languages, licences, wanted_kinds, enrichment, content_hash, created_at, "
                    "updated_at) VALUES (:n, :ref, 'text', 'GIVEN', 1, '[]', '[]', '[]', '[]', '[]', '{}', "
                    "'h', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                ),
                {"n": n, "ref": f"s-{n}"},
            )
            conn.execute(
                text("INSERT INTO seekeridentity (seeker_id, full_name) VALUES (:n, 'Namn Namnsson')"),
                {"n": n},
            )
    engine.dispose()


def _counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with engine.connect() as conn:
        counts = {
            t: int(conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar_one())
            for t in ("organisation", "user", "jobseeker", "seekeridentity")
        }
    engine.dispose()
    return counts


@pytest.fixture(name="empty_url", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url_fixture(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty database of each engine, for migrating step by step."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    if not PG_URL:
        unavailable("PostgreSQL not available: set MATCHER_TEST_POSTGRES_URL (bash .ci/run starts one)")
    assert PG_URL is not None
    name = f"matcher_migrate_{uuid.uuid4().hex[:10]}"
    admin = make_engine(PG_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield PG_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_the_upgrade_keeps_every_row_and_gives_each_user_a_key(empty_url: str) -> None:
    url = empty_url
    upgrade(url, "0004")
    _fill_at_0004(url)
    before = _counts(url)
    upgrade(url)
    assert _counts(url) == before == {"organisation": 3, "user": 3, "jobseeker": 3, "seekeridentity": 3}
    engine = make_engine(url)
    with engine.connect() as conn:
        keys = [k for (k,) in conn.execute(text('SELECT session_key FROM "user"'))]
        if url.startswith("sqlite"):
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
    engine.dispose()
    assert len(set(keys)) == 3 and all(len(k) == 32 for k in keys)
    downgrade(url, "0004")
    assert _counts(url) == before
    upgrade(url)
    assert _counts(url) == before
