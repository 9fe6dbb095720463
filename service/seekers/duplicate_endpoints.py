"""/seeker-duplicates and /seeker-merges: staff resolve possible duplicates of their own actor's seekers.

Kept apart from ``/seekers/{seeker_id}`` so that no path of theirs is read as a seeker id.
"""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Response
from sqlmodel import SQLModel

from models.base import with_examples
from models.enums import Role
from service.auth.deps import Principal, SessionDep, require
from service.platform.audit import record
from service.platform.errors import problem_response
from service.platform.pagination import Page, PageDep
from service.seekers import merge


def _no_store(response: Response) -> None:
    response.headers["Cache-Control"] = "no-store"


router = APIRouter(tags=["seekers"], dependencies=[Depends(_no_store)])
Staff = Annotated[Principal, Depends(require(Role.STAFF))]


class DuplicatePublic(SQLModel):
    model_config = with_examples(
        {
            "id": 4,
            "seeker_id": 31,
            "other_id": 12,
            "reason": "name_birth_date",
            "score": 0.95,
            "status": "open",
            "created_at": "2026-12-06T09:30:00Z",
        }
    )

    id: int
    seeker_id: int
    other_id: int
    reason: str
    score: float
    status: str
    created_at: datetime


@router.get("/seeker-duplicates", response_model=Page[DuplicatePublic])
def list_duplicates(session: SessionDep, principal: Staff, page: PageDep) -> Page[DuplicatePublic]:
    """Possible duplicates among the caller's actor's seekers, newest first: found when a person was
    registered, imported or given an identity (same name and birth date, shared contact, similar name).
    Merge them with ``POST /seeker-merges`` or dismiss them."""
    rows, total = merge.open_flags(session, principal, offset=page.offset, limit=page.limit)
    record(session, principal, "seeker.duplicates.list", "seeker", detail={"count": len(rows)})
    items = [DuplicatePublic.model_validate(r, from_attributes=True) for r in rows]
    return Page(items=items, total=total, offset=page.offset, limit=page.limit)


@router.post(
    "/seeker-duplicates/{duplicate_id}/dismiss",
    response_model=DuplicatePublic,
    responses=problem_response(
        409, "Conflict", "possible duplicate 4 is already dismissed", "/seeker-duplicates/4/dismiss"
    ),
)
def dismiss_duplicate(session: SessionDep, principal: Staff, duplicate_id: int) -> DuplicatePublic:
    """Record that the two are different people: the flag closes and both records stay as they are."""
    row = merge.dismiss_flag(session, principal, duplicate_id)
    return DuplicatePublic.model_validate(row, from_attributes=True)


@router.post(
    "/seeker-merges",
    response_model=merge.MergeResult,
    responses=problem_response(
        410, "Gone", "job seeker 31 was merged into job seeker 12 (/seekers/12)", "/seeker-merges"
    ),
)
def merge_seekers(session: SessionDep, principal: Staff, body: merge.MergeRequest) -> merge.MergeResult:
    """Merge two records of the same person into the survivor, in one transaction: chosen values are
    kept, history (eligibility, shortlist entries and decisions, proposals, placements) moves to the
    survivor, the other record is kept as merged (its id then answers 410 naming the survivor), and
    consent becomes the stricter of the two. Both records get a ``seeker.merge`` audit event."""
    return merge.merge_seekers(session, principal, body)
