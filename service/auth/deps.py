"""Request dependencies: the unit-of-work session and the caller, with deny-by-default role checks.

Every route declares the roles it allows with ``Depends(require(...))`` (or the ``Allow`` aliases); a
test walks all routes and fails on any route without a declaration outside the public allowlist.
"""

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, OAuth2PasswordBearer
from sqlmodel import Session, col, select

from models import ApiKey
from service.auth.first_login import refuse_until_changed
from service.auth.sessions import principal_from_token
from service.auth.tokens import api_key_matches
from service.platform.config import Settings
from service.platform.db import get_engine
from service.platform.errors import Forbidden, NotAuthenticated
from service.platform.principal import BATCH, Principal

oauth2 = OAuth2PasswordBearer(tokenUrl="/auth/token", auto_error=False)
api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)


def get_session() -> Iterator[Session]:
    """The request's session commits on success and rolls back on error; services only flush.

    Used with ``scope="function"`` (``SessionDep``): FastAPI then runs the commit when the route function
    (and its response serialisation) is done and *before* the response is sent, so a client is never told
    of a write that is not durable, and a commit that fails reaches the client as an error.
    """
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def _token_from_cookie(request: Request) -> str | None:
    # The browser session cookie reads the API (the pages' suggestions) but never writes through it: a
    # form on another port of this host would carry the cookie (same site), and the API has no CSRF token.
    if request.method not in ("GET", "HEAD"):
        return None
    return request.cookies.get("access_token")


def get_principal(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    token: Annotated[str | None, Depends(oauth2)],
    api_key: Annotated[str | None, Depends(api_key_header)],
) -> Principal:
    token = token or _token_from_cookie(request)
    if token:
        principal = principal_from_token(session, settings, token)
        refuse_until_changed(request, session, principal)  # a temporary password: nothing else first
        return principal
    if api_key:
        prefix = api_key[:11]
        active = select(ApiKey).where(ApiKey.prefix == prefix, col(ApiKey.revoked_at).is_(None))
        for row in session.exec(active).all():
            if api_key_matches(api_key, row.key_hash):
                return Principal(role=BATCH, organisation_id=row.organisation_id, api_key_id=row.id)
        raise NotAuthenticated("the API key is not valid")
    raise NotAuthenticated("log in or present an API key")


def require(*roles: str) -> Callable[..., Principal]:
    """A dependency that admits only the given roles (403 for others, 401 for anonymous)."""

    def _check(request: Request, principal: Annotated[Principal, Depends(get_principal)]) -> Principal:
        if principal.role not in roles:
            raise Forbidden(f"this action is not allowed for the role {principal.role!r}")
        request.state.principal = principal  # who the request's audit event names (service.app.audit_routes)
        return principal

    _check.allowed_roles = frozenset(roles)  # type: ignore[attr-defined]
    return _check


__all__ = ["BATCH", "Principal", "SessionDep", "SettingsDep", "get_principal", "get_session", "require"]
