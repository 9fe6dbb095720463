"""A logged-in user's session: from a token to the caller, and ending every session of a user at once.

A token carries the user's ``session_version`` (claim ``sv``). Logging out, changing or resetting the
password bumps it, so every token issued before stops working on its next request, not when it expires.
"""

from typing import Any

from sqlmodel import Session

from models import User
from service.auth.tokens import decode_access_token
from service.platform.config import Settings
from service.platform.errors import NotAuthenticated
from service.platform.principal import Principal


def principal_from_claims(session: Session, claims: dict[str, Any]) -> Principal:
    """The user a token's claims name, if the account is active and the token's session is current."""
    try:
        user_id, version = int(claims["sub"]), int(claims.get("sv", 0))
    except (TypeError, ValueError) as exc:
        raise NotAuthenticated("the access token is not valid") from exc
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise NotAuthenticated("the account no longer exists or is disabled")
    if version != user.session_version:
        raise NotAuthenticated("this session has ended (logout or password change); log in again")
    return Principal(role=user.role, organisation_id=user.organisation_id, user_id=user.id)


def principal_from_token(session: Session, settings: Settings, token: str) -> Principal:
    return principal_from_claims(session, decode_access_token(settings, token))


def end_sessions(session: Session, user: User) -> None:
    """Invalidate every token the user holds (the caller commits with the change that needs it)."""
    user.session_version = (user.session_version or 0) + 1
    session.add(user)
    session.flush()
