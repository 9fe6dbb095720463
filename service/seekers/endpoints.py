"""/seekers: staff of the owning matching actor only; every response is ``Cache-Control: no-store``."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response

from models.enums import ConsentStatus, Role
from models.seeker import EligibilityIn, JobSeekerCreate, JobSeekerUpdate, SeekerIdentityIn
from service.auth.deps import Principal, SessionDep, require
from service.engine.translate import today
from service.platform.pagination import Page, PageDep
from service.seekers import privacy, service
from service.seekers.schemas import (
    ConsentUpdate,
    EligibilityPublic,
    SeekerIdentityPublic,
    SeekerView,
    eligibility_public,
    seeker_view,
)


def _no_store(response: Response) -> None:
    # Personal data must not linger in browser or proxy caches.
    response.headers["Cache-Control"] = "no-store"


router = APIRouter(prefix="/seekers", tags=["seekers"], dependencies=[Depends(_no_store)])

Staff = Annotated[Principal, Depends(require(Role.STAFF))]


@router.get("", response_model=Page[SeekerView])
def list_seekers(
    session: SessionDep, principal: Staff, page: PageDep, consent: ConsentStatus | None = None
) -> Page[SeekerView]:
    rows, total = service.list_seekers(
        session, principal, offset=page.offset, limit=page.limit, consent=consent
    )
    items = [seeker_view(row, elig, today()) for row, elig in rows]
    return Page(items=items, total=total, offset=page.offset, limit=page.limit)


@router.post("", response_model=SeekerView, status_code=201)
def create_seeker(session: SessionDep, principal: Staff, body: JobSeekerCreate) -> SeekerView:
    row = service.create_seeker(session, principal, body)
    return seeker_view(row, service.eligibility_of(session, row.id or 0), today())


@router.get("/{seeker_id}", response_model=SeekerView)
def read_seeker(session: SessionDep, principal: Staff, seeker_id: int) -> SeekerView:
    row, eligibility = service.read_seeker(session, principal, seeker_id)
    return seeker_view(row, eligibility, today())


@router.patch("/{seeker_id}", response_model=SeekerView)
def update_seeker(session: SessionDep, principal: Staff, seeker_id: int, body: JobSeekerUpdate) -> SeekerView:
    row = service.update_seeker(session, principal, seeker_id, body)
    return seeker_view(row, service.eligibility_of(session, seeker_id), today())


@router.delete("/{seeker_id}", status_code=204)
def erase_seeker(session: SessionDep, principal: Staff, seeker_id: int) -> None:
    """Erasure: the person is removed from every table; the audit trail keeps only a pseudonym."""
    privacy.erase_seeker(session, principal, seeker_id)


@router.get("/{seeker_id}/export")
def export_seeker(session: SessionDep, principal: Staff, seeker_id: int) -> dict[str, Any]:
    """Everything held about the person (right of access), with how ranking works and their rights."""
    return privacy.export_seeker(session, principal, seeker_id)


@router.put("/{seeker_id}/consent", response_model=SeekerView)
def set_consent(session: SessionDep, principal: Staff, seeker_id: int, body: ConsentUpdate) -> SeekerView:
    row = service.set_consent(session, principal, seeker_id, body.consent)
    return seeker_view(row, service.eligibility_of(session, seeker_id), today())


@router.get("/{seeker_id}/identity", response_model=SeekerIdentityPublic)
def read_identity(session: SessionDep, principal: Staff, seeker_id: int) -> SeekerIdentityPublic:
    return SeekerIdentityPublic.model_validate(service.read_identity(session, principal, seeker_id))


@router.put("/{seeker_id}/identity", response_model=SeekerIdentityPublic)
def put_identity(
    session: SessionDep, principal: Staff, seeker_id: int, body: SeekerIdentityIn
) -> SeekerIdentityPublic:
    return SeekerIdentityPublic.model_validate(service.put_identity(session, principal, seeker_id, body))


@router.get("/{seeker_id}/eligibility", response_model=list[EligibilityPublic])
def list_eligibility(session: SessionDep, principal: Staff, seeker_id: int) -> list[EligibilityPublic]:
    return [eligibility_public(e, today()) for e in service.list_eligibility(session, principal, seeker_id)]


@router.post("/{seeker_id}/eligibility", response_model=EligibilityPublic, status_code=201)
def add_eligibility(
    session: SessionDep, principal: Staff, seeker_id: int, body: EligibilityIn
) -> EligibilityPublic:
    return eligibility_public(service.add_eligibility(session, principal, seeker_id, body), today())


@router.delete("/{seeker_id}/eligibility/{eligibility_id}", status_code=204)
def remove_eligibility(session: SessionDep, principal: Staff, seeker_id: int, eligibility_id: int) -> None:
    service.remove_eligibility(session, principal, seeker_id, eligibility_id)
