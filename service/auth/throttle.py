"""Counting failed logins per email address and per client address, in the database.

The counts live in the ``SystemSetting`` key/value table (``loginfail:<hash>`` → recent failure times), so
every worker process sees the same counts and a restart does not reset a lockout. Only the newest
``login_max_failures`` times are kept per key, which is all the check needs.

Failures are written in a transaction of their own: the login request's session rolls back (the login
failed), and the count must survive that.
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, delete

from models import SystemSetting
from service.config import Settings

KEY_PREFIX = "loginfail:"


@dataclass(frozen=True)
class Lockout:
    """Logins for one of the keys are refused for ``retry_after`` more seconds."""

    retry_after: int


def throttle_keys(email: str, client: str) -> tuple[str, str]:
    """The two counters a login attempt touches: its email address and its client address.

    Hashed, so the settings table holds no email addresses (and keys fit its 64 characters).
    """
    return _key(f"email:{email.strip().lower()}"), _key(f"ip:{client}")


def _key(raw: str) -> str:
    return KEY_PREFIX + hashlib.sha256(raw.encode()).hexdigest()[:40]


def _times(row: SystemSetting | None) -> list[float]:
    if row is None or not row.value:
        return []
    return [float(t) for t in row.value.split(",") if t]


def lockout(session: Session, settings: Settings, keys: tuple[str, ...], now: datetime) -> Lockout | None:
    """A lockout when any key has ``login_max_failures`` failures within the last window; else None."""
    window = settings.login_lockout_minutes * 60
    stamp = now.timestamp()
    longest = 0.0
    for key in keys:
        recent = [t for t in _times(session.get(SystemSetting, key)) if t > stamp - window]
        if len(recent) >= settings.login_max_failures:
            # Locked until the oldest of the last N failures leaves the window.
            oldest = sorted(recent)[-settings.login_max_failures]
            longest = max(longest, oldest + window - stamp)
    return Lockout(retry_after=max(1, int(longest + 0.999))) if longest > 0 else None


def record_failure(engine: Engine, settings: Settings, keys: tuple[str, ...], now: datetime) -> None:
    """Count one failed attempt against every key, committed at once in a session of its own."""
    window = settings.login_lockout_minutes * 60
    stamp = now.timestamp()
    with Session(engine) as session:
        for key in keys:
            row = session.get(SystemSetting, key) or SystemSetting(key=key, value="")
            recent = [t for t in _times(row) if t > stamp - window] + [stamp]
            row.value = ",".join(f"{t:.3f}" for t in recent[-settings.login_max_failures :])
            row.updated_at = now
            session.add(row)
        session.commit()


def clear(session: Session, key: str) -> None:
    """Forget the failures of a key (after a successful login for that email address)."""
    row = session.get(SystemSetting, key)
    if row is not None:
        session.delete(row)
        session.flush()


def purge_expired(session: Session, settings: Settings, now: datetime | None = None) -> int:
    """Delete counters whose last failure is older than the window; returns how many went."""
    cutoff = (now or datetime.now(UTC)) - timedelta(minutes=settings.login_lockout_minutes)
    result = session.exec(
        delete(SystemSetting).where(
            col(SystemSetting.key).startswith(KEY_PREFIX), col(SystemSetting.updated_at) < cutoff
        )
    )
    session.flush()
    return int(result.rowcount or 0)
