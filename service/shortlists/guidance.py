"""Guidance for one seeker: the single addition that would open the most of the actor's open placements.

For each open placement the matcher re-evaluates the hard constraints and features with each addition the
placements ask for (``matcher.rank.raise_match.seeker_guidance``). A placement counts as opened when the
person would pass its hard constraints and reach its list: the last score on its current list when that list
is full, otherwise passing the constraints is enough (a list with room takes everyone who may be placed).
Computed on request, never stored; each read is audited like any other read of a person.
"""

from pydantic import BaseModel, Field
from sqlmodel import Session, col, select

from matcher.rank.raise_match import AdditionEffect, seeker_guidance
from models import Shortlist, ShortlistEntry
from models.base import with_examples
from models.enums import ShortlistStatus
from service.engine.pools import RankingEngine, eligibility_by_seeker
from service.engine.translate import to_seeker_profile
from service.platform.audit import record
from service.platform.config import get_settings
from service.platform.principal import Principal
from service.seekers.consent import require_consent
from service.shortlists.service import actor_seeker, require_engine

MAX_ITEMS = 5


class GuidanceItem(BaseModel):
    """One addition and what it would do across the open placements."""

    kind: str = Field(description="required_skill, desired_skill, licence, swedish or language")
    code: str = Field(description="skill concept id or label, licence code, CEFR level or language code")
    level: str | None = Field(default=None, description="the level of another language, if one is asked")
    label_sv: str
    label_en: str
    opened: int = Field(description="open placements the person would fit with it and does not fit now")
    opened_vacancy_ids: list[int]
    improved: int = Field(description="open placements (that the person may be placed in) it would raise")
    gain: float = Field(description="the summed rise in score (logits) over those placements")


class SeekerGuidance(BaseModel):
    model_config = with_examples(
        {
            "seeker_id": 30,
            "placements": 12,
            "items": [
                {
                    "kind": "licence",
                    "code": "B",
                    "level": None,
                    "label_sv": "körkort B",
                    "label_en": "driving licence B",
                    "opened": 7,
                    "opened_vacancy_ids": [10, 11, 14, 15, 18, 19, 21],
                    "improved": 7,
                    "gain": 7.0,
                }
            ],
        }
    )

    seeker_id: int
    placements: int = Field(description="open placements of the matching actor that were weighed")
    items: list[GuidanceItem] = Field(description="the additions that open or raise most, best first")


def list_bars(session: Session, vacancy_ids: list[int], seeker_id: int, size: int) -> dict[str, float]:
    """Per placement whose current list is full and does not hold the seeker: its last engine score."""
    if not vacancy_ids:
        return {}
    rows = session.exec(
        select(Shortlist.vacancy_id, ShortlistEntry.seeker_id, ShortlistEntry.score)
        .join(ShortlistEntry, col(ShortlistEntry.shortlist_id) == col(Shortlist.id))
        .where(
            col(Shortlist.vacancy_id).in_(vacancy_ids),
            Shortlist.status == ShortlistStatus.READY,
            ShortlistEntry.source == "engine",
        )
    ).all()
    scores: dict[int, list[float]] = {}
    listed: set[int] = set()
    for vacancy_id, entry_seeker, score in rows:
        scores.setdefault(vacancy_id, []).append(score)
        if entry_seeker == seeker_id:
            listed.add(vacancy_id)
    return {str(v): min(s) for v, s in scores.items() if len(s) >= size and v not in listed}


def _item(effect: AdditionEffect) -> GuidanceItem:
    a = effect.addition
    return GuidanceItem(
        kind=str(a.kind),
        code=a.code,
        level=a.level,
        label_sv=a.label_sv,
        label_en=a.label_en,
        opened=len(effect.opened),
        opened_vacancy_ids=[int(v) for v in effect.opened],
        improved=effect.improved,
        gain=round(effect.gain, 4),
    )


def guidance_for_seeker(
    session: Session, principal: Principal, seeker_id: int, engine: RankingEngine, limit: int = MAX_ITEMS
) -> SeekerGuidance:
    """The additions that would open or raise the most of the actor's open placements for this person."""
    require_engine(session)
    seeker = actor_seeker(session, principal, seeker_id)
    require_consent(seeker)  # matching is what the person consented to
    pool = engine.vacancies(session, principal.organisation_id)
    pipeline = pool.pipeline
    profile = to_seeker_profile(seeker, eligibility_by_seeker(session, [seeker_id]).get(seeker_id, []))
    ranked = pipeline.vacancies_for(profile, k=max(pool.size, 1), include_excluded=True)
    vacancy_ids = [int(m.vacancy_id) for m in ranked.matches]
    effects = seeker_guidance(
        profile,
        ranked.matches,
        {v.id: v for v in pipeline.vacancies_},
        pipeline.scorer,
        pipeline.taxonomy,
        bars=list_bars(session, vacancy_ids, seeker_id, get_settings().shortlist_size),
        reference_date=pipeline.reference_date,
        start_grace_days=pipeline.start_grace_days,
    )
    items = [_item(e) for e in effects[:limit]]
    record(
        session,
        principal,
        "seeker.guidance",
        "seeker",
        seeker_id=seeker_id,
        detail={"placements": pool.size, "items": len(items)},
    )
    return SeekerGuidance(seeker_id=seeker_id, placements=pool.size, items=items)
