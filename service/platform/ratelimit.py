"""Fixed-window counts of events per key, in the database (every worker sees them; inserts never race)."""

import hashlib
from datetime import datetime, timedelta

from sqlmodel import Session, col, delete, func, select

from models import RateEvent


def rate_key(kind: str, value: str) -> str:
    """A key that names no person: the kind and a hash of the value (an address, say)."""
    return f"{kind}:" + hashlib.sha256(value.encode()).hexdigest()[:40]


def count_since(session: Session, key: str, since: datetime) -> int:
    return int(session.exec(select(func.count()).where(RateEvent.key == key, RateEvent.at > since)).one())


def within_limits(session: Session, limits: dict[str, int], window: timedelta, now: datetime) -> bool:
    """True when every key has fewer than its limit of events within the window."""
    return all(count_since(session, key, now - window) < limit for key, limit in limits.items())


def count(session: Session, keys: list[str], now: datetime) -> None:
    for key in keys:
        session.add(RateEvent(key=key, at=now))
    session.flush()


def purge(session: Session, prefix: str, before: datetime) -> int:
    result = session.exec(
        delete(RateEvent).where(col(RateEvent.key).startswith(prefix), col(RateEvent.at) < before)
    )
    session.flush()
    return int(result.rowcount or 0)
