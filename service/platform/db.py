"""Engines and sessions. SQLite is the embedded default; PostgreSQL is production."""

import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import Session, create_engine

import models  # noqa: F401  (registers every table)
from service.platform.config import get_settings


class EncodedJSON(str):
    """A JSON column's value as its text, encoded already by ``json.dumps``: a re-rank's workers encode
    the lists they rank, so that the one process that writes them does not (``json_serializer``)."""

    __slots__ = ()


def json_serializer(value: Any) -> str:
    """``json.dumps``, as SQLAlchemy's own default, except that encoded text is passed on as it is."""
    return value if type(value) is EncodedJSON else json.dumps(value)


def passes_encoded_json(engine: Engine) -> bool:
    """Whether ``engine`` writes ``EncodedJSON`` as it is (made here), not as a JSON string of it."""
    return getattr(engine.dialect, "_json_serializer", None) is json_serializer


def make_engine(url: str, *, busy_timeout_ms: int | None = None) -> Engine:
    if url.startswith("sqlite"):
        timeout = busy_timeout_ms if busy_timeout_ms is not None else get_settings().sqlite_busy_timeout_ms
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": timeout / 1000},
            json_serializer=json_serializer,
        )

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
    return create_engine(url, pool_pre_ping=True, json_serializer=json_serializer)


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
