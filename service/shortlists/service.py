"""Computing and storing shortlists; vacancies for a seeker (computed, not stored).

A stored shortlist is written whole in one transaction and only then marked READY, so reviewers never see
a half-written one; the READY list it replaces becomes SUPERSEDED in the same transaction. Ranking runs
before the session writes anything (see ``service.engine.pools``).
"""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, update
from sqlmodel import Session, col, func, select

from matcher import Contribution, Reason, ScoredMatch
from models import (
    EmploymentRequirement,
    JobSeeker,
    Shortlist,
    ShortlistEntry,
    Vacancy,
)
from models.base import pk
from models.enums import ShortlistStatus, VacancyStatus
from service.engine.match_band import match_estimate
from service.engine.pools import (
    RankingEngine,
    config_hash,
    eligibility_by_seeker,
    shortlist_input_hash,
)
from service.engine.translate import to_seeker_profile, to_vacancy_profile
from service.platform.audit import record
from service.platform.config import get_settings
from service.platform.errors import Conflict, NotFound, Unavailable
from service.platform.principal import Principal
from service.seekers.consent import require_consent
from service.shortlists.schemas import (
    SeekerVacancies,
    VacancyMatch,
    as_contributions,
    as_reasons,
)
from service.system.service import is_manual_mode

MANUAL_MODE_MESSAGE = (
    "The ranking engine is switched off (manual mode). Shortlists can still be made by hand with "
    "POST /vacancies/{id}/shortlist/manual."
)


def require_engine(session: Session) -> None:
    if is_manual_mode(session):
        raise Unavailable(MANUAL_MODE_MESSAGE)


def actor_vacancy(
    session: Session, principal: Principal, vacancy_id: int
) -> tuple[Vacancy, EmploymentRequirement]:
    """The vacancy if the caller's organisation is the matching actor of its contract; 404 otherwise."""
    row = session.exec(
        select(Vacancy, EmploymentRequirement)
        .join(EmploymentRequirement, col(EmploymentRequirement.contract_id) == col(Vacancy.contract_id))
        .where(Vacancy.id == vacancy_id, EmploymentRequirement.matching_actor_id == principal.organisation_id)
    ).first()
    if row is None:
        raise NotFound(f"vacancy {vacancy_id} does not exist")
    return row[0], row[1]


def actor_seeker(session: Session, principal: Principal, seeker_id: int) -> JobSeeker:
    seeker = session.get(JobSeeker, seeker_id)
    if seeker is None or seeker.matching_actor_id != principal.organisation_id:
        raise NotFound(f"job seeker {seeker_id} does not exist")
    return seeker


def current_shortlist(session: Session, vacancy_id: int) -> Shortlist | None:
    return session.exec(
        select(Shortlist)
        .where(Shortlist.vacancy_id == vacancy_id, Shortlist.status == ShortlistStatus.READY)
        .order_by(col(Shortlist.id).desc())
    ).first()


def reason_rows(m: ScoredMatch) -> list[dict[str, Any]]:
    return reason_dicts(m.reasons)


def reason_dicts(reasons: Sequence[Reason]) -> list[dict[str, Any]]:
    return [{"code": r.code, "sv": r.sv, "en": r.en, "positive": r.positive} for r in reasons]


def contribution_rows(m: ScoredMatch) -> list[dict[str, Any]]:
    return [{"feature": c.feature, "value": c.value, "contribution": c.contribution} for c in m.contributions]


def entry_from_match(shortlist_id: int, m: ScoredMatch) -> ShortlistEntry:
    return ShortlistEntry(
        shortlist_id=shortlist_id,
        seeker_id=int(m.seeker_id),
        rank=m.rank,
        score=m.score,
        intercept=m.intercept,
        contributions=contribution_rows(m),
        reasons=reason_rows(m),
        matched_skills=list(m.matched_skills),
        missing_skills=list(m.missing_skills),
        distance_km=m.distance_km,
    )


