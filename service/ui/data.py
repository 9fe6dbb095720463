"""Read models for the pages: what a page shows, scoped to what the caller may see."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from models import (
    Contract,
    Eligibility,
    EmploymentRequirement,
    JobSeeker,
    Proposal,
    ReviewDecision,
    Shortlist,
    ShortlistEntry,
    Vacancy,
)
from models.enums import Role, ShortlistStatus
from service.auth.principal import Principal
from service.consent import consenting
from service.errors import NotFound
from service.reviews.schemas import ProposedCandidate
from service.reviews.supplier_view import candidate_view, live_proposals_query


def visible_vacancies(session: Session, principal: Principal) -> list[tuple[Vacancy, Contract]]:
    query = select(Vacancy, Contract).join(Contract, col(Contract.id) == col(Vacancy.contract_id))
    if principal.role == Role.SUPPLIER:
        query = query.where(Contract.supplier_org_id == principal.organisation_id)
    else:
        query = query.join(
            EmploymentRequirement, col(EmploymentRequirement.contract_id) == col(Contract.id)
        ).where(EmploymentRequirement.matching_actor_id == principal.organisation_id)
    rows = session.exec(query.order_by(col(Vacancy.status), col(Vacancy.title), col(Vacancy.id))).all()
    return [(v, c) for v, c in rows]


def vacancy_for(session: Session, principal: Principal, vacancy_id: int) -> tuple[Vacancy, Contract]:
    for v, c in visible_vacancies(session, principal):
        if v.id == vacancy_id:
            return v, c
    raise NotFound(f"vacancy {vacancy_id} does not exist")  # or belongs to another organisation


@dataclass
class EntryView:
    entry: ShortlistEntry
    seeker: JobSeeker
    percent: int
    reasons: list[dict[str, Any]]
    contributions: list[dict[str, Any]]
    eligibility: list[str]
    decision: ReviewDecision | None
    target_groups: set[str]


def current_shortlist(session: Session, vacancy_id: int) -> Shortlist | None:
    return session.exec(
        select(Shortlist)
        .where(Shortlist.vacancy_id == vacancy_id, Shortlist.status == ShortlistStatus.READY)
        .order_by(col(Shortlist.created_at).desc(), col(Shortlist.id).desc())
    ).first()


def shortlist_entries(session: Session, shortlist: Shortlist, today: date) -> list[EntryView]:
    import math

    rows = session.exec(
        select(ShortlistEntry, JobSeeker)
        .join(JobSeeker, col(JobSeeker.id) == col(ShortlistEntry.seeker_id))
        .where(ShortlistEntry.shortlist_id == shortlist.id, consenting())
        .order_by(col(ShortlistEntry.rank), col(ShortlistEntry.id))
    ).all()
    seeker_ids = [s.id for _, s in rows]
    groups: dict[int, set[str]] = {}
    for e in session.exec(select(Eligibility).where(col(Eligibility.seeker_id).in_(seeker_ids))).all():
        if e.verified and (e.valid_until is None or e.valid_until >= today):
            groups.setdefault(e.seeker_id, set()).add(str(e.target_group))
    decisions: dict[int, ReviewDecision] = {}
    entry_ids = [e.id for e, _ in rows]
    for d in session.exec(
        select(ReviewDecision)
        .where(col(ReviewDecision.entry_id).in_(entry_ids))
        .order_by(col(ReviewDecision.id))
    ).all():
        decisions[d.entry_id] = d
    views = []
    for entry, seeker in rows:
        contributions = sorted(entry.contributions, key=lambda c: -abs(float(c.get("contribution", 0))))
        probability = 1 / (1 + math.exp(-entry.score)) if entry.source == "engine" else 0.0
        views.append(
            EntryView(
                entry=entry,
                seeker=seeker,
                percent=round(probability * 100),
                reasons=entry.reasons,
                contributions=contributions,
                eligibility=sorted(groups.get(seeker.id or 0, set())),
                decision=decisions.get(entry.id or 0),
                target_groups=groups.get(seeker.id or 0, set()),
            )
        )
    return views


def proposals_for_vacancy(session: Session, vacancy_id: int) -> list[tuple[Proposal, ProposedCandidate]]:
    """The supplier page's proposals: exactly the API's (live, consenting, minimised), oldest first."""
    rows = session.exec(live_proposals_query(vacancy_id).order_by(col(Proposal.id))).all()
    return [(p, candidate_view(p, s, ident, dist)) for p, s, ident, dist in rows]


def own_seeker(session: Session, principal: Principal, seeker_id: int) -> JobSeeker:
    seeker = session.get(JobSeeker, seeker_id)
    if seeker is None or seeker.matching_actor_id != principal.organisation_id:
        raise NotFound(f"job seeker {seeker_id} does not exist")
    return seeker
