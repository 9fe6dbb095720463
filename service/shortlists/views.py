"""Reading a stored shortlist: entries with explanations, eligibility and decision state, with filters.

Seekers the hard constraints filtered out are shown on request only, computed now and never stored.
"""

from dataclasses import dataclass
from datetime import date

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
from models.enums import ConsentStatus, PlacementKind, TargetGroup
from service.engine.match_band import match_estimate
from service.engine.pools import RankingEngine, eligibility_by_seeker
from service.engine.translate import to_vacancy_profile
from service.platform.audit import record
from service.platform.config import get_settings
from service.platform.errors import NotFound
from service.platform.principal import Principal
from service.shortlists.changes import ListChanges, is_stale, list_changes
from service.shortlists.gaps import entry_gaps
from service.shortlists.schemas import (
    DecisionState,
    DroppedEntry,
    EligibilitySummary,
    ExcludedSeeker,
    ShortlistEntryPublic,
    ShortlistPublic,
    as_contributions,
    as_reasons,
)
from service.shortlists.service import actor_vacancy, current_shortlist, reason_rows, require_engine


@dataclass(frozen=True)
class EntryFilters:
    target_group: TargetGroup | None = None
    max_distance_km: float | None = None
    kind: PlacementKind | None = None


def _valid_groups(session: Session, seeker_ids: list[int], day: date) -> dict[int, set[str]]:
    groups: dict[int, set[str]] = {}
    for seeker_id, rows in eligibility_by_seeker(session, seeker_ids).items():
        groups[seeker_id] = {
            str(e.target_group)
            for e in rows
            if e.verified and (e.valid_until is None or e.valid_until >= day)
        }
    return groups


def decision_states(session: Session, vacancy_id: int, seeker_ids: list[int]) -> dict[int, DecisionState]:
    """Per seeker: the latest decision on any shortlist of this vacancy, and the proposal if one was made."""
    states: dict[int, DecisionState] = {s: DecisionState() for s in seeker_ids}
    rows = session.exec(
        select(ReviewDecision, ShortlistEntry.seeker_id)
        .join(ShortlistEntry, col(ShortlistEntry.id) == col(ReviewDecision.entry_id))
        .join(Shortlist, col(Shortlist.id) == col(ShortlistEntry.shortlist_id))
        .where(Shortlist.vacancy_id == vacancy_id, col(ShortlistEntry.seeker_id).in_(seeker_ids))
        .order_by(col(ReviewDecision.id))
    ).all()
    for decision, seeker_id in rows:
        states[seeker_id] = DecisionState(
            decision=decision.decision,
            reason_code=decision.reason_code,
            reviewer_id=decision.reviewer_id,
            decided_at=decision.created_at,
        )
    proposals = session.exec(
        select(Proposal).where(Proposal.vacancy_id == vacancy_id, col(Proposal.seeker_id).in_(seeker_ids))
    ).all()
    for proposal in proposals:
        states[proposal.seeker_id] = states[proposal.seeker_id].model_copy(
            update={"proposal_id": proposal.id}
        )
    return states


def _keep(entry: ShortlistEntry, seeker: JobSeeker, groups: set[str], filters: EntryFilters) -> bool:
    if filters.target_group is not None and filters.target_group.value not in groups:
        return False
    if filters.max_distance_km is not None and (
        entry.distance_km is None or entry.distance_km > filters.max_distance_km
    ):
        return False
    # A seeker who names no wanted kinds takes any kind.
    return filters.kind is None or not seeker.wanted_kinds or filters.kind.value in seeker.wanted_kinds


