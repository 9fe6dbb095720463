"""Read models for the pages: what a page shows, scoped to what the caller may see."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from models import (
    Contract,
    Eligibility,
    EmploymentRequirement,
    JobSeeker,
    Placement,
    Proposal,
    ReviewDecision,
    Shortlist,
    ShortlistEntry,
    Vacancy,
)
from models.base import pk
from models.enums import ProposalStatus, Role, ShortlistStatus, VacancyStatus
from service.engine.match_band import match_estimate
from service.platform.errors import NotFound
from service.platform.pagination import fetch_page
from service.platform.principal import Principal
from service.reviews.rules import proposal_states
from service.reviews.schemas import ProposedCandidate
from service.reviews.supplier_view import candidate_view, live_proposals_query
from service.seekers.consent import consenting
from service.ui.explain_view import MatchLabel, Share, contribution_shares, match_label


def _vacancy_query(principal: Principal) -> Any:
    query = select(Vacancy, Contract).join(Contract, col(Contract.id) == col(Vacancy.contract_id))
    if principal.role == Role.SUPPLIER:
        return query.where(Contract.supplier_org_id == principal.organisation_id)
    return query.join(
        EmploymentRequirement, col(EmploymentRequirement.contract_id) == col(Contract.id)
    ).where(EmploymentRequirement.matching_actor_id == principal.organisation_id)


# Open placements first: they are the ones to work on; then drafts, filled and closed.
# Compared through the column's own type (it stores the enum's names), never as raw strings.
_STATUS_ORDER = case(
    (col(Vacancy.status) == VacancyStatus.OPEN, 0),
    (col(Vacancy.status) == VacancyStatus.DRAFT, 1),
    (col(Vacancy.status) == VacancyStatus.FILLED, 2),
    else_=3,
)
VACANCY_SORTS = {
    "status": (_STATUS_ORDER, col(Vacancy.start_date), col(Vacancy.title), col(Vacancy.id)),
    "start": (col(Vacancy.start_date), col(Vacancy.id)),
    "title": (col(Vacancy.title), col(Vacancy.id)),
}


def visible_vacancies(
    session: Session,
    principal: Principal,
    *,
    q: str = "",
    status: str = "",
    sort: str = "status",
    offset: int = 0,
    limit: int = 50,
    has: str = "",
) -> tuple[list[tuple[Vacancy, Contract]], int]:
    """One page of the placements the caller may see (open first by default), and how many there are.

    ``has``: only placements with proposals awaiting the supplier's answer (``awaiting``) or with a hire
    (``hired``), the dashboard's to-do counts."""
    query = _vacancy_query(principal)
    if has in HAS_PROPOSALS:
        with_proposals = select(Proposal.vacancy_id).where(col(Proposal.status).in_(HAS_PROPOSALS[has]))
        query = query.where(col(Vacancy.id).in_(with_proposals))
    if q.strip():
        like = f"%{q.strip()[:100]}%"
        query = query.where(col(Vacancy.title).ilike(like) | col(Contract.title).ilike(like))
    if status in {s.value for s in VacancyStatus}:
        query = query.where(Vacancy.status == VacancyStatus(status))
    rows, total = fetch_page(
        session, query, *VACANCY_SORTS.get(sort, VACANCY_SORTS["status"]), offset=offset, limit=limit
    )
    return [(v, c) for v, c in rows], total


# The dashboard's counts and the list filters that open them: the same proposal states.
HAS_PROPOSALS = {
    "awaiting": [ProposalStatus.SENT, ProposalStatus.INTERVIEWED],
    "hired": [ProposalStatus.HIRED],
}


def work_counts(session: Session, principal: Principal) -> dict[str, int]:
    """What waits for the caller: open placements, proposals awaiting the supplier's answer, hires."""
    ids = [int(v.id or 0) for v, _ in session.exec(_vacancy_query(principal)).all()]
    if not ids:
        return {"open": 0, "awaiting": 0, "hired": 0}
    open_ = session.exec(
        select(func.count()).where(col(Vacancy.id).in_(ids), Vacancy.status == VacancyStatus.OPEN)
    ).one()
    by_status = dict(
        session.exec(
            select(Proposal.status, func.count())
            .where(col(Proposal.vacancy_id).in_(ids))
            .group_by(col(Proposal.status))
        ).all()
    )
    awaiting = by_status.get(ProposalStatus.SENT, 0) + by_status.get(ProposalStatus.INTERVIEWED, 0)
    return {
        "open": int(open_),
        "awaiting": int(awaiting),
        "hired": int(by_status.get(ProposalStatus.HIRED, 0)),
    }


def vacancy_for(session: Session, principal: Principal, vacancy_id: int) -> tuple[Vacancy, Contract]:
    row = session.exec(_vacancy_query(principal).where(Vacancy.id == vacancy_id)).first()
    if row is None:
        raise NotFound(f"vacancy {vacancy_id} does not exist")  # or belongs to another organisation
    return row[0], row[1]


