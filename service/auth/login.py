"""Password login with throttling after repeated failures."""

import threading
import time
from collections import defaultdict, deque

from sqlmodel import Session, select

from models import User
from service.auth.tokens import create_access_token
from service.config import Settings
from service.errors import NotAuthenticated, TooManyRequests
from service.security import hash_password, verify_password

# Per process: with several workers each counts on its own, so the effective limit is workers × N.
_failures: dict[str, deque[float]] = defaultdict(deque)
_lock = threading.Lock()
# Verifying against a real hash when the user does not exist keeps response times alike (no user probing).
_DUMMY_HASH = hash_password("not-a-real-password-0000")


def _recent(key: str, window_s: float, now: float) -> deque[float]:
    q = _failures[key]
    while q and q[0] < now - window_s:
        q.popleft()
    return q


def login(session: Session, settings: Settings, email: str, password: str, client: str) -> str:
    """An access token for the right email and password; 401 otherwise, 429 after repeated failures."""
    window = settings.login_lockout_minutes * 60
    now = time.monotonic()
    keys = (f"email:{email.strip().lower()}", f"ip:{client}")
    with _lock:
        if any(len(_recent(k, window, now)) >= settings.login_max_failures for k in keys):
            raise TooManyRequests(
                f"too many failed logins; try again in {settings.login_lockout_minutes} minutes"
            )
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    ok = verify_password(password, user.password_hash if user else _DUMMY_HASH) and user is not None
    if not ok or user is None or not user.is_active:
        with _lock:
            for k in keys:
                _failures[k].append(now)
        raise NotAuthenticated("wrong email address or password")
    with _lock:
        _failures.pop(keys[0], None)
    return create_access_token(
        settings, user_id=user.id or 0, role=user.role, organisation_id=user.organisation_id
    )


def reset_throttle() -> None:
    with _lock:
        _failures.clear()