def shortlist_view(
    session: Session,
    principal: Principal,
    vacancy_id: int,
    engine: RankingEngine,
    *,
    filters: EntryFilters,
    offset: int,
    limit: int,
    include_excluded: bool = False,
    audit: bool = True,
) -> ShortlistPublic:
    """The current READY shortlist with explanations and decision state; excluded seekers on request.

    ``audit=False``: the caller audits the read itself (``service.shortlists.cached`` batches it).
    """
    vacancy, requirement = actor_vacancy(session, principal, vacancy_id)
    shortlist = current_shortlist(session, vacancy_id)
    if shortlist is None:
        raise NotFound(f"vacancy {vacancy_id} has no shortlist yet; compute one with POST")
    excluded = _excluded(session, principal, vacancy, requirement, engine) if include_excluded else None
    entries = session.exec(
        select(ShortlistEntry)
        .where(ShortlistEntry.shortlist_id == shortlist.id)
        .order_by(col(ShortlistEntry.rank))
    ).all()
    seeker_ids = [e.seeker_id for e in entries]
    seekers = {
        s.id: s for s in session.exec(select(JobSeeker).where(col(JobSeeker.id).in_(seeker_ids))).all()
    }
    day = vacancy.start_date or date.today()
    groups = _valid_groups(session, seeker_ids, day)
    wanted_groups = set(requirement.target_groups)
    kept = [
        e
        for e in entries
        # Consent withdrawn after the list was computed: the person leaves the list at once.
        if seekers[e.seeker_id].consent == ConsentStatus.GIVEN
        and _keep(e, seekers[e.seeker_id], groups.get(e.seeker_id, set()), filters)
    ]
    page = kept[offset : offset + limit]
    changes = list_changes(session, shortlist)
    states = decision_states(session, vacancy_id, [e.seeker_id for e in page])
    gaps = entry_gaps(session, vacancy, [seekers[e.seeker_id] for e in page])
    items = []
    for e in page:
        eligible = sorted(groups.get(e.seeker_id, set()) & wanted_groups)
        change, previous_rank = changes.of(e.seeker_id, e.rank)
        estimate = (
            match_estimate(shortlist.model_version, e.score, e.contributions, e.matched_skills)
            if e.source == "engine"
            else None
        )
        items.append(
            ShortlistEntryPublic(
                id=pk(e),
                seeker_id=e.seeker_id,
                seeker_ref=seekers[e.seeker_id].ref,
                rank=e.rank,
                score=e.score,
                intercept=e.intercept,
                match_band=estimate.band if estimate else None,
                match_probability=estimate.probability if estimate else None,
                contributions=as_contributions(e.contributions),
                reasons=as_reasons(e.reasons),
                matched_skills=e.matched_skills,
                missing_skills=e.missing_skills,
                distance_km=e.distance_km,
                source=e.source,
                manual_reason=e.manual_reason,
                eligibility=EligibilitySummary(
                    eligible=bool(eligible) or not wanted_groups, target_groups=eligible
                ),
                decision_state=states[e.seeker_id],
                version=e.version,
                change=change,
                previous_rank=previous_rank,
                raise_match=gaps.get(e.seeker_id),
            )
        )
    if audit:
        record(
            session,
            principal,
            "shortlist.read",
            "shortlist",
            pk(shortlist),
            detail={"entries": len(items), "excluded": len(excluded) if excluded is not None else None},
        )
    return ShortlistPublic(
        id=pk(shortlist),
        vacancy_id=vacancy_id,
        status=shortlist.status,
        model_version=shortlist.model_version,
        config_hash=shortlist.config_hash,
        input_hash=shortlist.input_hash,
        created_at=shortlist.created_at,
        vacancy_version=shortlist.vacancy_version,
        placement_version=vacancy.version,
        stale=is_stale(shortlist, vacancy),
        previous_id=changes.previous_id,
        dropped=dropped_entries(session, vacancy_id, changes),
        entries=items,
        total=len(kept),
        offset=offset,
        limit=limit,
        excluded=excluded,
    )


def dropped_entries(session: Session, vacancy_id: int, changes: ListChanges) -> list[DroppedEntry]:
    """Who left the list, with their decisions (people who withdrew consent are left out)."""
    if not changes.dropped:
        return []
    rows = session.exec(
        select(JobSeeker.id, JobSeeker.ref).where(
            col(JobSeeker.id).in_(list(changes.dropped)), JobSeeker.consent == ConsentStatus.GIVEN
        )
    ).all()
    refs = {int(seeker_id or 0): ref for seeker_id, ref in rows}
    states = decision_states(session, vacancy_id, list(refs))
    return [
        DroppedEntry(
            seeker_id=seeker_id,
            seeker_ref=refs[seeker_id],
            previous_rank=rank,
            decision_state=states[seeker_id],
        )
        for seeker_id, rank in sorted(changes.dropped.items(), key=lambda item: item[1])
        if seeker_id in refs
    ]


def _excluded(
    session: Session,
    principal: Principal,
    vacancy: Vacancy,
    requirement: EmploymentRequirement,
    engine: RankingEngine,
) -> list[ExcludedSeeker]:
    require_engine(session)
    pool = engine.seekers(session, principal.organisation_id)
    ranked = pool.pipeline.shortlist(
        to_vacancy_profile(vacancy, requirement), k=get_settings().shortlist_size, include_excluded=True
    )
    out = [m for m in ranked.matches if m.excluded_reasons]
    refs = dict(
        session.exec(
            select(JobSeeker.id, JobSeeker.ref).where(col(JobSeeker.id).in_([int(m.seeker_id) for m in out]))
        ).all()
    )
    return [
        ExcludedSeeker(
            seeker_id=int(m.seeker_id),
            seeker_ref=refs.get(int(m.seeker_id), ""),
            score=m.score,
            excluded_reasons=list(m.excluded_reasons),
            reasons=as_reasons(reason_rows(m)),
        )
        for m in out
    ]
