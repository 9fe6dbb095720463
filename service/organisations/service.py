"""Organisations and users: the admin's domain."""

from sqlmodel import Session, col, func, select

from models import ApiKey, Contract, EmploymentRequirement, JobSeeker, Organisation, User
from models.enums import OrganisationKind
from models.organisation import OrganisationCreate, OrganisationUpdate
from service.platform.errors import BadInput, Conflict, NotFound
from service.platform.pagination import fetch_page


def delete_organisation(session: Session, organisation_id: int) -> None:
    """Delete an unreferenced organisation; refuse (409) while contracts, seekers or users refer to it."""
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound(f"organisation {organisation_id} does not exist")
    dependents = {
        "contracts": session.exec(
            select(func.count())
            .select_from(Contract)
            .where(
                (Contract.procuring_org_id == organisation_id) | (Contract.supplier_org_id == organisation_id)
            )
        ).one(),
        "requirements": session.exec(
            select(func.count())
            .select_from(EmploymentRequirement)
            .where(EmploymentRequirement.matching_actor_id == organisation_id)
        ).one(),
        "job seekers": session.exec(
            select(func.count()).select_from(JobSeeker).where(JobSeeker.matching_actor_id == organisation_id)
        ).one(),
        "users": session.exec(
            select(func.count()).select_from(User).where(User.organisation_id == organisation_id)
        ).one(),
        "API keys": session.exec(
            select(func.count()).select_from(ApiKey).where(ApiKey.organisation_id == organisation_id)
        ).one(),
    }
    blocking = {k: v for k, v in dependents.items() if v}
    if blocking:
        listed = ", ".join(f"{v} {k}" for k, v in blocking.items())
        raise Conflict(f"organisation {org.name!r} cannot be deleted: {listed} refer to it")
    session.delete(org)
    session.flush()


def list_organisations(
    session: Session, offset: int, limit: int, kind: OrganisationKind | None = None
) -> tuple[list[Organisation], int]:
    """A page of organisations ordered by reference, and the total."""
    query = select(Organisation)
    if kind is not None:
        query = query.where(Organisation.kind == kind)
    rows, total = fetch_page(session, query, col(Organisation.ref), offset=offset, limit=limit)
    return list(rows), total


def get_organisation(session: Session, organisation_id: int) -> Organisation:
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound(f"organisation {organisation_id} does not exist")
    return org


def create_organisation(session: Session, body: OrganisationCreate) -> Organisation:
    """A new organisation; 409 when the reference or the org number is taken."""
    org = Organisation.model_validate(body)
    if session.exec(select(Organisation).where(Organisation.ref == org.ref)).first() is not None:
        raise Conflict(f"an organisation with the reference {org.ref!r} exists")
    if session.exec(select(Organisation).where(Organisation.org_number == org.org_number)).first():
        raise Conflict(f"an organisation with the org number {org.org_number} exists")
    session.add(org)
    session.flush()
    return org


def update_organisation(session: Session, organisation_id: int, change: OrganisationUpdate) -> Organisation:
    org = get_organisation(session, organisation_id)
    values = change.model_dump(exclude_unset=True)
    if "name" in values and values["name"] is None:
        raise BadInput("name may not be null", errors=[{"field": "name", "message": "may not be null"}])
    for name, value in values.items():
        setattr(org, name, value)
    session.add(org)
    session.flush()
    return org
