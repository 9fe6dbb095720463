"""After the decision: proposals as suppliers see them, their feedback, placements and follow-ups.

Suppliers see a proposed candidate through ``ProposedCandidate`` only, under a pseudonym that is valid
for one vacancy, so two proposals of the same person to the same supplier cannot be linked by it.
"""

from datetime import date

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from models import (
    Contract,
    Eligibility,
    EmploymentRequirement,
    FollowUp,
    JobSeeker,
    Placement,
    Proposal,
    SupplierFeedback,
    Vacancy,
)
from models.base import pk
from models.enums import FeedbackOutcome, ProposalStatus, TargetGroup
from models.placement import PlacementCreate, PlacementPublic, RefusalReason, SupplierFeedbackCreate
from service.platform.audit import record
from service.platform.errors import BadInput, Conflict, NotFound
from service.platform.pagination import fetch_page
from service.platform.principal import Principal
from service.reviews.idempotency import once
from service.reviews.refusals import EMPLOYER_REASONS, employer_code, minimise, refusal_text
from service.reviews.schemas import (
    FeedbackPublic,
    FollowUpBody,
    ProposalStaffView,
    ProposedCandidate,
)
from service.reviews.supplier_view import candidate_view, live_proposals_query
from service.seekers.consent import consenting, require_consent


def _supplier_vacancy(session: Session, principal: Principal, vacancy_id: int) -> tuple[Vacancy, Contract]:
    row = session.exec(
        select(Vacancy, Contract)
        .join(Contract, col(Contract.id) == col(Vacancy.contract_id))
        .where(Vacancy.id == vacancy_id, Contract.supplier_org_id == principal.organisation_id)
    ).first()
    if row is None:
        raise NotFound(f"vacancy {vacancy_id} does not exist")
    return row[0], row[1]


def supplier_proposals(
    session: Session, principal: Principal, vacancy_id: int, offset: int, limit: int
) -> tuple[list[ProposedCandidate], int]:
    """The live candidates proposed for one of the supplier's vacancies, minimised (``supplier_view``):
    withdrawn proposals and people who withdrew consent are gone."""
    _supplier_vacancy(session, principal, vacancy_id)
    query = live_proposals_query(vacancy_id)
    rows, total = fetch_page(session, query, col(Proposal.id), offset=offset, limit=limit)
    items = []
    for proposal, seeker, identity, distance in rows:
        items.append(candidate_view(proposal, seeker, identity, distance))
        record(session, principal, "proposal.read", "proposal", pk(proposal), seeker_id=pk(seeker))
    return items, int(total)


def _first_valid_group(
    session: Session, seeker_id: int, requirement: EmploymentRequirement | None, day: date
) -> TargetGroup | None:
    wanted = set(requirement.target_groups) if requirement else set()
    rows = session.exec(
        select(Eligibility).where(Eligibility.seeker_id == seeker_id).order_by(col(Eligibility.id))
    )
    for e in rows:
        valid = e.verified and (e.valid_until is None or e.valid_until >= day)
        if valid and (not wanted or str(e.target_group) in wanted):
            return TargetGroup(e.target_group)
    return None


# The supplier's answers as a state machine. "hired" is final once its placement is recorded (it counts
# towards the requirement); before that, a start date may still be added or the offer fall through.
_NEXT: dict[ProposalStatus, tuple[FeedbackOutcome, ...]] = {
    ProposalStatus.SENT: (FeedbackOutcome.INTERVIEWED, FeedbackOutcome.HIRED, FeedbackOutcome.NOT_HIRED),
    ProposalStatus.INTERVIEWED: (FeedbackOutcome.HIRED, FeedbackOutcome.NOT_HIRED),
    ProposalStatus.HIRED: (FeedbackOutcome.HIRED, FeedbackOutcome.NOT_HIRED),
    ProposalStatus.NOT_HIRED: (FeedbackOutcome.INTERVIEWED, FeedbackOutcome.HIRED),
    ProposalStatus.WITHDRAWN: (),
}


