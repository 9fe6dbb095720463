"""Logging in (OAuth2 password flow), who am I, and changing one's own name or password."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from service.auth.clients import client_address
from service.auth.deps import SessionDep, SettingsDep, require
from service.auth.gate import LoginBusy
from service.auth.service import LoginThrottled, MeUpdate, current_user, login, update_me
from service.auth.sessions import end_sessions
from service.platform.errors import BadInput, problem
from service.platform.principal import ALL_ROLES, Principal

router = APIRouter(prefix="/auth", tags=["auth"])
AnyCaller = Annotated[Principal, Depends(require(*ALL_ROLES))]


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class Me(BaseModel):
    role: str
    organisation_id: int
    user_id: int | None
    email: str | None
    full_name: str | None


@router.post(
    "/token",
    response_model=Token,
    responses={401: {"description": "wrong email or password"}, 429: {"description": "throttled"}},
)
def token(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
) -> Token | JSONResponse:
    """A short-lived access token (username = email); 401 for a wrong password, 429 when throttled."""
    client = client_address(request, settings)
    try:
        access = login(session, settings, form.username, form.password, client)
    except (LoginThrottled, LoginBusy) as exc:
        response = problem(exc.status_code, exc.title, exc.message, request)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    return Token(access_token=access, expires_in=settings.access_token_minutes * 60)


@router.post("/logout", status_code=204, response_class=Response)
def logout(session: SessionDep, principal: AnyCaller) -> Response:
    """End every session of the caller: all tokens issued to this user stop working at once."""
    user = current_user(session, principal)
    if user is None:
        raise BadInput("API-key clients have no session; revoke the key instead")
    end_sessions(session, user)
    return Response(status_code=204)


def _me(session: SessionDep, principal: Principal) -> Me:
    user = current_user(session, principal)
    return Me(
        role=principal.role,
        organisation_id=principal.organisation_id,
        user_id=principal.user_id,
        email=user.email if user else None,
        full_name=user.full_name if user else None,
    )


@router.get("/me", response_model=Me)
def me(session: SessionDep, principal: AnyCaller) -> Me:
    return _me(session, principal)


@router.patch("/me", response_model=Me)
def change_me(session: SessionDep, principal: AnyCaller, change: MeUpdate) -> Me:
    """Change one's own name or password (with the current one); role and organisation are not editable."""
    update_me(session, principal, change)
    return _me(session, principal)
