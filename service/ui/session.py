"""The browser session: the same signed access token as the API, in an HttpOnly, SameSite=Strict cookie.

SameSite=Strict keeps other sites from making the browser post our forms (CSRF).
"""

from typing import Annotated
from urllib.parse import urlparse

from fastapi import Depends, Request
from fastapi.responses import Response
from sqlmodel import Session

from models import User
from service.auth.deps import SessionDep, SettingsDep
from service.auth.first_login import must_change_password
from service.auth.sessions import principal_from_token
from service.platform.config import Settings
from service.platform.errors import NotAuthenticated
from service.platform.principal import Principal

COOKIE = "access_token"


class LoginRequired(Exception):
    """Raised by UI routes for anonymous visitors; answered with a redirect to the login page."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


class PasswordChangeFirst(Exception):
    """Raised by UI routes for a user with a temporary password; answered with a redirect to the
    password page (``service.ui.account``), which then returns to ``next_path``."""

    def __init__(self, next_path: str) -> None:
        self.next_path = next_path


def optional_principal(request: Request, session: SessionDep, settings: SettingsDep) -> Principal | None:
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    try:
        principal = principal_from_token(session, settings, token)
    except NotAuthenticated:
        return None
    request.state.principal = principal  # who the request's audit event names (service.app.audit_routes)
    return principal


def ui_require(*roles: str):  # type: ignore[no-untyped-def]
    """Like service.auth.deps.require, for pages: anonymous → login page, wrong role → 403 page."""

    def _check(
        request: Request,
        session: SessionDep,
        principal: Annotated[Principal | None, Depends(optional_principal)],
    ) -> Principal:
        if principal is None:
            raise LoginRequired(request.url.path)
        if must_change_password(session, principal):
            raise PasswordChangeFirst(request.url.path)
        if principal.role not in roles:
            from service.platform.errors import Forbidden

            raise Forbidden(f"this page is not available for the role {principal.role!r}")
        request.state.principal = principal  # who the request's audit event names (service.app.audit_routes)
        return principal

    _check.allowed_roles = frozenset(roles)  # type: ignore[attr-defined]
    return _check


def user_of(session: Session, principal: Principal) -> User | None:
    return session.get(User, principal.user_id) if principal.user_id is not None else None


def set_session_cookie(response: Response, settings: Settings, token: str) -> None:
    """Start (or renew) the browser session: the access token in an HttpOnly, SameSite=Strict cookie."""
    response.set_cookie(
        COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=settings.env == "production",
        max_age=settings.access_token_minutes * 60,
    )


def local_path(path: str | None) -> str:
    """``path`` when it is a page of this site, else the start page: never send anyone to another site."""
    # Browsers read a backslash as a slash: "/\\evil.example" would be "//evil.example", another site.
    if not path or "\\" in path or urlparse(path).netloc or not path.startswith("/") or path.startswith("//"):
        return "/ui/"
    return path