def next_outcomes(status: ProposalStatus, *, placed: bool) -> tuple[FeedbackOutcome, ...]:
    """The outcomes a supplier may report next for a proposal in ``status``."""
    if placed:
        return ()
    return _NEXT[ProposalStatus(status)]


def _placement_of(session: Session, proposal: Proposal) -> int | None:
    return session.exec(
        select(Placement.id).where(
            Placement.seeker_id == proposal.seeker_id, Placement.vacancy_id == proposal.vacancy_id
        )
    ).first()


def give_feedback(
    session: Session, principal: Principal, proposal_id: int, data: SupplierFeedbackCreate
) -> FeedbackPublic:
    """The supplier's answer; ``hired`` with a start date also records the placement."""
    proposal = session.get(Proposal, proposal_id)
    if proposal is None or principal.user_id is None:
        raise NotFound(f"proposal {proposal_id} does not exist")
    vacancy, contract = _supplier_vacancy(session, principal, proposal.vacancy_id)  # 404 for other suppliers
    if proposal.status == ProposalStatus.WITHDRAWN:
        raise Conflict("the matching actor has withdrawn this proposal")
    require_consent(session.get(JobSeeker, proposal.seeker_id))
    placed = _placement_of(session, proposal) is not None
    if data.outcome not in next_outcomes(proposal.status, placed=placed):
        raise Conflict(
            f"outcome: a proposal that is {proposal.status} cannot become {data.outcome}"
            + (" while its placement counts towards the requirement" if placed else ""),
            errors=[{"field": "outcome", "message": f"not allowed after {proposal.status}"}],
        )
    if data.placement_start is not None and data.outcome != FeedbackOutcome.HIRED:
        raise BadInput(
            "placement_start: only a hired candidate starts a placement",
            errors=[{"field": "placement_start"}],
        )
    check_refusal(data)
    refused = data.outcome == FeedbackOutcome.NOT_HIRED
    row = SupplierFeedback(
        proposal_id=proposal_id,
        outcome=data.outcome,
        reason=minimise(data.reason) if refused else data.reason,
        reason_code=data.reason_code.value if refused and data.reason_code else None,
        given_by=principal.user_id,
    )
    session.add(row)
    proposal.status = ProposalStatus(data.outcome.value)
    session.add(proposal)
    placement: Placement | None = None
    if data.placement_start is not None:
        if placed:
            raise Conflict("a placement of this candidate in this vacancy is already recorded")
        requirement = session.exec(
            select(EmploymentRequirement).where(EmploymentRequirement.contract_id == pk(contract))
        ).first()
        placement = Placement(
            seeker_id=proposal.seeker_id,
            vacancy_id=pk(vacancy),
            contract_id=pk(contract),
            kind=vacancy.kind,
            target_group=_first_valid_group(session, proposal.seeker_id, requirement, data.placement_start),
            start_date=data.placement_start,
            extent=vacancy.extent,
        )
        session.add(placement)
    session.flush()
    record(
        session, principal, "feedback.create", "proposal", proposal_id, seeker_id=proposal.seeker_id,
        detail={"outcome": data.outcome.value},
    )  # fmt: skip
    if placement is not None:
        record(
            session, principal, "placement.create", "placement", pk(placement), seeker_id=proposal.seeker_id
        )
    return feedback_public(row, vacancy, placement.id if placement else None)


def check_refusal(data: SupplierFeedbackCreate) -> None:
    """BadInput (422) unless a "not hired" names an employer's reason (with text for "other") and no
    other outcome carries one."""
    if data.outcome != FeedbackOutcome.NOT_HIRED:
        if data.reason_code is not None:
            raise BadInput(
                "reason_code: only a not_hired answer has a refusal reason",
                errors=[{"field": "reason_code", "message": "only with not_hired"}],
            )
        return
    if data.reason_code is None or data.reason_code not in EMPLOYER_REASONS:
        allowed = ", ".join(r.value for r in EMPLOYER_REASONS)
        raise BadInput(
            f"reason_code: say why the candidate was not hired, one of {allowed}",
            errors=[{"field": "reason_code", "message": "required with not_hired"}],
        )
    if data.reason_code == RefusalReason.OTHER and not data.reason.strip():
        raise BadInput(
            "reason: describe the reason in a few words when it is 'other'",
            errors=[{"field": "reason", "message": "required with reason_code other"}],
        )


