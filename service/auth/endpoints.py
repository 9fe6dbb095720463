"""Logging in (OAuth2 password flow), who am I, and changing one's own name or password."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from models.base import with_examples
from service.auth import device
from service.auth.clients import client_address
from service.auth.deps import SessionDep, SettingsDep, require
from service.auth.service import MeUpdate, current_user, login, update_me
from service.auth.sessions import end_sessions
from service.platform.errors import BadInput, problem_response
from service.platform.principal import ALL_ROLES, Principal

router = APIRouter(prefix="/auth", tags=["auth"])
# The documented login form (a demo user of ``matcher seed``).
TOKEN_FORM = {"grant_type": "password", "username": "anna.staff@ame.example", "password": "demo-password-1"}
AnyCaller = Annotated[Principal, Depends(require(*ALL_ROLES))]


class Token(BaseModel):
    model_config = with_examples(
        {
            "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXI",
            "token_type": "bearer",
            "expires_in": 1800,
        }
    )

    access_token: str
    token_type: str = "bearer"
    expires_in: int


class Me(BaseModel):
    model_config = with_examples(
        {
            "role": "staff",
            "organisation_id": 14,
            "user_id": 1,
            "email": "anna.staff@ame.example",
            "full_name": "Anna Pettersson",
            "must_change_password": False,
        }
    )

    role: str
    organisation_id: int
    user_id: int | None
    email: str | None
    full_name: str | None
    must_change_password: bool = False


@router.post(
    "/token",
    response_model=Token,
    responses={401: {"description": "wrong email or password"}, 429: {"description": "throttled"}},
    openapi_extra={
        "requestBody": {"content": {"application/x-www-form-urlencoded": {"example": TOKEN_FORM}}}
    },
)
def token(
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
) -> Token:
    """A short-lived access token (username = email); 401 for a wrong password, 429 with ``Retry-After``
    when throttled. Sets the device cookie, which keeps this device able to log in while others guess."""
    client = client_address(request, settings)
    device_cookie = request.cookies.get(device.COOKIE)
    access = login(session, settings, form.username, form.password, client, device=device_cookie)
    device.remember(response, settings, form.username)
    return Token(access_token=access, expires_in=settings.access_token_minutes * 60)


@router.post(
    "/logout",
    status_code=204,
    response_class=Response,
    responses=problem_response(422, "Unprocessable input", "API-key clients have no session", "/auth/logout"),
)
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
        must_change_password=bool(user and user.must_change_password),
    )


@router.get("/me", response_model=Me)
def me(session: SessionDep, principal: AnyCaller) -> Me:
    """Who the caller is: role, organisation and, for a person, their account (no API key details)."""
    return _me(session, principal)


@router.patch("/me", response_model=Me)
def change_me(
    request: Request, session: SessionDep, settings: SettingsDep, principal: AnyCaller, change: MeUpdate
) -> Me:
    """Change one's own name or password (with the current one, throttled like a login: 429 with
    ``Retry-After``); role and organisation are not editable. A temporary password must be changed so."""
    client = client_address(request, settings)
    update_me(session, settings, principal, change, client=client, device=request.cookies.get(device.COOKIE))
    return _me(session, principal)
