"""Users and machine clients' API keys: the admin's side (create, list, change, remove, revoke)."""

from datetime import datetime

from pydantic import Field
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from models import ApiKey, Organisation, User
from models.base import StrictSchema, utcnow, with_examples
from models.enums import OrganisationKind, Role
from models.organisation import UserCreate, UserUpdate
from service.auth.sessions import end_sessions
from service.auth.tokens import new_api_key
from service.platform.errors import BadInput, Conflict, NotFound
from service.platform.pagination import fetch_page
from service.platform.principal import Principal
from service.platform.security import hash_password

# Which organisations a role's users can belong to; admins and auditors may sit anywhere.
ROLE_ORGANISATION_KINDS: dict[Role, frozenset[OrganisationKind]] = {
    Role.STAFF: frozenset({OrganisationKind.MATCHING_ACTOR}),
    Role.SUPPLIER: frozenset({OrganisationKind.SUPPLIER}),
    Role.PROCUREMENT_OFFICER: frozenset({OrganisationKind.PROCURING_AUTHORITY}),
    Role.ADMIN: frozenset(OrganisationKind),
    Role.AUDITOR: frozenset(OrganisationKind),
}


def _null(field: str) -> BadInput:
    return BadInput(f"{field} may not be null", errors=[{"field": field, "message": "may not be null"}])


MAX_ID = 2**31 - 1  # PostgreSQL ids are int4; larger numbers cannot name a row


def _organisation(session: Session, organisation_id: int) -> Organisation | None:
    return session.get(Organisation, organisation_id) if 1 <= organisation_id <= MAX_ID else None


def _check_role_fits(session: Session, role: Role, organisation_id: int) -> None:
    org = _organisation(session, organisation_id)
    if org is None:
        raise BadInput(f"organisation {organisation_id} does not exist")
    if org.kind not in ROLE_ORGANISATION_KINDS[Role(role)]:
        raise BadInput(f"a user with the role {role!s} cannot belong to a {org.kind!s} organisation")


def list_users(
    session: Session,
    offset: int,
    limit: int,
    organisation_id: int | None = None,
    role: Role | None = None,
) -> tuple[list[User], int]:
    query = select(User)
    if organisation_id is not None:
        query = query.where(User.organisation_id == organisation_id)
    if role is not None:
        query = query.where(User.role == role)
    rows, total = fetch_page(session, query, col(User.email), offset=offset, limit=limit)
    return list(rows), total


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"user {user_id} does not exist")
    return user


def create_user(session: Session, body: UserCreate) -> User:
    """A new user with an argon2-hashed password; 409 when the email address is taken."""
    email = str(body.email).strip().lower()
    if session.exec(select(User).where(User.email == email)).first() is not None:
        raise Conflict("a user with this email address exists")
    _check_role_fits(session, body.role, body.organisation_id)
    user = User(
        email=email,
        full_name=body.full_name,
        role=body.role,
        organisation_id=body.organisation_id,
        is_active=body.is_active,
        password_hash=hash_password(body.password),
        must_change_password=True,  # the admin chose it: the user picks their own at first login
    )
    session.add(user)
    session.flush()
    return user


def update_user(session: Session, admin: Principal, user_id: int, change: UserUpdate) -> User:
    """Change a user; an admin cannot demote or disable themselves (nobody would be left to undo it)."""
    user = get_user(session, user_id)
    values = change.model_dump(exclude_unset=True)
    for name in ("full_name", "role", "is_active"):
        if name in values and values[name] is None:
            raise _null(name)
    if user.id == admin.user_id and (
        values.get("role", Role.ADMIN) != Role.ADMIN or values.get("is_active", True) is False
    ):
        raise Conflict("admins cannot demote or disable their own account")
    if "role" in values:
        _check_role_fits(session, values["role"], user.organisation_id)
    password = values.pop("password", None)
    if password is not None:
        user.password_hash = hash_password(password)
        # A reset is temporary, as at creation; an admin who sets their own here chose it themselves.
        user.must_change_password = user.id != admin.user_id
    switched = "is_active" in values and values["is_active"] != user.is_active
    for name, value in values.items():
        setattr(user, name, value)
    if password is not None or "role" in values or switched:
        # A reset, a new role, deactivation or re-activation ends every session the user had: a token
        # from before a deactivation must not come back to life with the account.
        end_sessions(session, user)
    session.add(user)
    session.flush()
    return user


def delete_user(session: Session, admin: Principal, user_id: int) -> None:
    """Delete a user who has done nothing yet; 409 once decisions or proposals name them (disable instead)."""
    user = get_user(session, user_id)
    if user.id == admin.user_id:
        raise Conflict("admins cannot delete their own account")
    try:
        with session.begin_nested():
            session.delete(user)
            session.flush()
    except IntegrityError as exc:
        raise Conflict(
            "the user is referred to by decisions, proposals or feedback; disable the account instead"
        ) from exc


class ApiKeyCreate(StrictSchema):
    model_config = with_examples({"name": "Nattlig omrankning", "organisation_id": 14})

    name: str = Field(min_length=1, max_length=100)
    organisation_id: int


class ApiKeyPublic(SQLModel):
    """A key as listed: never the key itself nor its hash."""

    model_config = with_examples(
        {
            "id": 3,
            "name": "Nattlig omrankning",
            "organisation_id": 14,
            "prefix": "mk_4f2a9cQx",
            "scope": "batch",
            "created_at": "2026-11-02T07:00:00Z",
            "revoked_at": None,
        }
    )

    id: int
    name: str
    organisation_id: int
    prefix: str
    scope: str
    created_at: datetime
    revoked_at: datetime | None


class ApiKeyCreated(ApiKeyPublic):
    model_config = with_examples(
        {
            "id": 3,
            "name": "Nattlig omrankning",
            "organisation_id": 14,
            "prefix": "mk_4f2a9cQx",
            "scope": "batch",
            "created_at": "2026-11-02T07:00:00Z",
            "revoked_at": None,
            "key": "mk_4f2a9cQxv7PZ3nR8sT2wY5bC1dE6fG9hJ4kLm0Nq2sUw",
        }
    )

    key: str = Field(description="the full key; shown once and never again")


def create_api_key(session: Session, body: ApiKeyCreate) -> ApiKeyCreated:
    """A new batch key for an organisation; only its hash is stored, the key is returned once."""
    if _organisation(session, body.organisation_id) is None:
        raise BadInput(f"organisation {body.organisation_id} does not exist")
    key, prefix, key_hash = new_api_key()
    row = ApiKey(name=body.name, organisation_id=body.organisation_id, prefix=prefix, key_hash=key_hash)
    session.add(row)
    session.flush()
    return ApiKeyCreated(**ApiKeyPublic.model_validate(row, from_attributes=True).model_dump(), key=key)


def list_api_keys(
    session: Session, offset: int, limit: int, include_revoked: bool = False
) -> tuple[list[ApiKey], int]:
    query = select(ApiKey)
    if not include_revoked:
        query = query.where(col(ApiKey.revoked_at).is_(None))
    rows, total = fetch_page(session, query, col(ApiKey.id), offset=offset, limit=limit)
    return list(rows), total


def revoke_api_key(session: Session, key_id: int) -> ApiKey:
    """Revoke a key at once (idempotent: revoking a revoked key keeps its first revocation time)."""
    row = session.get(ApiKey, key_id)
    if row is None:
        raise NotFound(f"API key {key_id} does not exist")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        session.add(row)
        session.flush()
    return row
