"""Password login (throttled, bounded, see ``throttle`` and ``gate``) and the caller's own account."""

import os
from datetime import UTC, datetime

from pydantic import Field
from sqlmodel import Session, select

from models import User
from models.base import StrictSchema, with_examples
from service.auth import throttle
from service.auth.device import known_device
from service.auth.gate import LoginBusy, login_gate
from service.auth.sessions import end_sessions
from service.auth.throttle import LoginThrottled
from service.auth.tokens import create_access_token
from service.platform import audit
from service.platform.config import Settings
from service.platform.errors import BadInput, NotAuthenticated, NotFound
from service.platform.principal import Principal
from service.platform.security import hash_password, verify_password

# Verifying against a real hash when the user does not exist keeps response times alike (no user probing).
_DUMMY_HASH = hash_password("not-a-real-password-0000")


def _verify_reserved(
    session: Session, settings: Settings, ids: list[int], password: str, password_hash: str
) -> bool:
    """Check a password whose attempt is reserved; a check that never ran gives its reservation back."""
    try:
        with login_gate(settings).slot():
            ok = verify_password(password, password_hash)
            _log_check(settings, ok)
    except BaseException:
        throttle.release(session, ids)
        session.commit()
        raise
    return ok


def _log_check(settings: Settings, ok: bool) -> None:
    # Test settings only: one line per check ("ok" or "wrong"), appended atomically, so a test counts the
    # checks of every worker process of a real server (O_APPEND writes this small never interleave).
    if settings.env == "test" and settings.password_check_log:
        fd = os.open(settings.password_check_log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, b"ok\n" if ok else b"wrong\n")
        finally:
            os.close(fd)


def checked_password(
    session: Session,
    settings: Settings,
    user: User,
    password: str,
    client: str,
    *,
    device: str | None = None,
    now: datetime | None = None,
) -> bool:
    """Whether ``password`` is the user's, checked through the same gate and counters as a login.

    For checks of a logged-in user's current password: ``LoginThrottled`` when over the limit. The
    attempt is committed before the check; the caller's pending changes must not depend on rollback.
    """
    now = now or datetime.now(UTC)
    email, password_hash = user.email, user.password_hash
    attempt = throttle.attempt_for(settings, email, client, known_device(settings, email, device))
    ids = throttle.reserve(session, settings, attempt, now)
    ok = _verify_reserved(session, settings, ids, password, password_hash)
    if ok:
        throttle.succeeded(session, attempt, ids)
    return ok


def login(
    session: Session,
    settings: Settings,
    email: str,
    password: str,
    client: str,
    *,
    device: str | None = None,
    now: datetime | None = None,
) -> str:
    """An access token for the right email and password.

    401 for a wrong email, password or a disabled account; 429 (``LoginThrottled``) while this client or
    device may not try this account (``service.auth.throttle``), or ``LoginBusy`` when too many logins
    are being checked at once. ``device`` is the request's device cookie (``service.auth.device``). The
    attempt is counted and committed before the password is checked, and no connection is held during
    the check.
    """
    now = now or datetime.now(UTC)
    attempt = throttle.attempt_for(settings, email, client, known_device(settings, email, device))
    ids = throttle.reserve(session, settings, attempt, now)
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    session.commit()  # ends the read: the connection goes back to the pool during the check
    ok = _verify_reserved(session, settings, ids, password, user.password_hash if user else _DUMMY_HASH)
    if not ok or user is None or not user.is_active:
        raise NotAuthenticated("wrong email address or password")  # the reservation stays: a failure
    throttle.succeeded(session, attempt, ids)
    return issue_token(settings, user)


def issue_token(settings: Settings, user: User) -> str:
    """A new access token for the user's current session (after a login or a password change)."""
    return create_access_token(
        settings,
        user_id=user.id or 0,
        role=user.role,
        organisation_id=user.organisation_id,
        session_key=user.session_key,
        session_version=user.session_version,
    )


class MeUpdate(StrictSchema):
    """What a user may change about their own account: never role, organisation or active flag."""

    model_config = with_examples(
        {"password": "ett-nytt-langt-losenord", "current_password": "demo-password-1"}
    )

    full_name: str | None = Field(default=None, min_length=1, max_length=200)
    password: str | None = Field(default=None, min_length=12, max_length=128)
    current_password: str | None = Field(default=None, max_length=128)


def current_user(session: Session, principal: Principal) -> User | None:
    """The caller's account, or None for an API-key client."""
    if principal.user_id is None:
        return None
    user = session.get(User, principal.user_id)
    if user is None:
        raise NotFound("the account no longer exists")
    return user


def update_me(
    session: Session,
    settings: Settings,
    principal: Principal,
    change: MeUpdate,
    *,
    client: str,
    device: str | None = None,
) -> User:
    """Change one's own name or password; a new password needs the current one, checked through the
    login throttle (``LoginThrottled`` when over the limit), and must differ from it."""
    user = current_user(session, principal)
    if user is None:
        raise BadInput("API-key clients have no account to change")
    if change.password is not None:
        # Checked before anything changes: the check commits its counted attempt.
        current = change.current_password
        if current is None or not checked_password(session, settings, user, current, client, device=device):
            wrong = [{"field": "current_password", "message": "wrong password"}]
            raise BadInput("the current password is wrong", errors=wrong)
        if change.password == current:
            same = [{"field": "password", "message": "the same as the current password"}]
            raise BadInput("the new password must differ from the current one", errors=same)
        user.password_hash = hash_password(change.password)
        user.must_change_password = False
        end_sessions(session, user)  # every other token of this user stops working now
    if change.full_name is not None:
        user.full_name = change.full_name
    session.add(user)
    fields = sorted(k for k in change.model_fields_set if k != "current_password")
    audit.record(session, principal, "user.update_self", "user", user.id, detail={"fields": fields})
    session.flush()
    return user


__all__ = [
    "LoginBusy",
    "LoginThrottled",
    "MeUpdate",
    "checked_password",
    "current_user",
    "issue_token",
    "login",
    "update_me",
]