def feedback_public(
    row: SupplierFeedback, vacancy: Vacancy | None, placement_id: int | None = None
) -> FeedbackPublic:
    """A feedback row as the API shows it; a refusal with its template filled in from the placement."""
    refusal = None
    if row.outcome == FeedbackOutcome.NOT_HIRED:
        refusal = refusal_text(
            "employer",
            employer_code(row.reason_code),
            row.reason,
            licences=vacancy.licences_required if vacancy else (),
            swedish_level=vacancy.swedish_level if vacancy else None,
        )
    return FeedbackPublic(
        id=pk(row),
        proposal_id=row.proposal_id,
        outcome=row.outcome,
        reason=row.reason,
        reason_code=employer_code(row.reason_code),
        refusal=refusal,
        created_at=row.created_at,
        placement_id=placement_id,
    )


def give_feedback_once(
    session: Session, principal: Principal, proposal_id: int, data: SupplierFeedbackCreate, key: str | None
) -> tuple[FeedbackPublic, bool]:
    """``give_feedback`` at most once per idempotency key: (answer, replayed)."""
    return once(
        session, principal, key, "feedback", {"proposal_id": proposal_id, **data.model_dump(mode="json")},
        lambda: give_feedback(session, principal, proposal_id, data),
        lambda r: r.model_dump(mode="json"), FeedbackPublic.model_validate,
        audit_object=lambda _: ("proposal", proposal_id),
    )  # fmt: skip


def _actor_contract_ids(principal: Principal) -> object:
    return select(EmploymentRequirement.contract_id).where(
        EmploymentRequirement.matching_actor_id == principal.organisation_id
    )


def staff_proposals(
    session: Session,
    principal: Principal,
    offset: int,
    limit: int,
    vacancy_id: int | None = None,
    status: ProposalStatus | None = None,
) -> tuple[list[ProposalStaffView], int]:
    query = (
        select(Proposal, JobSeeker.ref)
        .join(Vacancy, col(Vacancy.id) == col(Proposal.vacancy_id))
        .join(JobSeeker, col(JobSeeker.id) == col(Proposal.seeker_id))
        .where(col(Vacancy.contract_id).in_(_actor_contract_ids(principal)), consenting())  # type: ignore[arg-type]
    )
    if vacancy_id is not None:
        query = query.where(Proposal.vacancy_id == vacancy_id)
    if status is not None:
        query = query.where(Proposal.status == status)
    rows, total = fetch_page(session, query, col(Proposal.id), offset=offset, limit=limit)
    ids = [pk(p) for p, _ in rows]
    feedback: dict[int, list[FeedbackPublic]] = {}
    vacancy_of = {pk(p): p.vacancy_id for p, _ in rows}
    vacancies = {
        pk(v): v for v in session.exec(select(Vacancy).where(col(Vacancy.id).in_(set(vacancy_of.values()))))
    }
    for f in session.exec(
        select(SupplierFeedback)
        .where(col(SupplierFeedback.proposal_id).in_(ids))
        .order_by(col(SupplierFeedback.id))
    ):
        vacancy = vacancies.get(vacancy_of[f.proposal_id])
        feedback.setdefault(f.proposal_id, []).append(feedback_public(f, vacancy))
    items = [
        ProposalStaffView(
            id=pk(p),
            seeker_id=p.seeker_id,
            seeker_ref=ref,
            vacancy_id=p.vacancy_id,
            entry_id=p.entry_id,
            proposed_by=p.proposed_by,
            status=p.status,
            created_at=p.created_at,
            feedback=feedback.get(pk(p), []),
        )
        for p, ref in rows
    ]
    record(session, principal, "proposal.list", "proposal", detail={"proposals": len(items)})
    return items, int(total)


