"""What the pages change: computing shortlists, decisions, manual additions, feedback, vacancies.

Each action checks the caller, writes its audit event in the same transaction and only flushes; the
request session commits.
"""

import hashlib
import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import update
from sqlmodel import Session, col, func, select

from matcher.pipeline import RankingPipeline
from matcher.types import ScoredMatch
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
    SupplierFeedback,
    Vacancy,
)
from models.base import pk, utcnow
from models.enums import (
    ConsentStatus,
    Decision,
    FeedbackOutcome,
    ProposalStatus,
    ReasonCode,
    ShortlistStatus,
    VacancyStatus,
)
from models.vacancy import VacancyCreate, VacancyUpdate
from service.audit import record
from service.auth.principal import Principal
from service.config import get_settings
from service.enrichment import enrich_vacancy
from service.errors import BadInput, Conflict, Forbidden, NotFound, Unavailable
from service.ranking import build_pipeline
from service.system.service import is_manual_mode
from service.translate import to_seeker_profile, to_vacancy_profile

# One indexed pipeline per (matching actor, seeker contents, model): re-indexing 1,000 seekers per click
# would make staff wait; any change to a seeker's text changes the key.
_PIPELINES: dict[tuple[int, str], RankingPipeline] = {}


def _requirement(session: Session, contract_id: int) -> EmploymentRequirement | None:
    return session.exec(
        select(EmploymentRequirement).where(EmploymentRequirement.contract_id == contract_id)
    ).first()


def _actor_pipeline(session: Session, actor_id: int) -> tuple[RankingPipeline, str]:
    seekers = session.exec(
        select(JobSeeker)
        .where(JobSeeker.matching_actor_id == actor_id, JobSeeker.consent == ConsentStatus.GIVEN)
        .order_by(col(JobSeeker.id))
    ).all()
    elig: dict[int, list[Eligibility]] = {}
    ids = [s.id for s in seekers]
    for e in session.exec(select(Eligibility).where(col(Eligibility.seeker_id).in_(ids))).all():
        elig.setdefault(e.seeker_id, []).append(e)
    digest = hashlib.sha256()
    for s in seekers:
        digest.update(f"{s.id}:{s.content_hash}:{s.updated_at.isoformat()};".encode())
        for e in elig.get(pk(s), []):
            digest.update(f"{e.target_group}:{e.verified}:{e.valid_until};".encode())
    key = (actor_id, digest.hexdigest())
    if key not in _PIPELINES:
        _PIPELINES.clear()
        pipeline = build_pipeline(session, session.get_bind())  # type: ignore[arg-type]
        pipeline.index_seekers([to_seeker_profile(s, elig.get(pk(s), [])) for s in seekers])
        _PIPELINES[key] = pipeline
    return _PIPELINES[key], key[1]


def compute_shortlist(session: Session, principal: Principal, vacancy_id: int) -> Shortlist:
    if is_manual_mode(session):
        raise Unavailable("the ranking engine is in manual mode; shortlists can only be made by hand")
    vacancy = session.get(Vacancy, vacancy_id)
    if vacancy is None:
        raise NotFound(f"vacancy {vacancy_id} does not exist")
    requirement = _requirement(session, vacancy.contract_id)
    if requirement is None or requirement.matching_actor_id != principal.organisation_id:
        raise NotFound(f"vacancy {vacancy_id} does not exist")
    pipeline, seekers_hash = _actor_pipeline(session, principal.organisation_id)
    input_hash = hashlib.sha256(
        f"{vacancy.content_hash}|{vacancy.updated_at}|{seekers_hash}".encode()
    ).hexdigest()
    cached = session.exec(
        select(Shortlist).where(
            Shortlist.vacancy_id == vacancy_id,
            Shortlist.status == ShortlistStatus.READY,
            Shortlist.input_hash == input_hash,
            Shortlist.model_version == pipeline.model_version[:64],
        )
    ).first()
    if cached is not None:
        return cached
    ranked = pipeline.shortlist(to_vacancy_profile(vacancy, requirement), k=get_settings().shortlist_size)
    config = hashlib.sha256(f"k={get_settings().shortlist_size}".encode()).hexdigest()
    shortlist = Shortlist(
        vacancy_id=vacancy_id,
        model_version=pipeline.model_version[:64],
        config_hash=config,
        input_hash=input_hash,
    )
    session.add(shortlist)
    session.flush()
    for m in ranked.matches:
        session.add(_entry(pk(shortlist), m))
    for old in session.exec(
        select(Shortlist).where(Shortlist.vacancy_id == vacancy_id, Shortlist.status == ShortlistStatus.READY)
    ).all():
        old.status = ShortlistStatus.SUPERSEDED
        session.add(old)
    shortlist.status = ShortlistStatus.READY
    session.add(shortlist)
    record(
        session,
        principal,
        "shortlist.compute",
        "shortlist",
        pk(shortlist),
        detail={"entries": len(ranked.matches)},
    )
    session.flush()
    return shortlist


