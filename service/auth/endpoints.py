"""Logging in (OAuth2 password flow) and who am I."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm
from pydantic import BaseModel

from models import User
from models.enums import Role
from service.auth.login import login
from service.auth.principal import BATCH, Principal
from service.deps import SessionDep, SettingsDep, require
from service.errors import NotFound

router = APIRouter(prefix="/auth", tags=["auth"])
ANY_ROLE = (*(r.value for r in Role), BATCH)


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


@router.post("/token", response_model=Token)
def token(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    form: Annotated[OAuth2PasswordRequestForm, Depends()],
) -> Token:
    """A short-lived access token; 401 for a wrong password, 429 after repeated failures."""
    client = request.client.host if request.client else "unknown"
    access = login(session, settings, form.username, form.password, client)
    return Token(access_token=access, expires_in=settings.access_token_minutes * 60)


@router.get("/me", response_model=Me)
def me(session: SessionDep, principal: Annotated[Principal, Depends(require(*ANY_ROLE))]) -> Me:
    user = session.get(User, principal.user_id) if principal.user_id is not None else None
    if principal.user_id is not None and user is None:
        raise NotFound("the account no longer exists")
    return Me(
        role=principal.role,
        organisation_id=principal.organisation_id,
        user_id=principal.user_id,
        email=user.email if user else None,
        full_name=user.full_name if user else None,
    )
