"""Counting failed logins, in the database, without locking the rightful user out.

Each failure inserts one ``RateEvent`` row per key it counts against (insert-only: concurrent failures
never overwrite each other's counts, and every worker process sees the same counts). Three keys:

- the pair (email address, client): ``login_max_failures`` failures lock that client out of that account;
- the client: four times as many, over any accounts, lock the client out (guessing across accounts);
- the account: ten times as many, from anywhere, put the account *under attack*: from then on only
  clients that have not failed on it may try. Someone guessing from many addresses gets one try per
  address, while the rightful user, on their own device, still logs in with the right password.

Keys are hashed, so no email address is stored. Client addresses come from ``client_address`` (trusted
proxies only may name the client in ``X-Forwarded-For``).
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, delete, func, select

from models import RateEvent
from service.platform.config import Settings

KEY_PREFIX = "loginfail:"
CLIENT_FACTOR = 4
ACCOUNT_FACTOR = 10


@dataclass(frozen=True)
class Lockout:
    """Logins for this email address from this client are refused for ``retry_after`` more seconds."""

    retry_after: int


@dataclass(frozen=True)
class LoginKeys:
    pair: str
    client: str
    account: str

    def all(self) -> tuple[str, str, str]:
        return self.pair, self.client, self.account


def throttle_keys(email: str, client: str) -> LoginKeys:
    """The counters a login attempt touches (hashed, so they hold no email address)."""
    email = email.strip().lower()
    return LoginKeys(
        pair=_key(f"pair:{email}|{client}"), client=_key(f"ip:{client}"), account=_key(f"email:{email}")
    )


def _key(raw: str) -> str:
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()[:40]


def _recent(session: Session, key: str, since: datetime) -> tuple[int, datetime | None]:
    """How many events a key has since ``since``, and the oldest of them."""
    count, oldest = session.exec(
        select(func.count(), func.min(RateEvent.at)).where(RateEvent.key == key, RateEvent.at > since)
    ).one()
    return int(count), oldest


def lockout(session: Session, settings: Settings, keys: LoginKeys, now: datetime) -> Lockout | None:
    """A lockout when this client may not try this account now (see the module docstring); else None."""
    window = timedelta(minutes=settings.login_lockout_minutes)
    since = now - window
    limit = settings.login_max_failures
    pair, pair_oldest = _recent(session, keys.pair, since)
    client, client_oldest = _recent(session, keys.client, since)
    account, account_oldest = _recent(session, keys.account, since)
    until: list[datetime] = []
    if pair >= limit and pair_oldest is not None:
        until.append(pair_oldest + window)
    if client >= limit * CLIENT_FACTOR and client_oldest is not None:
        until.append(client_oldest + window)
    if account >= limit * ACCOUNT_FACTOR and pair > 0 and account_oldest is not None:
        until.append(account_oldest + window)
    if not until:
        return None
    seconds = (max(until) - now).total_seconds()
    return Lockout(retry_after=max(1, int(seconds + 0.999)))


def record_failure(session: Session, settings: Settings, keys: LoginKeys, now: datetime) -> None:
    """Count one failed attempt against every key (the caller commits); counts past the window go."""
    purge_expired(session, settings, now)  # an indexed range delete: keeps the table to one window
    for key in keys.all():
        session.add(RateEvent(key=key, at=now))
    session.flush()


def clear(session: Session, keys: LoginKeys) -> None:
    """Forget this client's failures on the account after it logged in with the right password."""
    session.exec(delete(RateEvent).where(col(RateEvent.key) == keys.pair))
    session.flush()


def purge_expired(session: Session, settings: Settings, now: datetime) -> int:
    """Delete login counters older than the window; returns how many rows went."""
    cutoff = now - timedelta(minutes=settings.login_lockout_minutes)
    result = session.exec(
        delete(RateEvent).where(col(RateEvent.key).startswith(KEY_PREFIX), col(RateEvent.at) < cutoff)
    )
    session.flush()
    return int(result.rowcount or 0)