def match_from_entry(vacancy_id: int, e: ShortlistEntry) -> ScoredMatch:
    """``entry_from_match`` undone: a stored engine entry as the matcher's match."""
    return ScoredMatch(
        vacancy_id=str(vacancy_id),
        seeker_id=str(e.seeker_id),
        rank=e.rank,
        score=e.score,
        intercept=e.intercept,
        contributions=tuple(
            Contribution(c["feature"], c["value"], c["contribution"]) for c in e.contributions
        ),
        reasons=tuple(Reason(r["code"], r["sv"], r["en"], r["positive"]) for r in e.reasons),
        matched_skills=tuple(e.matched_skills),
        missing_skills=tuple(e.missing_skills),
        distance_km=e.distance_km,
    )


def compute_shortlist(
    session: Session, principal: Principal, vacancy_id: int, engine: RankingEngine
) -> tuple[Shortlist, bool]:
    """Rank the actor's consenting seekers for the vacancy and store the result; (shortlist, was_cached)."""
    require_engine(session)
    vacancy, requirement = actor_vacancy(session, principal, vacancy_id)
    if vacancy.status in (VacancyStatus.FILLED, VacancyStatus.CLOSED):
        raise Conflict(f"vacancy {vacancy_id} is {vacancy.status}; there is nobody to shortlist for")
    pool = engine.seekers(session, principal.organisation_id)
    profile = to_vacancy_profile(vacancy, requirement)
    k = get_settings().shortlist_size
    input_hash = shortlist_input_hash(profile, pool)
    model_version = pool.pipeline.model_version[:64]
    cached = session.exec(
        select(Shortlist).where(
            Shortlist.vacancy_id == vacancy_id,
            Shortlist.status == ShortlistStatus.READY,
            Shortlist.input_hash == input_hash,
            Shortlist.model_version == model_version,
        )
    ).first()
    if cached is not None:
        if cached.vacancy_version != vacancy.version:
            # The placement is back to what this list was ranked on (same input hash): current again.
            cached.vacancy_version = vacancy.version
            session.add(cached)
            session.flush()
        return cached, True
    ranked = pool.pipeline.shortlist(profile, k=k)
    # Writes start here. Lock the vacancy (PostgreSQL) so two runs cannot both leave a READY list.
    session.exec(select(Vacancy.id).where(Vacancy.id == vacancy_id).with_for_update()).first()
    shortlist = Shortlist(
        vacancy_id=vacancy_id,
        model_version=model_version,
        config_hash=config_hash(pool.pipeline, k),
        input_hash=input_hash,
        vacancy_version=vacancy.version,
    )
    session.add(shortlist)
    session.flush()
    for match in ranked.matches:
        session.add(entry_from_match(pk(shortlist), match))
    carried = supersede(session, vacancy_id, shortlist, [int(m.seeker_id) for m in ranked.matches])
    shortlist.status = ShortlistStatus.READY
    session.add(shortlist)
    record(
        session,
        principal,
        "shortlist.compute",
        "shortlist",
        pk(shortlist),
        detail={"vacancy_id": vacancy_id, "entries": len(ranked.matches), "manual_carried": carried},
    )
    session.flush()
    return shortlist, False


def supersede(session: Session, vacancy_id: int, new: Shortlist, ranked_ids: Sequence[int]) -> int:
    """Mark older READY lists SUPERSEDED; carry their manual additions over (people chose them).
    ``ranked_ids``: the new list's ranked seekers in rank order. How many additions were carried."""
    return supersede_many(session, [(vacancy_id, pk(new), ranked_ids)]).get(vacancy_id, 0)


