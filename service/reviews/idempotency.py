"""Idempotency keys for decisions and hires: a retried or double-clicked post is answered, not repeated.

The caller sends a key it made up per intended action (the ``Idempotency-Key`` header; the pages put a
fresh one in each form they render). ``claim`` inserts the key as the transaction's first write, with
``ON CONFLICT DO NOTHING``: when two requests with one key run at once, the second one's insert waits for
the first transaction (PostgreSQL's row lock on the unique index; SQLite's write lock), then finds the
key taken and reads the answer that transaction stored. The claim and the answer commit with the write
they describe, so a write that failed leaves no key behind and its retry runs afresh. The same key with
another body is refused (422): it names a different action, and guessing which one was meant would lose
one of them.

A stored answer is only needed while a retry can still come: ``prune`` forgets answers older than
``KEEP`` (run by ``matcher purge``), since they hold decision texts nobody needs to replay any more.
"""

import hashlib
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import delete, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from models.shortlist import IdempotencyRecord
from service.platform.audit import record
from service.platform.errors import BadInput, Conflict
from service.platform.principal import Principal

KEY_MAX = 100
HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"  # set on a replayed answer, so a client can tell
# Retries come within seconds or minutes; a week also covers a form left open over a long weekend.
KEEP = timedelta(days=7)


def check_key(key: str) -> str:
    """The key as given; BadInput (422) when it is empty, too long or not printable ASCII."""
    if not 1 <= len(key) <= KEY_MAX or not all(33 <= ord(c) < 127 for c in key):
        raise BadInput(
            f"{HEADER}: 1 to {KEY_MAX} printable ASCII characters without spaces",
            errors=[{"field": HEADER, "message": "malformed"}],
        )
    return key


def fingerprint(operation: str, body: Any) -> str:
    text = json.dumps({"operation": operation, "body": body}, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def claim(
    session: Session, principal: Principal, key: str, operation: str, body: Any
) -> dict[str, Any] | None:
    """None when this request is the first with the key (go ahead, then ``remember``); otherwise the
    first request's stored answer. BadInput (422) when the key was used for another action."""
    check_key(key)
    digest = fingerprint(operation, body)
    values = {"owner": principal.label, "key": key, "fingerprint": digest, "status_code": 0, "response": {}}
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(IdempotencyRecord)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["owner", "key"])
        .returning(col(IdempotencyRecord.id))  # a row back = ours (rowcount is not portable here)
    )
    if session.connection().execute(statement).first() is not None:
        return None
    row = session.exec(
        select(IdempotencyRecord).where(
            IdempotencyRecord.owner == principal.label, IdempotencyRecord.key == key
        )
    ).one()
    session.refresh(row)  # another transaction wrote it; never an identity-map copy
    if row.fingerprint != digest:
        raise BadInput(
            f"{HEADER}: this key was already used for a different request; send a new key per action",
            errors=[{"field": HEADER, "message": "reused for a different request"}],
        )
    if row.status_code == 0:  # cannot be seen committed; kept for safety on exotic isolation levels
        raise Conflict("the first request with this key has not finished; try again in a moment")
    return dict(row.response)


def remember(
    session: Session, principal: Principal, key: str, status_code: int, response: dict[str, Any]
) -> None:
    """Store the answer to replay for this key (in the same transaction as the write it answers)."""
    session.connection().execute(
        update(IdempotencyRecord)
        .where(col(IdempotencyRecord.owner) == principal.label, col(IdempotencyRecord.key) == key)
        .values(status_code=status_code, response=response)
    )


T = TypeVar("T")


def once(
    session: Session,
    principal: Principal,
    key: str | None,
    operation: str,
    body: Any,
    run: Callable[[], T],
    dump: Callable[[T], dict[str, Any]],
    load: Callable[[dict[str, Any]], T],
    *,
    status_code: int = 201,
    audit_object: Callable[[T], tuple[str, int | str]],
) -> tuple[T, bool]:
    """``run()`` once per key: (its result, False) the first time, (the stored result, True) on a replay.
    Without a key it simply runs. A replay is audited as such, naming ``audit_object(result)``: nothing
    new was written, but the caller was told the answer again."""
    if key is None:
        return run(), False
    stored = claim(session, principal, key, operation, body)
    if stored is not None:
        replayed = load(stored)
        object_type, object_id = audit_object(replayed)
        record(session, principal, f"{operation}.replay", object_type, object_id)
        return replayed, True
    result = run()
    remember(session, principal, key, status_code, dump(result))
    return result, False


def prune(session: Session, now: datetime) -> int:
    """Forget the keys and stored answers older than ``KEEP``; how many were forgotten."""
    result = session.connection().execute(
        delete(IdempotencyRecord).where(col(IdempotencyRecord.created_at) < now - KEEP)
    )
    return int(result.rowcount or 0)