def awaiting_feedback(session: Session, vacancy_ids: list[int]) -> dict[int, int]:
    """Proposals per vacancy that the supplier has not answered with a final outcome yet."""
    if not vacancy_ids:
        return {}
    rows = session.exec(
        select(Proposal.vacancy_id, func.count())
        .where(
            col(Proposal.vacancy_id).in_(vacancy_ids),
            col(Proposal.status).in_([ProposalStatus.SENT, ProposalStatus.INTERVIEWED]),
        )
        .group_by(col(Proposal.vacancy_id))
    ).all()
    return {int(v): int(n) for v, n in rows}


@dataclass
class EntryView:
    entry: ShortlistEntry
    seeker: JobSeeker
    match: MatchLabel | None  # the calibrated band; None for a manual addition
    of: int  # the list's length, for "Plats 3 av 50"
    reasons: list[dict[str, Any]]
    shares: list[Share]
    eligibility: list[str]
    decision: ReviewDecision | None
    target_groups: set[str]
    marker: ProposalStatus | None  # this seeker's proposal for this vacancy, on any list


def current_shortlist(session: Session, vacancy_id: int) -> Shortlist | None:
    return session.exec(
        select(Shortlist)
        .where(Shortlist.vacancy_id == vacancy_id, Shortlist.status == ShortlistStatus.READY)
        .order_by(col(Shortlist.created_at).desc(), col(Shortlist.id).desc())
    ).first()


def shortlist_entries(session: Session, shortlist: Shortlist, today: date) -> list[EntryView]:
    rows = session.exec(
        select(ShortlistEntry, JobSeeker)
        .join(JobSeeker, col(JobSeeker.id) == col(ShortlistEntry.seeker_id))
        .where(ShortlistEntry.shortlist_id == shortlist.id, consenting())
        .order_by(col(ShortlistEntry.rank), col(ShortlistEntry.id))
    ).all()
    seeker_ids = [pk(s) for _, s in rows]
    groups: dict[int, set[str]] = {}
    for e in session.exec(select(Eligibility).where(col(Eligibility.seeker_id).in_(seeker_ids))).all():
        if e.verified and (e.valid_until is None or e.valid_until >= today):
            groups.setdefault(e.seeker_id, set()).add(str(e.target_group))
    decisions = latest_decisions(session, shortlist.vacancy_id, seeker_ids)
    markers = proposal_states(session, shortlist.vacancy_id, seeker_ids)
    labels = [
        match_label(match_estimate(shortlist.model_version, e.score, e.contributions, e.matched_skills))
        if e.source == "engine"
        else None
        for e, _ in rows
    ]
    of = max([len(rows), *(e.rank for e, _ in rows)])
    return [
        EntryView(
            entry=entry,
            seeker=seeker,
            match=label,
            of=of,
            reasons=entry.reasons,
            shares=contribution_shares(entry.contributions),
            eligibility=sorted(groups.get(pk(seeker), set())),
            decision=decisions.get(pk(seeker)),
            target_groups=groups.get(pk(seeker), set()),
            marker=markers.get(pk(seeker)),
        )
        for (entry, seeker), label in zip(rows, labels, strict=True)
    ]


def latest_decisions(session: Session, vacancy_id: int, seeker_ids: list[int]) -> dict[int, ReviewDecision]:
    """Each seeker's latest decision for this vacancy, on any of its shortlists (a recomputed list keeps
    showing what people decided)."""
    found: dict[int, ReviewDecision] = {}
    if not seeker_ids:
        return found
    rows = session.exec(
        select(ReviewDecision, ShortlistEntry.seeker_id)
        .join(ShortlistEntry, col(ShortlistEntry.id) == col(ReviewDecision.entry_id))
        .join(Shortlist, col(Shortlist.id) == col(ShortlistEntry.shortlist_id))
        .where(Shortlist.vacancy_id == vacancy_id, col(ShortlistEntry.seeker_id).in_(seeker_ids))
        .order_by(col(ReviewDecision.id))
    ).all()
    for decision, seeker_id in rows:
        found[int(seeker_id)] = decision
    return found


def proposals_for_vacancy(session: Session, vacancy_id: int) -> list[tuple[Proposal, ProposedCandidate]]:
    """The supplier page's proposals: exactly the API's (live, consenting, minimised), oldest first."""
    rows = session.exec(live_proposals_query(vacancy_id).order_by(col(Proposal.id))).all()
    return [(p, candidate_view(p, s, ident, dist)) for p, s, ident, dist in rows]


def placed_seekers(session: Session, vacancy_id: int) -> set[int]:
    """Seekers whose placement in this vacancy is recorded (it counts towards the requirement)."""
    return {
        int(s) for s in session.exec(select(Placement.seeker_id).where(Placement.vacancy_id == vacancy_id))
    }


def own_seeker(session: Session, principal: Principal, seeker_id: int) -> JobSeeker:
    seeker = session.get(JobSeeker, seeker_id)
    if seeker is None or seeker.matching_actor_id != principal.organisation_id:
        raise NotFound(f"job seeker {seeker_id} does not exist")
    return seeker