def list_placements(
    session: Session, principal: Principal, offset: int, limit: int, contract_id: int | None = None
) -> tuple[list[Placement], int]:
    query = (
        select(Placement)
        .join(JobSeeker, col(JobSeeker.id) == col(Placement.seeker_id))
        .where(col(Placement.contract_id).in_(_actor_contract_ids(principal)), consenting())  # type: ignore[arg-type]
    )
    if contract_id is not None:
        query = query.where(Placement.contract_id == contract_id)
    rows, total = fetch_page(session, query, col(Placement.id), offset=offset, limit=limit)
    record(session, principal, "placement.list", "placement", detail={"placements": len(rows)})
    return list(rows), int(total)


def create_placement(session: Session, principal: Principal, data: PlacementCreate) -> Placement:
    """Record a placement by hand (one not reported through supplier feedback)."""
    requirement = session.exec(
        select(EmploymentRequirement).where(
            EmploymentRequirement.contract_id == data.contract_id,
            EmploymentRequirement.matching_actor_id == principal.organisation_id,
        )
    ).first()
    vacancy = session.get(Vacancy, data.vacancy_id)
    seeker = session.get(JobSeeker, data.seeker_id)
    problems = []
    if requirement is None:
        problems.append({"field": "contract_id", "message": "no contract of yours has this id"})
    if vacancy is None or vacancy.contract_id != data.contract_id:
        problems.append({"field": "vacancy_id", "message": "no vacancy under this contract has this id"})
    if seeker is None or seeker.matching_actor_id != principal.organisation_id:
        problems.append({"field": "seeker_id", "message": "no job seeker of yours has this id"})
    if requirement is not None and str(data.kind) not in requirement.placement_kinds:
        problems.append({"field": "kind", "message": "the contract's requirement does not allow this kind"})
    if data.target_group is not None and seeker is not None:
        groups = {
            str(e.target_group)
            for e in session.exec(select(Eligibility).where(Eligibility.seeker_id == pk(seeker)))
            if e.verified and (e.valid_until is None or e.valid_until >= data.start_date)
        }
        if str(data.target_group) not in groups:
            problems.append(
                {"field": "target_group", "message": "no verified eligibility for it on the start day"}
            )
    if problems:
        raise BadInput(f"{problems[0]['field']}: {problems[0]['message']}", errors=problems)
    require_consent(seeker)
    row = Placement.model_validate(data.model_dump())
    session.add(row)
    session.flush()
    record(session, principal, "placement.create", "placement", pk(row), seeker_id=data.seeker_id)
    return row


def create_placement_once(
    session: Session, principal: Principal, data: PlacementCreate, key: str | None
) -> tuple[PlacementPublic, bool]:
    """``create_placement`` at most once per idempotency key: (placement, replayed)."""
    return once(
        session, principal, key, "placement", data.model_dump(mode="json"),
        lambda: PlacementPublic.model_validate(create_placement(session, principal, data).model_dump()),
        lambda r: r.model_dump(mode="json"), PlacementPublic.model_validate,
        audit_object=lambda r: ("placement", r.id),
    )  # fmt: skip


def add_follow_up(session: Session, principal: Principal, placement_id: int, data: FollowUpBody) -> FollowUp:
    placement = session.exec(
        select(Placement).where(
            Placement.id == placement_id,
            col(Placement.contract_id).in_(_actor_contract_ids(principal)),  # type: ignore[arg-type]
        )
    ).first()
    if placement is None:
        raise NotFound(f"placement {placement_id} does not exist")
    require_consent(session.get(JobSeeker, placement.seeker_id))
    taken = select(FollowUp.id).where(
        FollowUp.placement_id == placement_id, FollowUp.months_after_end == data.months_after_end
    )
    if session.exec(taken).first() is not None:
        raise Conflict(f"a {data.months_after_end}-month follow-up of this placement is already recorded")
    row = FollowUp(placement_id=placement_id, **data.model_dump())
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:  # recorded concurrently
        raise Conflict(
            f"a {data.months_after_end}-month follow-up of this placement is already recorded"
        ) from exc
    record(session, principal, "followup.create", "placement", placement_id, seeker_id=placement.seeker_id)
    return row
