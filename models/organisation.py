"""Organisations (procuring authorities, suppliers, matching actors), their users and API keys."""

from datetime import datetime

from pydantic import EmailStr, field_validator
from sqlmodel import Field, SQLModel

from models.base import StrictSchema, utcnow
from models.enums import OrganisationKind, Role


def _valid_org_number(value: str) -> str:
    digits = value.replace("-", "")
    if len(digits) != 10 or not digits.isdigit():
        raise ValueError("org number must be 10 digits, e.g. 212000-0142")
    # Luhn check digit, as Bolagsverket issues them.
    total = 0
    for i, ch in enumerate(digits[:9]):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    if (10 - total % 10) % 10 != int(digits[9]):
        raise ValueError("org number has a wrong check digit")
    return f"{digits[:6]}-{digits[6:]}"


class OrganisationBase(SQLModel):
    ref: str = Field(min_length=1, max_length=64, unique=True, index=True)
    name: str = Field(min_length=1, max_length=200)
    kind: OrganisationKind
    org_number: str = Field(max_length=11)
    municipality_code: str | None = Field(default=None, min_length=4, max_length=4)

    @field_validator("org_number")
    @classmethod
    def _org_number(cls, value: str) -> str:
        return _valid_org_number(value)


class Organisation(OrganisationBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)


class OrganisationCreate(OrganisationBase, StrictSchema):
    pass


class OrganisationUpdate(StrictSchema):
    name: str | None = Field(default=None, min_length=1, max_length=200)
    municipality_code: str | None = Field(default=None, min_length=4, max_length=4)


class OrganisationPublic(OrganisationBase):
    id: int
    created_at: datetime


class UserBase(SQLModel):
    email: EmailStr = Field(unique=True, index=True, max_length=254)
    full_name: str = Field(min_length=1, max_length=200)
    role: Role
    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="RESTRICT")
    is_active: bool = True


class User(UserBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    password_hash: str
    created_at: datetime = Field(default_factory=utcnow)
    # Carried in every access token; a password change, reset or logout bumps it, so older tokens die at once.
    session_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class UserCreate(UserBase, StrictSchema):
    password: str = Field(min_length=12, max_length=128)


class UserUpdate(StrictSchema):
    full_name: str | None = Field(default=None, min_length=1, max_length=200)
    role: Role | None = None
    is_active: bool | None = None
    password: str | None = Field(default=None, min_length=12, max_length=128)


class UserPublic(UserBase):
    id: int
    created_at: datetime


class ApiKey(SQLModel, table=True):
    """A machine client's key; only its hash and a display prefix are stored."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="RESTRICT")
    prefix: str = Field(max_length=12, index=True)
    key_hash: str = Field(max_length=200)
    scope: str = Field(default="batch", max_length=32)  # batch: may compute shortlists, never decide
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
