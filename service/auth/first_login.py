"""A temporary password (chosen by an admin, on creation or reset) must be changed before anything else.

Until the user has set a password of their own, the API answers every request of theirs with a 403
problem titled "Password change required", except the few that let them do it: who am I, changing one's
own password (``PATCH /auth/me``) and logging out. The web UI sends them to its password page instead.
"""

from fastapi import Request
from sqlmodel import Session

from models import User
from service.platform.errors import Forbidden
from service.platform.principal import Principal

# (method, path) of the API calls a user with a temporary password may still make.
ALLOWED = frozenset({("GET", "/auth/me"), ("PATCH", "/auth/me"), ("POST", "/auth/logout")})


class PasswordChangeRequired(Forbidden):
    """The caller's password is temporary; it has to be changed before anything else."""

    title = "Password change required"

    def __init__(self) -> None:
        super().__init__(
            "your password was set by an administrator and must be changed first: "
            "PATCH /auth/me with current_password and a new password (or the web UI's password page)"
        )


def must_change_password(session: Session, principal: Principal) -> bool:
    """Whether the caller still has a temporary password (the user row is usually in the session already)."""
    if principal.user_id is None:
        return False
    user = session.get(User, principal.user_id)
    return bool(user is not None and user.must_change_password)


def refuse_until_changed(request: Request, session: Session, principal: Principal) -> None:
    """``PasswordChangeRequired`` for any call but ``ALLOWED`` while the caller's password is temporary."""
    if (request.method, request.url.path) in ALLOWED:
        return
    if must_change_password(session, principal):
        raise PasswordChangeRequired()
