"""Password login (throttled, bounded, see ``throttle`` and ``gate``) and the caller's own account."""

from datetime import UTC, datetime

from pydantic import Field
from sqlmodel import Session, select

from models import User
from models.base import StrictSchema
from service.auth import throttle
from service.auth.gate import LoginBusy, login_gate
from service.auth.sessions import end_sessions
from service.auth.tokens import create_access_token
from service.platform import audit
from service.platform.config import Settings
from service.platform.errors import BadInput, NotAuthenticated, NotFound, TooManyRequests
from service.platform.principal import Principal
from service.platform.security import hash_password, verify_password

# Verifying against a real hash when the user does not exist keeps response times alike (no user probing).
_DUMMY_HASH = hash_password("not-a-real-password-0000")


class LoginThrottled(TooManyRequests):
    """Too many failed logins for this email address from this client; ``retry_after`` is in seconds."""

    def __init__(self, retry_after: int) -> None:
        minutes = max(1, (retry_after + 59) // 60)
        super().__init__(f"too many failed logins; try again in {minutes} minutes")
        self.retry_after = retry_after


def login(
    session: Session,
    settings: Settings,
    email: str,
    password: str,
    client: str,
    *,
    now: datetime | None = None,
) -> str:
    """An access token for the right email and password.

    401 for a wrong email, password or a disabled account; 429 (``LoginThrottled``) while this client
    may not try this account (``service.auth.throttle``), or ``LoginBusy`` when too many logins are being
    checked at once. The request's one session is used throughout; no connection is held while the
    password is checked, and a failure is counted and committed before the 401 is raised.
    """
    now = now or datetime.now(UTC)
    keys = throttle.throttle_keys(email, client)
    locked = throttle.lockout(session, settings, keys, now)
    if locked is not None:
        raise LoginThrottled(locked.retry_after)
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    session.commit()  # ends the read: the connection goes back to the pool during the check
    with login_gate(settings).slot():
        ok = verify_password(password, user.password_hash if user else _DUMMY_HASH)
    if not ok or user is None or not user.is_active:
        throttle.record_failure(session, settings, keys, now)
        session.commit()  # the count must survive the failed request's rollback
        raise NotAuthenticated("wrong email address or password")
    throttle.clear(session, keys)
    return create_access_token(
        settings,
        user_id=user.id or 0,
        role=user.role,
        organisation_id=user.organisation_id,
        session_version=user.session_version,
    )


class MeUpdate(StrictSchema):
    """What a user may change about their own account: never role, organisation or active flag."""

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


def update_me(session: Session, principal: Principal, change: MeUpdate) -> User:
    """Change one's own name or password; a new password needs the current one."""
    user = current_user(session, principal)
    if user is None:
        raise BadInput("API-key clients have no account to change")
    if change.full_name is not None:
        user.full_name = change.full_name
    if change.password is not None:
        if change.current_password is None or not verify_password(
            change.current_password, user.password_hash
        ):
            wrong = [{"field": "current_password", "message": "wrong password"}]
            raise BadInput("the current password is wrong", errors=wrong)
        user.password_hash = hash_password(change.password)
        end_sessions(session, user)  # every other token of this user stops working now
    session.add(user)
    fields = sorted(k for k in change.model_fields_set if k != "current_password")
    audit.record(session, principal, "user.update_self", "user", user.id, detail={"fields": fields})
    session.flush()
    return user


__all__ = ["LoginBusy", "LoginThrottled", "MeUpdate", "current_user", "login", "update_me"]
