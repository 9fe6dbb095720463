"""Engines and sessions. SQLite is the embedded default; PostgreSQL is production."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import Session, create_engine

import models  # noqa: F401  (registers every table)
from service.platform.config import get_settings


def make_engine(url: str, *, busy_timeout_ms: int | None = None) -> Engine:
    if url.startswith("sqlite"):
        timeout = busy_timeout_ms if busy_timeout_ms is not None else get_settings().sqlite_busy_timeout_ms
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": timeout / 1000})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            # WAL lets readers work during a batch write; FULL sync because losing a decision is worse
            # than a slower commit; FK enforcement is off by default in SQLite.
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA busy_timeout={int(timeout)}")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


@cache
def get_engine() -> Engine:
    return make_engine(get_settings().database_url)


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A unit of work: commit on success, roll back on any error."""
    with Session(engine or get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