def _entry(shortlist_id: int, m: ScoredMatch) -> ShortlistEntry:
    return ShortlistEntry(
        shortlist_id=shortlist_id,
        seeker_id=int(m.seeker_id),
        rank=m.rank,
        score=m.score,
        intercept=m.intercept,
        contributions=[
            {"feature": c.feature, "value": c.value, "contribution": c.contribution} for c in m.contributions
        ],
        reasons=[{"code": r.code, "sv": r.sv, "en": r.en, "positive": r.positive} for r in m.reasons],
        matched_skills=list(m.matched_skills),
        missing_skills=list(m.missing_skills),
        distance_km=m.distance_km,
    )


def vacancy_of_entry(session: Session, entry_id: int) -> int:
    row = session.exec(
        select(Shortlist.vacancy_id)
        .join(ShortlistEntry, col(ShortlistEntry.shortlist_id) == col(Shortlist.id))
        .where(ShortlistEntry.id == entry_id)
    ).first()
    if row is None:
        raise NotFound(f"shortlist entry {entry_id} does not exist")
    return int(row)


def vacancy_of_proposal(session: Session, proposal_id: int) -> int:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None:
        raise NotFound(f"proposal {proposal_id} does not exist")
    return proposal.vacancy_id


def decide(
    session: Session,
    principal: Principal,
    entry_id: int,
    decision: Decision,
    reason_code: ReasonCode,
    comment: str,
    expected_version: int | None,
) -> ReviewDecision:
    if principal.user_id is None:
        raise Forbidden("decisions are taken by a person; machine clients cannot decide")
    entry = session.get(ShortlistEntry, entry_id)
    if entry is None:
        raise NotFound(f"shortlist entry {entry_id} does not exist")
    expected = entry.version if expected_version is None else expected_version
    # Guarded write: of two reviewers deciding at once, only the first moves the version on.
    result = session.execute(
        update(ShortlistEntry)
        .where(col(ShortlistEntry.id) == entry_id, col(ShortlistEntry.version) == expected)
        .values(version=expected + 1)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise Conflict("someone else decided on this candidate just now; reload to see their decision")
    row = ReviewDecision(
        entry_id=entry_id,
        reviewer_id=principal.user_id,
        decision=decision,
        reason_code=reason_code,
        comment=comment,
    )
    session.add(row)
    session.flush()
    record(
        session,
        principal,
        "decision.create",
        "decision",
        pk(row),
        seeker_id=entry.seeker_id,
        detail={"decision": decision.value, "reason_code": reason_code.value},
    )
    if decision == Decision.PROPOSE:
        vacancy_id = vacancy_of_entry(session, entry_id)
        exists = session.exec(
            select(Proposal).where(Proposal.seeker_id == entry.seeker_id, Proposal.vacancy_id == vacancy_id)
        ).first()
        if exists is None:
            proposal = Proposal(
                seeker_id=entry.seeker_id,
                vacancy_id=vacancy_id,
                entry_id=entry_id,
                proposed_by=principal.user_id,
            )
            session.add(proposal)
            session.flush()
            record(session, principal, "proposal.create", "proposal", pk(proposal), seeker_id=entry.seeker_id)
    session.expire(entry)
    return row


def add_manual(
    session: Session, principal: Principal, vacancy_id: int, seeker_id: int, reason: str
) -> ShortlistEntry:
    shortlist = session.exec(
        select(Shortlist)
        .where(Shortlist.vacancy_id == vacancy_id, Shortlist.status == ShortlistStatus.READY)
        .order_by(col(Shortlist.id).desc())
    ).first()
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
    existing = session.exec(
        select(ShortlistEntry).where(
            ShortlistEntry.shortlist_id == shortlist.id, ShortlistEntry.seeker_id == seeker_id
        )
    ).first()
    if existing is not None:
        raise Conflict("this job seeker is already on the shortlist")
    last = session.exec(
        select(func.max(ShortlistEntry.rank)).where(ShortlistEntry.shortlist_id == shortlist.id)
    ).one()
    entry = ShortlistEntry(
        shortlist_id=pk(shortlist),
        seeker_id=seeker_id,
        rank=(last or 0) + 1,
        score=0.0,
        source="manual",
        manual_reason=reason,
        added_by=principal.user_id,
    )
    session.add(entry)
    session.flush()
    record(
        session,
        principal,
        "shortlist.manual_add",
        "shortlist",
        pk(shortlist),
        seeker_id=seeker_id,
        detail={"reason": reason},
    )
    return entry


def feedback(
    session: Session,
    principal: Principal,
    proposal_id: int,
    outcome: FeedbackOutcome,
    reason: str,
    placement_start: date | None,
) -> SupplierFeedback:
    proposal = session.get(Proposal, proposal_id)
    if proposal is None or principal.user_id is None:
        raise NotFound(f"proposal {proposal_id} does not exist")
    vacancy = session.get(Vacancy, proposal.vacancy_id)
    contract = session.get(Contract, vacancy.contract_id) if vacancy else None
    if vacancy is None or contract is None or contract.supplier_org_id != principal.organisation_id:
        raise NotFound(f"proposal {proposal_id} does not exist")
    row = SupplierFeedback(
        proposal_id=proposal_id, outcome=outcome, reason=reason, given_by=principal.user_id
    )
    session.add(row)
    proposal.status = ProposalStatus(outcome.value)
    session.add(proposal)
    if outcome == FeedbackOutcome.HIRED and placement_start is not None:
        requirement = _requirement(session, contract.id or 0)
        groups = set(requirement.target_groups) if requirement else set()
        elig = session.exec(select(Eligibility).where(Eligibility.seeker_id == proposal.seeker_id)).all()
        group = next(
            (
                e.target_group
                for e in elig
                if str(e.target_group) in groups
                and e.verified
                and (e.valid_until is None or e.valid_until >= placement_start)
            ),
            None,
        )
        session.add(
            Placement(
                seeker_id=proposal.seeker_id,
                vacancy_id=vacancy.id or 0,
                contract_id=contract.id or 0,
                kind=vacancy.kind,
                target_group=group,
                start_date=placement_start,
                extent=vacancy.extent,
            )
        )
    session.flush()
    record(
        session,
        principal,
        "feedback.create",
        "proposal",
        proposal_id,
        seeker_id=proposal.seeker_id,
        detail={"outcome": outcome.value},
    )
    return row


@dataclass
class MatchView:
    percent: int
    reasons: list[dict[str, Any]]


def vacancies_for(session: Session, principal: Principal, seeker_id: int) -> list[tuple[MatchView, Vacancy]]:
    if is_manual_mode(session):
        return []
    seeker = session.get(JobSeeker, seeker_id)
    if seeker is None:
        raise NotFound(f"job seeker {seeker_id} does not exist")
    rows = session.exec(
        select(Vacancy, EmploymentRequirement)
        .join(EmploymentRequirement, col(EmploymentRequirement.contract_id) == col(Vacancy.contract_id))
        .where(
            EmploymentRequirement.matching_actor_id == principal.organisation_id,
            Vacancy.status == VacancyStatus.OPEN,
        )
        .order_by(col(Vacancy.id))
    ).all()
    if not rows:
        return []
    by_id = {str(v.id): v for v, _ in rows}
    elig = list(session.exec(select(Eligibility).where(Eligibility.seeker_id == seeker_id)).all())
    pipeline = build_pipeline(session, session.get_bind())  # type: ignore[arg-type]
    pipeline.index_vacancies([to_vacancy_profile(v, r) for v, r in rows])
    ranked = pipeline.vacancies_for(to_seeker_profile(seeker, elig), k=10)
    return [
        (
            MatchView(round(100 / (1 + math.exp(-m.score))), [{"sv": r.sv, "en": r.en} for r in m.reasons]),
            by_id[m.vacancy_id],
        )
        for m in ranked.matches
    ]


class FormErrors(Exception):
    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors


def save_vacancy(
    session: Session, principal: Principal, form: dict[str, str], *, vacancy_id: int | None
) -> int:
    """Create or update a supplier's vacancy from form fields; FormErrors names each bad field."""
    values: dict[str, Any] = {
        "title": form.get("title", "").strip(),
        "description": form.get("description", ""),
        "occupation_id": form.get("occupation_id") or None,
        "required_skills": [s.strip() for s in form.get("required_skills", "").split(",") if s.strip()],
        "swedish_level": form.get("swedish_level") or None,
        "kind": form.get("kind") or "employment",
        "start_date": form.get("start_date") or None,
        "positions": form.get("positions") or 1,
        "status": form.get("status") or "draft",
    }
    contract_id = int(form["contract_id"]) if form.get("contract_id", "").isdigit() else 0
    contract = session.get(Contract, contract_id)
    errors: dict[str, str] = {}
    if contract is None or contract.supplier_org_id != principal.organisation_id:
        errors["contract_id"] = "Välj ett av era kontrakt. / Choose one of your contracts."
    requirement = _requirement(session, contract_id) if contract else None
    if requirement and values["kind"] not in requirement.placement_kinds:
        errors["kind"] = "Kontraktet tillåter inte den formen. / The contract does not allow this kind."
    data: VacancyCreate | VacancyUpdate | None = None
    try:
        if vacancy_id is None:
            ref = f"web-{principal.organisation_id}-{utcnow().strftime('%Y%m%d%H%M%S%f')}"
            data = VacancyCreate.model_validate({**values, "ref": ref, "contract_id": contract_id})
        else:
            data = VacancyUpdate.model_validate(values)
    except ValidationError as exc:
        for e in exc.errors():
            errors.setdefault(str(e["loc"][0]), e["msg"])
    if errors or data is None:
        raise FormErrors(errors)
    if vacancy_id is None:
        row = Vacancy.model_validate(data.model_dump(mode="json"))
    else:
        found = session.get(Vacancy, vacancy_id)
        if found is None:
            raise NotFound(f"vacancy {vacancy_id} does not exist")
        row = found
        for key, value in data.model_dump(mode="json", exclude_unset=True).items():
            setattr(row, key, value)
        row.contract_id = contract_id
        row.updated_at = utcnow()
    enrich_vacancy(row)
    session.add(row)
    session.flush()
    record(session, principal, "vacancy.save", "vacancy", pk(row))
    return pk(row)


__all__ = ["BadInput", "FormErrors"]