def supersede_many(session: Session, lists: Sequence[tuple[int, int, Sequence[int]]]) -> dict[int, int]:
    """``supersede`` for many new lists at once, in three statements whatever their number (the nightly
    re-rank writes lists in batches): ``lists`` holds (vacancy id, new list id, its ranked seeker ids)."""
    if not lists:
        return {}
    new_ids = [sid for _, sid, _ in lists]
    old_lists = session.exec(
        select(Shortlist.id, Shortlist.vacancy_id)
        .where(
            col(Shortlist.vacancy_id).in_([v for v, _, _ in lists]),
            Shortlist.status == ShortlistStatus.READY,
            col(Shortlist.id).not_in(new_ids),
        )
        .order_by(col(Shortlist.id))
    ).all()
    if not old_lists:
        return {}
    old_of: dict[int, list[int]] = {}
    for sid, vid in old_lists:
        old_of.setdefault(vid, []).append(int(sid or 0))
    manual: dict[int, list[ShortlistEntry]] = {}
    for entry in session.exec(
        select(ShortlistEntry)
        .where(
            col(ShortlistEntry.shortlist_id).in_([int(s or 0) for s, _ in old_lists]),
            ShortlistEntry.source == "manual",
        )
        .order_by(col(ShortlistEntry.shortlist_id), col(ShortlistEntry.rank))
    ):
        manual.setdefault(entry.shortlist_id, []).append(entry)
    carried: dict[int, int] = {}
    rows: list[dict[str, Any]] = []
    for vacancy_id, shortlist_id, ranked_ids in lists:
        seen = {int(i) for i in ranked_ids}
        n = 0
        for old_id in old_of.get(vacancy_id, []):
            for entry in manual.get(old_id, []):
                if entry.seeker_id in seen:
                    continue
                seen.add(entry.seeker_id)
                n += 1
                rows.append(
                    ShortlistEntry(
                        shortlist_id=shortlist_id,
                        seeker_id=entry.seeker_id,
                        rank=len(ranked_ids) + n,
                        score=0.0,
                        source="manual",
                        manual_reason=entry.manual_reason,
                        added_by=entry.added_by,
                    ).model_dump(exclude={"id"})
                )
        carried[vacancy_id] = n
    if rows:
        session.execute(insert(ShortlistEntry), rows)
    session.exec(
        update(Shortlist)
        .where(col(Shortlist.id).in_([int(s or 0) for s, _ in old_lists]))
        .values(status=ShortlistStatus.SUPERSEDED)
    )
    return carried


def vacancies_for_seeker(
    session: Session, principal: Principal, seeker_id: int, engine: RankingEngine, k: int
) -> SeekerVacancies:
    """The open vacancies of the actor's contracts that fit the seeker best; computed, never stored."""
    require_engine(session)
    seeker = actor_seeker(session, principal, seeker_id)
    require_consent(seeker)  # matching is what the person consented to
    pool = engine.vacancies(session, principal.organisation_id)
    elig = eligibility_by_seeker(session, [seeker_id]).get(seeker_id, [])
    ranked = pool.pipeline.vacancies_for(to_seeker_profile(seeker, elig), k=k)
    ids = [int(m.vacancy_id) for m in ranked.matches]
    vacancies = {v.id: v for v in session.exec(select(Vacancy).where(col(Vacancy.id).in_(ids))).all()}
    estimates = [
        match_estimate(ranked.model_version, m.score, m.contributions, m.matched_skills)
        for m in ranked.matches
    ]
    items = [
        VacancyMatch(
            vacancy_id=int(m.vacancy_id),
            vacancy_ref=vacancies[int(m.vacancy_id)].ref,
            title=vacancies[int(m.vacancy_id)].title,
            kind=str(vacancies[int(m.vacancy_id)].kind),
            start_date=vacancies[int(m.vacancy_id)].start_date,
            rank=m.rank,
            score=m.score,
            intercept=m.intercept,
            match_band=estimate.band if estimate else None,
            match_probability=estimate.probability if estimate else None,
            contributions=as_contributions(contribution_rows(m)),
            reasons=as_reasons(reason_rows(m)),
            matched_skills=list(m.matched_skills),
            missing_skills=list(m.missing_skills),
            distance_km=m.distance_km,
        )
        for m, estimate in zip(ranked.matches, estimates, strict=True)
        if int(m.vacancy_id) in vacancies
    ]
    record(
        session,
        principal,
        "seeker.vacancies",
        "seeker",
        seeker_id=seeker_id,
        detail={"vacancies": len(items)},
    )
    return SeekerVacancies(seeker_id=seeker_id, model_version=ranked.model_version, items=items)


def next_rank(session: Session, shortlist_id: int) -> int:
    last = session.exec(
        select(func.max(ShortlistEntry.rank)).where(ShortlistEntry.shortlist_id == shortlist_id)
    ).one()
    return int(last or 0) + 1
