"""Counting password attempts in the database, reserved before the password is checked.

An attempt first *reserves* its place: one ``RateEvent`` row per key it counts against is inserted and
committed, and only then are the keys' counts read back, this attempt included. The k-th reservation to
commit sees at least k rows, so no more than a key's limit of attempts pass the read-back, whatever the
number of threads or worker processes (no lock, no read-modify-write). A failed password check leaves
its reservation in place as the failure; a successful one removes it, with the earlier failures of its
pair; an attempt refused at the read-back removes its own, so refusals never extend a lockout.

The keys (hashed, so no email address is stored):

- from a *known device* (a device cookie for this account, ``service.auth.device``): the pair (account,
  device), ``login_max_failures``. Nothing else: the owner on their own device logs in while others
  guess (OWASP's device cookie), and the owner's own typing mistakes lock only that device.
- from anywhere else: the pair (account, client address), ``login_max_failures``, and the account from
  unknown devices, ``ACCOUNT_FACTOR`` times as many: guessing from many addresses stops there. No key
  counts an address alone, so an office behind one address is never locked out as a whole.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, delete, func, select

from models import RateEvent
from service.platform.config import Settings
from service.platform.errors import TooManyRequests

KEY_PREFIX = "loginfail:"
ACCOUNT_FACTOR = 10


class LoginThrottled(TooManyRequests):
    """Too many failed attempts for this account from this client or in all; ``retry_after`` in seconds."""

    def __init__(self, retry_after: int) -> None:
        minutes = max(1, (retry_after + 59) // 60)
        super().__init__(f"too many failed logins; try again in {minutes} minutes")
        self.retry_after = retry_after


@dataclass(frozen=True)
class Limit:
    """At most ``allowed`` failures under ``key`` within the window."""

    key: str
    allowed: int


@dataclass(frozen=True)
class Attempt:
    """The counters one password attempt touches; ``pair`` is forgotten after a success."""

    pair: str
    limits: tuple[Limit, ...]


def attempt_for(settings: Settings, email: str, client: str, device: str | None) -> Attempt:
    """The counters of an attempt on ``email`` from ``client``, or from a known ``device`` (its id)."""
    email = email.strip().lower()
    most = settings.login_max_failures
    if device is not None:
        pair = _key(f"device:{email}|{device}")
        return Attempt(pair=pair, limits=(Limit(pair, most),))
    pair = _key(f"pair:{email}|{client}")
    account = _key(f"email:{email}")
    return Attempt(pair=pair, limits=(Limit(pair, most), Limit(account, most * ACCOUNT_FACTOR)))


def _key(raw: str) -> str:
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()[:40]


def _window(settings: Settings) -> timedelta:
    return timedelta(minutes=settings.login_lockout_minutes)


def _free_at(session: Session, limit: Limit, since: datetime, slack: int) -> datetime | None:
    """When the key falls below its limit (plus ``slack`` rows that are in flight), or None if it is."""
    count = int(
        session.exec(select(func.count()).where(RateEvent.key == limit.key, RateEvent.at > since)).one()
    )
    over = count - (limit.allowed + slack)
    if over < 0:
        return None
    # The count drops below the limit when the (over + 1)-th oldest row leaves the window.
    return session.exec(
        select(RateEvent.at)
        .where(RateEvent.key == limit.key, RateEvent.at > since)
        .order_by(col(RateEvent.at))
        .offset(over)
        .limit(1)
    ).first()


def retry_after(
    session: Session, settings: Settings, attempt: Attempt, now: datetime, *, slack: int = 0
) -> int | None:
    """Seconds until this attempt may be made, or None when it may be made now."""
    since = now - _window(settings)
    frees = [at for limit in attempt.limits if (at := _free_at(session, limit, since, slack)) is not None]
    if not frees:
        return None
    seconds = (max(frees) + _window(settings) - now).total_seconds()
    return max(1, int(seconds + 0.999))


def reserve(session: Session, settings: Settings, attempt: Attempt, now: datetime) -> list[int]:
    """Count this attempt before its check (committed); the ids of its rows. ``LoginThrottled`` if over.

    Ends with the transaction committed, so no connection is held while the password is checked.
    """
    wait = retry_after(session, settings, attempt, now)  # cheap refusal while locked: no write at all
    if wait is not None:
        session.commit()
        raise LoginThrottled(wait)
    purge_expired(session, settings, now)  # an indexed range delete: keeps the table to one window
    rows = [RateEvent(key=limit.key, at=now) for limit in attempt.limits]
    session.add_all(rows)
    session.flush()
    ids = [row.id for row in rows if row.id is not None]
    session.commit()
    # Read back, this attempt included (slack 1): only the first ``allowed`` reservations pass.
    if retry_after(session, settings, attempt, now, slack=1) is not None:
        release(session, ids)
        wait = retry_after(session, settings, attempt, now) or 1
        session.commit()
        raise LoginThrottled(wait)
    session.commit()
    return ids


def release(session: Session, ids: list[int]) -> None:
    """Withdraw a reservation (the attempt was refused or never checked); the caller commits."""
    if ids:
        session.exec(delete(RateEvent).where(col(RateEvent.id).in_(ids)))
        session.flush()


def succeeded(session: Session, attempt: Attempt, ids: list[int]) -> None:
    """The password was right: withdraw the reservation and forget the pair's failures."""
    release(session, ids)
    session.exec(delete(RateEvent).where(col(RateEvent.key) == attempt.pair))
    session.flush()


def purge_expired(session: Session, settings: Settings, now: datetime) -> int:
    """Delete login counters older than the window; returns how many rows went."""
    cutoff = now - _window(settings)
    result = session.exec(
        delete(RateEvent).where(col(RateEvent.key).startswith(KEY_PREFIX), col(RateEvent.at) < cutoff)
    )
    session.flush()
    return int(result.rowcount or 0)
