"""The admin's API: organisations, users and machine clients' API keys. Every change is audited."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response

from models.enums import OrganisationKind, Role
from models.organisation import (
    OrganisationCreate,
    OrganisationPublic,
    OrganisationUpdate,
    UserCreate,
    UserPublic,
    UserUpdate,
)
from service.auth.deps import SessionDep, require
from service.organisations import service, users
from service.organisations.users import ApiKeyCreate, ApiKeyCreated, ApiKeyPublic
from service.platform import audit
from service.platform.errors import problem_response
from service.platform.pagination import Page, PageDep
from service.platform.principal import Principal

router = APIRouter(prefix="/admin", tags=["admin"])
Admin = Annotated[Principal, Depends(require(Role.ADMIN))]
# Ids beyond a 32-bit integer cannot exist (PostgreSQL columns are int4): reject them as invalid input.
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get("/organisations", response_model=Page[OrganisationPublic])
def list_organisations(
    session: SessionDep, admin: Admin, page: PageDep, kind: OrganisationKind | None = None
) -> Page[OrganisationPublic]:
    """Every organisation (procuring authorities, suppliers, matching actors), by name; filter by kind."""
    rows, total = service.list_organisations(session, page.offset, page.limit, kind)
    items = [OrganisationPublic.model_validate(r, from_attributes=True) for r in rows]
    return Page(items=items, total=total, offset=page.offset, limit=page.limit)


@router.post("/organisations", response_model=OrganisationPublic, status_code=201)
def create_organisation(session: SessionDep, admin: Admin, body: OrganisationCreate) -> OrganisationPublic:
    """A new organisation; the org number is checked (Luhn) and stored as NNNNNN-NNNN. Audited."""
    org = service.create_organisation(session, body)
    audit.record(session, admin, "organisation.create", "organisation", org.id, detail={"ref": org.ref})
    return OrganisationPublic.model_validate(org, from_attributes=True)


@router.get("/organisations/{organisation_id}", response_model=OrganisationPublic)
def get_organisation(session: SessionDep, admin: Admin, organisation_id: Id) -> OrganisationPublic:
    """One organisation by id; 404 if there is none."""
    return OrganisationPublic.model_validate(
        service.get_organisation(session, organisation_id), from_attributes=True
    )


@router.patch("/organisations/{organisation_id}", response_model=OrganisationPublic)
def update_organisation(
    session: SessionDep, admin: Admin, organisation_id: Id, change: OrganisationUpdate
) -> OrganisationPublic:
    """Change an organisation's name or municipality (ref, kind and org number are fixed). Audited."""
    org = service.update_organisation(session, organisation_id, change)
    fields = sorted(change.model_fields_set)
    audit.record(session, admin, "organisation.update", "organisation", org.id, detail={"fields": fields})
    return OrganisationPublic.model_validate(org, from_attributes=True)


@router.delete(
    "/organisations/{organisation_id}",
    status_code=204,
    responses=problem_response(
        409,
        "Conflict",
        "organisation 'Glansholmens Städservice AB' cannot be deleted: 2 contracts, 1 users refer to it",
        "/admin/organisations/5",
    ),
)
def delete_organisation(session: SessionDep, admin: Admin, organisation_id: Id) -> Response:
    """Delete an organisation nothing refers to; 409 while contracts, seekers, users or keys do."""
    service.delete_organisation(session, organisation_id)
    audit.record(session, admin, "organisation.delete", "organisation", organisation_id)
    return Response(status_code=204)


@router.get("/users", response_model=Page[UserPublic])
def list_users(
    session: SessionDep,
    admin: Admin,
    page: PageDep,
    organisation_id: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    role: Role | None = None,
) -> Page[UserPublic]:
    """Every user account, filtered by organisation and role; never a password or its hash."""
    rows, total = users.list_users(session, page.offset, page.limit, organisation_id, role)
    items = [UserPublic.model_validate(r, from_attributes=True) for r in rows]
    return Page(items=items, total=total, offset=page.offset, limit=page.limit)


@router.post("/users", response_model=UserPublic, status_code=201)
def create_user(session: SessionDep, admin: Admin, body: UserCreate) -> UserPublic:
    """A new user; the password is stored as an argon2 hash and never returned."""
    user = users.create_user(session, body)
    audit.record(session, admin, "user.create", "user", user.id, detail={"role": str(user.role)})
    return UserPublic.model_validate(user, from_attributes=True)


@router.get("/users/{user_id}", response_model=UserPublic)
def get_user(session: SessionDep, admin: Admin, user_id: Id) -> UserPublic:
    """One user account by id; 404 if there is none."""
    return UserPublic.model_validate(users.get_user(session, user_id), from_attributes=True)


@router.patch("/users/{user_id}", response_model=UserPublic)
def update_user(session: SessionDep, admin: Admin, user_id: Id, change: UserUpdate) -> UserPublic:
    """Change a user's name, role or active flag, or reset their password (they must change it at next
    login). Deactivation and a reset end every session of the user at once. Audited."""
    user = users.update_user(session, admin, user_id, change)
    audit.record(
        session, admin, "user.update", "user", user.id, detail={"fields": sorted(change.model_fields_set)}
    )
    return UserPublic.model_validate(user, from_attributes=True)


@router.delete(
    "/users/{user_id}",
    status_code=204,
    responses=problem_response(
        409,
        "Conflict",
        "the user is referred to by decisions, proposals or feedback; disable the account instead",
        "/admin/users/7",
    ),
)
def delete_user(session: SessionDep, admin: Admin, user_id: Id) -> Response:
    """Delete a user who has no decisions, proposals or feedback (409 otherwise: disable them instead)."""
    users.delete_user(session, admin, user_id)
    audit.record(session, admin, "user.delete", "user", user_id)
    return Response(status_code=204)


@router.post("/api-keys", response_model=ApiKeyCreated, status_code=201)
def create_api_key(
    session: SessionDep, admin: Admin, body: ApiKeyCreate, response: Response
) -> ApiKeyCreated:
    """A batch API key for an organisation; the key is in this response only (stored hashed)."""
    created = users.create_api_key(session, body)
    audit.record(session, admin, "apikey.create", "api_key", created.id, detail={"prefix": created.prefix})
    response.headers["Cache-Control"] = "no-store"
    return created


@router.get("/api-keys", response_model=Page[ApiKeyPublic])
def list_api_keys(
    session: SessionDep, admin: Admin, page: PageDep, include_revoked: bool = False
) -> Page[ApiKeyPublic]:
    """The machine clients' keys: name, display prefix and scope, never the key itself; revoked keys on
    request."""
    rows, total = users.list_api_keys(session, page.offset, page.limit, include_revoked)
    items = [ApiKeyPublic.model_validate(r, from_attributes=True) for r in rows]
    return Page(items=items, total=total, offset=page.offset, limit=page.limit)


@router.delete("/api-keys/{key_id}", response_model=ApiKeyPublic)
def revoke_api_key(session: SessionDep, admin: Admin, key_id: Id) -> ApiKeyPublic:
    """Revoke a key; it stops working at once. Keys are kept (revoked) so the audit trail can name them."""
    row = users.revoke_api_key(session, key_id)
    audit.record(session, admin, "apikey.revoke", "api_key", key_id)
    return ApiKeyPublic.model_validate(row, from_attributes=True)
