"""Refusals as the referring staff read them: on the placement's shortlist and on the person's page.

Only the matching actor who proposed sees an employer's refusal (its own vacancies' contracts); staff
rejections are the actor's own decisions. Each is shown from its template (``service.reviews.refusals``).
"""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from models import (
    EmploymentRequirement,
    Proposal,
    ReviewDecision,
    Shortlist,
    ShortlistEntry,
    SupplierFeedback,
    Vacancy,
)
from models.base import pk
from models.enums import Decision, FeedbackOutcome, ProposalStatus
from service.platform.principal import Principal
from service.reviews.refusals import RefusalText, employer_code, refusal_text, staff_refusal

SEEKER_PAGE_MAX = 20


@dataclass(frozen=True)
class SeekerRefusal:
    vacancy_id: int
    vacancy_title: str
    at: datetime
    text: RefusalText


def _employer_text(feedback: SupplierFeedback, vacancy: Vacancy) -> RefusalText:
    return refusal_text(
        "employer",
        employer_code(feedback.reason_code),
        feedback.reason,
        licences=vacancy.licences_required,
        swedish_level=vacancy.swedish_level,
    )


def employer_refusals(session: Session, vacancy: Vacancy) -> dict[int, RefusalText]:
    """Per seeker: the employer's latest "not hired" on this placement, if that is the proposal's state."""
    rows = session.exec(
        select(Proposal.seeker_id, SupplierFeedback)
        .join(SupplierFeedback, col(SupplierFeedback.proposal_id) == col(Proposal.id))
        .where(Proposal.vacancy_id == pk(vacancy), Proposal.status == ProposalStatus.NOT_HIRED)
        .order_by(col(SupplierFeedback.id))
    ).all()
    out: dict[int, RefusalText] = {}
    for seeker_id, feedback in rows:
        if feedback.outcome == FeedbackOutcome.NOT_HIRED:
            out[int(seeker_id)] = _employer_text(feedback, vacancy)  # the latest wins
    return out


def seeker_refusals(session: Session, principal: Principal, seeker_id: int) -> list[SeekerRefusal]:
    """The person's refusals on the caller's actor's placements, staff's and employers', newest first."""
    own = select(EmploymentRequirement.contract_id).where(
        EmploymentRequirement.matching_actor_id == principal.organisation_id
    )
    employer = session.exec(
        select(SupplierFeedback, Vacancy)
        .join(Proposal, col(Proposal.id) == col(SupplierFeedback.proposal_id))
        .join(Vacancy, col(Vacancy.id) == col(Proposal.vacancy_id))
        .where(
            Proposal.seeker_id == seeker_id,
            SupplierFeedback.outcome == FeedbackOutcome.NOT_HIRED,
            col(Vacancy.contract_id).in_(own),  # type: ignore[arg-type]
        )
    ).all()
    staff = session.exec(
        select(ReviewDecision, Vacancy)
        .join(ShortlistEntry, col(ShortlistEntry.id) == col(ReviewDecision.entry_id))
        .join(Shortlist, col(Shortlist.id) == col(ShortlistEntry.shortlist_id))
        .join(Vacancy, col(Vacancy.id) == col(Shortlist.vacancy_id))
        .where(
            ShortlistEntry.seeker_id == seeker_id,
            ReviewDecision.decision == Decision.REJECT,
            col(Vacancy.contract_id).in_(own),  # type: ignore[arg-type]
        )
    ).all()
    out = [SeekerRefusal(pk(v), v.title, f.created_at, _employer_text(f, v)) for f, v in employer]
    for d, v in staff:
        text = refusal_text(
            "staff",
            staff_refusal(d.reason_code),
            d.comment,
            licences=v.licences_required,
            swedish_level=v.swedish_level,
        )
        out.append(SeekerRefusal(pk(v), v.title, d.created_at, text))
    out.sort(key=lambda r: r.at, reverse=True)
    return out[:SEEKER_PAGE_MAX]
