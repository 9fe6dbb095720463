"""Organisations and users: the admin's domain."""

from sqlmodel import Session, func, select

from models import ApiKey, Contract, EmploymentRequirement, JobSeeker, Organisation, User
from service.errors import Conflict, NotFound


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
