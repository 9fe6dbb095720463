"""Fixed-window counts of events per key, in the database (every worker sees them; inserts never race)."""

import hashlib
import ipaddress
from datetime import datetime, timedelta

from sqlmodel import Session, col, delete, func, select

from models import RateEvent


def rate_key(kind: str, value: str) -> str:
    """A key that names no person: the kind and a hash of the value (an address, say)."""
    return f"{kind}:" + hashlib.sha256(value.encode()).hexdigest()[:40]


def network_of(address: str) -> str:
    """The network an address belongs to for counting: IPv4 /24, IPv6 /48; anything else as it is."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def count_since(session: Session, key: str, since: datetime) -> int:
    return int(session.exec(select(func.count()).where(RateEvent.key == key, RateEvent.at > since)).one())


def within_limits(session: Session, limits: dict[str, int], window: timedelta, now: datetime) -> bool:
    """True when every key has fewer than its limit of events within the window."""
    return all(count_since(session, key, now - window) < limit for key, limit in limits.items())


def take(session: Session, key: str, limit: int, window: timedelta, now: datetime) -> bool:
    """Count one event for ``key`` first, then check: True while at most ``limit`` fall in the window.

    Counting before checking keeps concurrent callers from all passing one check; a caller that is
    refused raises, and its rolled-back event leaves the count where it was.
    """
    count(session, [key], now)
    return count_since(session, key, now - window) <= limit


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
