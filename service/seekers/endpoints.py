"""/seekers: staff of the owning matching actor only; every response is ``Cache-Control: no-store``."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from sqlmodel import col, select

from models import SeekerDuplicate
from models.enums import ConsentStatus, Role
from models.seeker import EligibilityIn, JobSeekerCreate, JobSeekerUpdate, SeekerIdentityIn
from service.auth.deps import Principal, SessionDep, require
from service.engine.translate import today
from service.platform.errors import problem, problem_response
from service.platform.pagination import Page, PageDep
from service.seekers import privacy, service
from service.seekers.duplicates import DuplicateSeeker
from service.seekers.schemas import (
    ConsentUpdate,
    EligibilityPublic,
    SeekerCreated,
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
    """The caller's matching actor's seekers in the order registered, without identity; filter by
    consent. Each person listed is an audited read."""
    rows, total = service.list_seekers(
        session, principal, offset=page.offset, limit=page.limit, consent=consent
    )
    items = [seeker_view(row, elig, today()) for row, elig in rows]
    return Page(items=items, total=total, offset=page.offset, limit=page.limit)


@router.post(
    "",
    response_model=SeekerCreated,
    status_code=201,
    responses=problem_response(
        409,
        "Conflict",
        "a job seeker with this personnummer is already registered: job seeker 12 (/seekers/12); update "
        "that person instead of registering them twice",
        "/seekers",
    ),
)
def create_seeker(
    request: Request, session: SessionDep, principal: Staff, body: JobSeekerCreate
) -> SeekerCreated | Response:
    """Register a seeker of the caller's matching actor: the matching profile, and optionally the
    identity (kept apart) and target-group eligibility with its evidence. The profile text is analysed on
    save. The same personnummer as one of the actor's people (with or without century and dash) is
    refused (409, naming ``existing_seeker_id``); a probable duplicate (same name and birth date, shared
    contact, similar name) is registered and listed in ``possible_duplicates`` for staff to merge or
    dismiss. Other actors' people are never compared."""
    try:
        row = service.create_seeker(session, principal, body)
    except DuplicateSeeker as exc:
        session.rollback()
        return problem(
            409,
            exc.title,
            exc.message,
            request,
            errors=exc.errors,
            existing_seeker_id=exc.existing_id,
            existing=f"/seekers/{exc.existing_id}",
        )
    flags = session.exec(
        select(SeekerDuplicate.other_id)
        .where(SeekerDuplicate.seeker_id == row.id)
        .order_by(col(SeekerDuplicate.score).desc())
    ).all()
    view = seeker_view(row, service.eligibility_of(session, row.id or 0), today())
    return SeekerCreated(**view.model_dump(), possible_duplicates=[int(i) for i in flags])


@router.get(
    "/{seeker_id}",
    response_model=SeekerView,
    responses=problem_response(
        410, "Gone", "job seeker 31 was merged into job seeker 12 (/seekers/12)", "/seekers/31"
    ),
)
def read_seeker(
    request: Request, session: SessionDep, principal: Staff, seeker_id: int
) -> SeekerView | Response:
    """One seeker's matching profile and eligibility summary (no identity); an audited read. A record
    merged into another answers 410 with ``merged_into`` (the survivor's id) and its address."""
    try:
        row, eligibility = service.read_seeker(session, principal, seeker_id)
    except service.SeekerMerged as exc:
        return problem(
            410,
            exc.title,
            exc.message,
            request,
            merged_into=exc.survivor_id,
            merged_into_url=f"/seekers/{exc.survivor_id}",
        )
    return seeker_view(row, eligibility, today())


@router.patch("/{seeker_id}", response_model=SeekerView)
def update_seeker(session: SessionDep, principal: Staff, seeker_id: int, body: JobSeekerUpdate) -> SeekerView:
    """Change some fields of a seeker's profile; fields left out stay as they are. The seeker is
    re-indexed for ranking."""
    row = service.update_seeker(session, principal, seeker_id, body)
    return seeker_view(row, service.eligibility_of(session, seeker_id), today())


@router.delete(
    "/{seeker_id}",
    status_code=204,
    responses=problem_response(404, "Not found", "job seeker 30 does not exist", "/seekers/30"),
)
def erase_seeker(session: SessionDep, principal: Staff, seeker_id: int) -> None:
    """Erasure: the person is removed from every table; the audit trail keeps only a pseudonym."""
    privacy.erase_seeker(session, principal, seeker_id)


@router.get(
    "/{seeker_id}/export",
    responses={200: {"content": {"application/json": {"example": privacy.EXPORT_EXAMPLE}}}},
)
def export_seeker(session: SessionDep, principal: Staff, seeker_id: int) -> dict[str, Any]:
    """Everything held about the person (right of access), with how ranking works and their rights."""
    return privacy.export_seeker(session, principal, seeker_id)


@router.put("/{seeker_id}/consent", response_model=SeekerView)
def set_consent(session: SessionDep, principal: Staff, seeker_id: int, body: ConsentUpdate) -> SeekerView:
    """Record the person's consent; withdrawn takes them off every list and supplier view at once, and
    further decisions, feedback and placements about them are refused (409)."""
    row = service.set_consent(session, principal, seeker_id, body.consent)
    return seeker_view(row, service.eligibility_of(session, seeker_id), today())


@router.get("/{seeker_id}/identity", response_model=SeekerIdentityPublic)
def read_identity(session: SessionDep, principal: Staff, seeker_id: int) -> SeekerIdentityPublic:
    """Name, personnummer and contact details, kept apart from the profile; 404 if none is recorded.
    Every read is audited."""
    return SeekerIdentityPublic.model_validate(service.read_identity(session, principal, seeker_id))


@router.put("/{seeker_id}/identity", response_model=SeekerIdentityPublic)
def put_identity(
    session: SessionDep, principal: Staff, seeker_id: int, body: SeekerIdentityIn
) -> SeekerIdentityPublic:
    """Record or replace the person's identity (name, personnummer, contact); audited."""
    return SeekerIdentityPublic.model_validate(service.put_identity(session, principal, seeker_id, body))


@router.get("/{seeker_id}/eligibility", response_model=list[EligibilityPublic])
def list_eligibility(session: SessionDep, principal: Staff, seeker_id: int) -> list[EligibilityPublic]:
    """The person's target-group eligibility with the evidence seen and until when it holds; current
    means verified and not expired."""
    return [eligibility_public(e, today()) for e in service.list_eligibility(session, principal, seeker_id)]


@router.post("/{seeker_id}/eligibility", response_model=EligibilityPublic, status_code=201)
def add_eligibility(
    session: SessionDep, principal: Staff, seeker_id: int, body: EligibilityIn
) -> EligibilityPublic:
    """Record that the person belongs to a target group, with the evidence seen and its validity; audited."""
    return eligibility_public(service.add_eligibility(session, principal, seeker_id, body), today())


@router.delete(
    "/{seeker_id}/eligibility/{eligibility_id}",
    status_code=204,
    responses=problem_response(
        404, "Not found", "eligibility 9 does not exist for job seeker 30", "/seekers/30/eligibility/9"
    ),
)
def remove_eligibility(session: SessionDep, principal: Staff, seeker_id: int, eligibility_id: int) -> None:
    """Remove one eligibility record of the person (a mistaken or withdrawn one); audited."""
    service.remove_eligibility(session, principal, seeker_id, eligibility_id)
