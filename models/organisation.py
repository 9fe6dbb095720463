"""Organisations (procuring authorities, suppliers, matching actors), their users and API keys."""

from datetime import datetime
from uuid import uuid4

from pydantic import EmailStr, field_validator
from sqlalchemy import false
from sqlmodel import Field, SQLModel

from models.base import NEVER_REUSED, StrictSchema, utcnow, with_examples
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


def new_session_key() -> str:
    """A fresh random session key for a user (128 bits)."""
    return uuid4().hex


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
    __table_args__ = NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)


class OrganisationCreate(OrganisationBase, StrictSchema):
    model_config = with_examples(
        {
            "ref": "glansholmen",
            "name": "Glansholmens Städservice AB",
            "kind": "supplier",
            "org_number": "556677-8899",
            "municipality_code": "1280",
        }
    )


class OrganisationUpdate(StrictSchema):
    model_config = with_examples({"name": "Glansholmens Städ & Fönsterputs AB", "municipality_code": "1231"})

    name: str | None = Field(default=None, min_length=1, max_length=200)
    municipality_code: str | None = Field(default=None, min_length=4, max_length=4)


class OrganisationPublic(OrganisationBase):
    model_config = with_examples(
        {
            "id": 5,
            "ref": "glansholmen",
            "name": "Glansholmens Städservice AB",
            "kind": "supplier",
            "org_number": "556677-8899",
            "municipality_code": "1280",
            "created_at": "2026-01-15T09:30:00Z",
        }
    )

    id: int
    created_at: datetime


class UserBase(SQLModel):
    email: EmailStr = Field(unique=True, index=True, max_length=254)
    full_name: str = Field(min_length=1, max_length=200)
    role: Role
    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="RESTRICT")
    is_active: bool = True


class User(UserBase, table=True):
    __table_args__ = NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    password_hash: str
    created_at: datetime = Field(default_factory=utcnow)
    # Carried in every access token; a password change, reset or logout bumps it, so older tokens die at once.
    session_version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # Set when an admin chose the password (creation or reset): until the user picks their own, the
    # service lets them do nothing else.
    must_change_password: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    # Also in every token, and random: a token names this account, never the next one given the same id
    # or version. Renewed with every end of sessions (logout, password, deactivation, re-activation).
    session_key: str = Field(default_factory=new_session_key, min_length=32, max_length=32)


class UserCreate(UserBase, StrictSchema):
    model_config = with_examples(
        {
            "email": "mirela.supplier@glansholmen.example",
            "full_name": "Mirela Nilsson",
            "role": "supplier",
            "organisation_id": 5,
            "is_active": True,
            "password": "byt-mig-direkt-2026",
        }
    )

    password: str = Field(min_length=12, max_length=128)


class UserUpdate(StrictSchema):
    model_config = with_examples({"full_name": "Mirela Nilsson Berg", "is_active": True})

    full_name: str | None = Field(default=None, min_length=1, max_length=200)
    role: Role | None = None
    is_active: bool | None = None
    password: str | None = Field(default=None, min_length=12, max_length=128)


class UserPublic(UserBase):
    model_config = with_examples(
        {
            "id": 7,
            "email": "mirela.supplier@glansholmen.example",
            "full_name": "Mirela Nilsson",
            "role": "supplier",
            "organisation_id": 5,
            "is_active": True,
            "created_at": "2026-01-15T09:42:00Z",
        }
    )

    id: int
    created_at: datetime


class ApiKey(SQLModel, table=True):
    """A machine client's key; only its hash and a display prefix are stored."""

    __table_args__ = NEVER_REUSED

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    organisation_id: int = Field(foreign_key="organisation.id", index=True, ondelete="RESTRICT")
    prefix: str = Field(max_length=12, index=True)
    key_hash: str = Field(max_length=200)
    scope: str = Field(default="batch", max_length=32)  # batch: may compute shortlists, never decide
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None
