"""Review workflow: decisions (people only), manual additions, explanations, proposals, placements."""

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Response, status

from models import FollowUp, Placement
from models.base import pk
from models.enums import ProposalStatus, Role
from models.placement import FollowUpPublic, PlacementCreate, PlacementPublic, SupplierFeedbackCreate
from models.shortlist import ReviewDecisionCreate
from service.auth.deps import Principal, SessionDep, require
from service.platform.pagination import Page, PageDep
from service.reviews import outcomes, refusals, service
from service.reviews.idempotency import HEADER, KEY_MAX, REPLAYED
from service.reviews.schemas import (
    DecisionResult,
    EntryExplanation,
    FeedbackPublic,
    FollowUpBody,
    ManualEntryCreate,
    ManualEntryPublic,
    ProposalStaffView,
    ProposedCandidate,
)

router = APIRouter(tags=["reviews"])

# Decisions are a person's: the batch API key is deliberately not among the allowed roles.
Staff = Annotated[Principal, Depends(require(Role.STAFF))]
Supplier = Annotated[Principal, Depends(require(Role.SUPPLIER))]
NO_STORE = {"Cache-Control": "no-store"}
Reader = Annotated[Principal, Depends(require(Role.STAFF, Role.SUPPLIER, Role.AUDITOR))]
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias=HEADER,
        max_length=KEY_MAX,
        description="a key you make up per intended action (a UUID, say); a retry with the same key and "
        "body gets the first answer again (marked Idempotent-Replayed: true) instead of a second write; "
        "the same key with another body is refused (422)",
        examples=["5f0c7f7e-3a51-4a6b-9d7e-2c1f0b9e8a41"],
    ),
]


def _replayed(response: Response, replayed: bool) -> None:
    if replayed:
        response.headers[REPLAYED] = "true"


