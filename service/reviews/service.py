"""People's decisions on shortlist entries, manual additions and the per-entry explanation.

A decision always has a person as reviewer (machine clients are refused before this module). Two
reviewers deciding on the same entry at once are told apart by a guarded write on the entry's
version: ``UPDATE … SET version = v + 1 WHERE id = :id AND version = :v``. On PostgreSQL the second
writer waits for the first one's row lock and then matches nothing; on SQLite it waits for the
database write lock and then matches nothing. Either way exactly one decision is stored, the other
caller gets 409.
"""

from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from models import (
    EmploymentRequirement,
    JobSeeker,
    Proposal,
    ReviewDecision,
    Shortlist,
    ShortlistEntry,
    Vacancy,
)
from models.base import pk
from models.enums import Decision, ProposalStatus, ShortlistStatus
from models.shortlist import ReviewDecisionCreate, ReviewDecisionPublic
from service.platform.audit import record
from service.platform.errors import Conflict, Forbidden, NotFound
from service.platform.principal import Principal
from service.reviews import idempotency
from service.reviews.rules import check_not_proposed, check_reason
from service.reviews.schemas import DecisionResult, EntryExplanation, ManualEntryCreate
from service.seekers.consent import require_consent
from service.shortlists.schemas import as_contributions, as_reasons
from service.shortlists.service import actor_seeker, actor_vacancy, current_shortlist, next_rank


@dataclass(frozen=True)
class EntryContext:
    entry: ShortlistEntry
    shortlist: Shortlist
    vacancy: Vacancy
    requirement: EmploymentRequirement


def actor_entry(session: Session, principal: Principal, entry_id: int) -> EntryContext:
    """The entry if its vacancy's matching actor is the caller's organisation; 404 otherwise."""
    row = session.exec(
        select(ShortlistEntry, Shortlist, Vacancy, EmploymentRequirement)
        .join(Shortlist, col(Shortlist.id) == col(ShortlistEntry.shortlist_id))
        .join(Vacancy, col(Vacancy.id) == col(Shortlist.vacancy_id))
        .join(EmploymentRequirement, col(EmploymentRequirement.contract_id) == col(Vacancy.contract_id))
        .where(
            ShortlistEntry.id == entry_id,
            EmploymentRequirement.matching_actor_id == principal.organisation_id,
        )
    ).first()
    if row is None:
        raise NotFound(f"shortlist entry {entry_id} does not exist")
    return EntryContext(*row)


def decide(
    session: Session, principal: Principal, entry_id: int, data: ReviewDecisionCreate
) -> DecisionResult:
    """Store a reviewer's decision; ``propose`` also proposes the seeker to the supplier."""
    if principal.user_id is None:
        raise Forbidden("decisions are taken by a person; machine clients cannot decide")
    ctx = actor_entry(session, principal, entry_id)
    check_reason(data.decision, data.reason_code, data.comment)
    if data.decision == Decision.PROPOSE:
        check_not_proposed(session, pk(ctx.vacancy), ctx.entry.seeker_id)
    if ctx.shortlist.status != ShortlistStatus.READY:
        raise Conflict("this shortlist has been replaced by a newer one; reload it and decide there")
    require_consent(session.get(JobSeeker, ctx.entry.seeker_id))
    # The version the reviewer decided on, never the one read now: without it, a decision counts as the
    # first on the entry, so two reviewers who both saw an undecided entry cannot both succeed.
    expected = 0 if data.expected_version is None else data.expected_version
    # The first write of the transaction, so SQLite's busy wait applies to it (see the module docstring).
    result = session.connection().execute(
        update(ShortlistEntry)
        .where(col(ShortlistEntry.id) == entry_id, col(ShortlistEntry.version) == expected)
        .values(version=expected + 1)
    )
    if result.rowcount != 1:
        raise Conflict(
            "someone else decided on this candidate in the meantime (or expected_version is stale); "
            "reload to see their decision"
        )
    session.expire(ctx.entry)
    row = ReviewDecision(
        entry_id=entry_id,
        reviewer_id=principal.user_id,
        decision=data.decision,
        reason_code=data.reason_code,
        comment=data.comment,
    )
    session.add(row)
    session.flush()
    seeker_id = ctx.entry.seeker_id
    record(
        session,
        principal,
        "decision.create",
        "decision",
        pk(row),
        seeker_id=seeker_id,
        detail={"entry_id": entry_id, "decision": data.decision.value, "reason_code": data.reason_code.value},
    )
    proposal = _follow_decision(session, principal, ctx, data.decision, data.supplier_text)
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent proposal of the same seeker for the same vacancy
        raise Conflict("this job seeker was just proposed for this vacancy by someone else") from exc
    return DecisionResult(
        decision=ReviewDecisionPublic.model_validate(row),
        entry_version=expected + 1,
        proposal_id=proposal.id if proposal is not None else None,
    )


