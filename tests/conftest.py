"""Real databases for tests: a fresh SQLite file per test, and PostgreSQL when one is configured.

PostgreSQL comes from ``MATCHER_TEST_POSTGRES_URL`` (``.ci/run`` starts a throw-away server). Without it the
PostgreSQL variants skip with a visible reason, except under ``MATCHER_REQUIRE_ALL=1`` (CI), where they fail.
"""

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlmodel import SQLModel

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("MATCHER_ENV", "test")
os.environ.setdefault("MATCHER_PYTEST", "1")  # MATCHER_ENV=test may sign with DEV_SECRET only here
# The background pool warmer re-indexes on its own schedule, which would race tests that count index
# builds; tests/service/engine/test_warmup.py turns it on where it is under test.
os.environ.setdefault("MATCHER_WARMUP", "false")

import models  # noqa: F401
from service.platform.db import make_engine
from service.platform.migrate import upgrade

PG_URL = os.environ.get("MATCHER_TEST_POSTGRES_URL")
REQUIRE_ALL = os.environ.get("MATCHER_REQUIRE_ALL") == "1"


def unavailable(reason: str) -> None:
    """Skip with a reason locally; fail in CI, where nothing may be skipped."""
    if REQUIRE_ALL:
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_database_url() -> Iterator[str]:
    if not PG_URL:
        unavailable("PostgreSQL not available: set MATCHER_TEST_POSTGRES_URL (bash .ci/run starts one)")
    assert PG_URL is not None
    name = f"matcher_test_{uuid.uuid4().hex[:10]}"
    admin = make_engine(PG_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_URL.rsplit("/", 1)[0] + f"/{name}"
    upgrade(url)
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _truncate_all(engine: Engine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A migrated, empty database on each engine."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        upgrade(url)
        yield url
    else:
        url = request.getfixturevalue("pg_database_url")
        yield url
        eng = make_engine(url)
        _truncate_all(eng)
        eng.dispose()


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()