@router.post(
    "/shortlist-entries/{entry_id}/decisions",
    response_model=DecisionResult,
    status_code=status.HTTP_201_CREATED,
)
def create_decision(
    entry_id: int,
    data: ReviewDecisionCreate,
    session: SessionDep,
    principal: Staff,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> DecisionResult:
    """A person's decision on a shortlist entry (propose, hold or reject) with a reason code; propose
    sends the candidate to the supplier, minimised. Send the entry's version as expected_version: a
    decision made on an older version is refused (409), so two reviewers never both succeed. A person is
    proposed once per placement. With an Idempotency-Key a retried or doubled post records nothing new
    and answers as the first did."""
    result, replayed = service.decide_once(session, principal, entry_id, data, idempotency_key)
    _replayed(response, replayed)
    return result


@router.get("/shortlist-entries/{entry_id}/explanation", response_model=EntryExplanation)
def get_explanation(
    entry_id: int, session: SessionDep, principal: Staff, response: Response
) -> EntryExplanation:
    """Why this person is where they are on the list: every feature's share of the score, the reasons in
    Swedish and English, matched and missing skills, and the decisions made on the entry. An audited
    read."""
    response.headers.update(NO_STORE)
    return service.explanation(session, principal, entry_id)


@router.post(
    "/vacancies/{vacancy_id}/shortlist/manual",
    response_model=ManualEntryPublic,
    status_code=status.HTTP_201_CREATED,
)
def add_manual_entry(
    vacancy_id: int, data: ManualEntryCreate, session: SessionDep, principal: Staff
) -> ManualEntryPublic:
    """Put a seeker on the placement's list by hand, with the reason why (also in manual mode); the entry
    is marked manual and ranked after the engine's rows."""
    entry = service.add_manual(session, principal, vacancy_id, data)
    return ManualEntryPublic(
        id=pk(entry),
        shortlist_id=entry.shortlist_id,
        seeker_id=entry.seeker_id,
        rank=entry.rank,
        source=entry.source,
        manual_reason=entry.manual_reason,
        version=entry.version,
    )


@router.get("/vacancies/{vacancy_id}/proposals", response_model=Page[ProposedCandidate])
def list_proposed_candidates(
    vacancy_id: int, session: SessionDep, principal: Supplier, page: PageDep, response: Response
) -> Page[ProposedCandidate]:
    """The candidates proposed to the supplier for its own placement, minimised: a per-vacancy pseudonym,
    a structured summary and at most a short redacted text from staff; no name, contact, target group or
    score."""
    response.headers.update(NO_STORE)
    items, total = outcomes.supplier_proposals(session, principal, vacancy_id, page.offset, page.limit)
    return Page(items=items, total=total, offset=page.offset, limit=page.limit)


@router.post(
    "/proposals/{proposal_id}/feedback", response_model=FeedbackPublic, status_code=status.HTTP_201_CREATED
)
def give_feedback(
    proposal_id: int,
    data: SupplierFeedbackCreate,
    session: SessionDep,
    principal: Supplier,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> FeedbackPublic:
    """The supplier's outcome for a proposed candidate (interviewed, hired, not hired); hired with a start
    date records the placement. Not hired needs a reason_code from GET /refusal-reasons (and a few words
    in reason for 'other'): the staff who proposed the candidate read it as "The employer declined: ...".
    With an Idempotency-Key a retried post records nothing new and answers as the first did."""
    result, replayed = outcomes.give_feedback_once(session, principal, proposal_id, data, idempotency_key)
    _replayed(response, replayed)
    return result


@router.get("/refusal-reasons", response_model=list[refusals.RefusalReasonOut])
def list_refusal_reasons(principal: Reader) -> list[refusals.RefusalReasonOut]:
    """The fixed list of refusal reasons with Swedish and English labels: which an employer may give with
    not_hired, which need free text, and which staff decision codes count as each (as in the fairness
    report's refusal counts)."""
    return refusals.vocabulary()


@router.get("/proposals", response_model=Page[ProposalStaffView])
def list_proposals(
    session: SessionDep,
    principal: Staff,
    page: PageDep,
    response: Response,
    vacancy_id: int | None = None,
    status: ProposalStatus | None = None,
) -> Page[ProposalStaffView]:
    """Proposals of the caller's matching actor's consenting seekers, in the order they were made, with the
    suppliers' feedback; filter by placement and status."""
    response.headers.update(NO_STORE)
    items, total = outcomes.staff_proposals(session, principal, page.offset, page.limit, vacancy_id, status)
    return Page(items=items, total=total, offset=page.offset, limit=page.limit)


@router.get("/placements", response_model=Page[PlacementPublic])
def list_placements(
    session: SessionDep, principal: Staff, page: PageDep, response: Response, contract_id: int | None = None
) -> Page[Placement]:
    """Placements (hires) of the caller's matching actor's seekers, for follow-up; filter by contract."""
    response.headers.update(NO_STORE)
    rows, total = outcomes.list_placements(session, principal, page.offset, page.limit, contract_id)
    return Page(items=rows, total=total, offset=page.offset, limit=page.limit)


@router.post("/placements", response_model=PlacementPublic, status_code=status.HTTP_201_CREATED)
def create_placement(
    data: PlacementCreate,
    session: SessionDep,
    principal: Staff,
    response: Response,
    idempotency_key: IdempotencyKey = None,
) -> PlacementPublic:
    """Record a placement (a hire) of a seeker in a placement under a contract, counting toward its
    employment requirement if kind and target group fit. With an Idempotency-Key a retried post records
    no second placement and answers as the first did."""
    result, replayed = outcomes.create_placement_once(session, principal, data, idempotency_key)
    _replayed(response, replayed)
    return result


@router.post(
    "/placements/{placement_id}/follow-ups",
    response_model=FollowUpPublic,
    status_code=status.HTTP_201_CREATED,
)
def add_follow_up(placement_id: int, data: FollowUpBody, session: SessionDep, principal: Staff) -> FollowUp:
    """Record how the person is doing some months after the placement ended (employed, studying,
    unemployed, on assistance), for the follow-up reports."""
    return outcomes.add_follow_up(session, principal, placement_id, data)