def decide_once(
    session: Session, principal: Principal, entry_id: int, data: ReviewDecisionCreate, key: str | None
) -> tuple[DecisionResult, bool]:
    """``decide`` at most once per idempotency key: (result, replayed). A replay returns the first
    decision as it was answered, even after later decisions on the entry."""
    if principal.user_id is None:  # before the key is claimed: a refusal stores nothing
        raise Forbidden("decisions are taken by a person; machine clients cannot decide")
    return idempotency.once(
        session, principal, key, "decision", {"entry_id": entry_id, **data.model_dump(mode="json")},
        lambda: decide(session, principal, entry_id, data),
        lambda r: r.model_dump(mode="json"), DecisionResult.model_validate,
        audit_object=lambda _: ("shortlist_entry", entry_id),
    )  # fmt: skip


def _follow_decision(
    session: Session, principal: Principal, ctx: EntryContext, decision: Decision, supplier_text: str | None
) -> Proposal | None:
    """Propose → a proposal (one per seeker and vacancy); reject → withdraw a proposal not yet answered."""
    seeker_id, vacancy_id = ctx.entry.seeker_id, pk(ctx.vacancy)
    proposal = session.exec(
        select(Proposal).where(Proposal.seeker_id == seeker_id, Proposal.vacancy_id == vacancy_id)
    ).first()
    if decision == Decision.PROPOSE:
        if proposal is None:
            assert principal.user_id is not None
            proposal = Proposal(
                seeker_id=seeker_id,
                vacancy_id=vacancy_id,
                entry_id=pk(ctx.entry),
                proposed_by=principal.user_id,
                supplier_text=supplier_text,
            )
        elif proposal.status == ProposalStatus.WITHDRAWN:
            proposal.status = ProposalStatus.SENT
            proposal.entry_id = pk(ctx.entry)
            proposal.supplier_text = supplier_text
        else:
            return proposal  # already proposed; nothing new is sent
        session.add(proposal)
        session.flush()
        record(
            session, principal, "proposal.create", "proposal", pk(proposal), seeker_id=seeker_id,
            detail={"vacancy_id": vacancy_id, "entry_id": pk(ctx.entry)},
        )  # fmt: skip
        return proposal
    if decision == Decision.REJECT and proposal is not None and proposal.status == ProposalStatus.SENT:
        proposal.status = ProposalStatus.WITHDRAWN
        session.add(proposal)
        record(session, principal, "proposal.withdraw", "proposal", pk(proposal), seeker_id=seeker_id)
        return proposal
    return proposal


def add_manual(
    session: Session, principal: Principal, vacancy_id: int, data: ManualEntryCreate
) -> ShortlistEntry:
    """Put a seeker the engine did not rank on the current list (a manual list if there is none)."""
    actor_vacancy(session, principal, vacancy_id)
    require_consent(actor_seeker(session, principal, data.seeker_id))
    shortlist = current_shortlist(session, vacancy_id)
    if shortlist is None:
        shortlist = Shortlist(
            vacancy_id=vacancy_id,
            status=ShortlistStatus.READY,
            model_version="manual",
            config_hash="",
            input_hash="",
        )
        session.add(shortlist)
        session.flush()
    taken = session.exec(
        select(ShortlistEntry.id).where(
            ShortlistEntry.shortlist_id == shortlist.id, ShortlistEntry.seeker_id == data.seeker_id
        )
    ).first()
    if taken is not None:
        raise Conflict(f"the job seeker is already on this shortlist (entry {taken})")
    entry = ShortlistEntry(
        shortlist_id=pk(shortlist),
        seeker_id=data.seeker_id,
        rank=next_rank(session, pk(shortlist)),
        score=0.0,
        source="manual",
        manual_reason=data.reason,
        added_by=principal.user_id,
    )
    session.add(entry)
    session.flush()
    record(
        session, principal, "shortlist.manual_add", "shortlist", pk(shortlist), seeker_id=data.seeker_id,
        detail={"entry_id": pk(entry), "reason": data.reason},
    )  # fmt: skip
    return entry


def explanation(session: Session, principal: Principal, entry_id: int) -> EntryExplanation:
    """Why the entry ranks where it does, with its decisions; 409 once the person withdrew consent."""
    ctx = actor_entry(session, principal, entry_id)
    entry = ctx.entry
    seeker = session.get(JobSeeker, entry.seeker_id)
    require_consent(seeker)  # lists hide a person who withdrew; their explanation is hidden too
    decisions = session.exec(
        select(ReviewDecision).where(ReviewDecision.entry_id == entry_id).order_by(col(ReviewDecision.id))
    ).all()
    contributions = sorted(entry.contributions, key=lambda c: -abs(float(c["contribution"])))
    record(session, principal, "explanation.read", "shortlist_entry", entry_id, seeker_id=entry.seeker_id)
    return EntryExplanation(
        entry_id=entry_id,
        shortlist_id=pk(ctx.shortlist),
        shortlist_status=ctx.shortlist.status,
        vacancy_id=pk(ctx.vacancy),
        seeker_id=entry.seeker_id,
        seeker_ref=seeker.ref if seeker else "",
        model_version=ctx.shortlist.model_version,
        source=entry.source,
        manual_reason=entry.manual_reason,
        rank=entry.rank,
        score=entry.score,
        intercept=entry.intercept,
        contributions=as_contributions(contributions),
        reasons=as_reasons(entry.reasons),
        matched_skills=entry.matched_skills,
        missing_skills=entry.missing_skills,
        distance_km=entry.distance_km,
        version=entry.version,
        decisions=[ReviewDecisionPublic.model_validate(d) for d in decisions],
    )
