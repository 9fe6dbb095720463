"""A logged-in user's session: from a token to the caller, and ending every session of a user at once.

A token carries the user's ``session_key`` (claim ``sk``, random per account) and ``session_version``
(claim ``sv``). Logging out, changing or resetting the password, deactivating or re-activating the account
renews the key and bumps the version, so every token issued before stops working on its next request, not
when it expires. The key is what a new account can never share with a deleted one: ids are never reused
(``models.base.NEVER_REUSED``), and even a reused id would come with another random key.
"""

import hmac
from typing import Any

from sqlmodel import Session

from models import User
from models.organisation import new_session_key
from service.auth.tokens import decode_access_token
from service.platform.config import Settings
from service.platform.errors import NotAuthenticated
from service.platform.principal import Principal


def principal_from_claims(session: Session, claims: dict[str, Any]) -> Principal:
    """The user a token's claims name, if the account is active and the token's session is current."""
    try:
        user_id, key, version = int(claims["sub"]), str(claims["sk"]), int(claims.get("sv", 0))
    except (KeyError, TypeError, ValueError) as exc:
        raise NotAuthenticated("the access token is not valid") from exc
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise NotAuthenticated("the account no longer exists or is disabled")
    check_session(key, version, user.session_key, user.session_version)
    return Principal(role=user.role, organisation_id=user.organisation_id, user_id=user.id)


def check_session(key: str, version: int, current_key: str, current_version: int) -> None:
    """401 unless a token's session key and version are the account's current ones."""
    if not hmac.compare_digest(key.encode(), current_key.encode()) or version != current_version:
        raise NotAuthenticated(
            "this session has ended (logout, password change or account change); log in again"
        )


def principal_from_token(session: Session, settings: Settings, token: str) -> Principal:
    return principal_from_claims(session, decode_access_token(settings, token))


def end_sessions(session: Session, user: User) -> None:
    """Invalidate every token the user holds (the caller commits with the change that needs it)."""
    user.session_version = (user.session_version or 0) + 1
    user.session_key = new_session_key()
    session.add(user)
    session.flush()
