"""What would raise a match: per shortlisted person, the missing requirement that costs the most.

Computed when a list is read, never stored (no column holds it): the matcher re-evaluates the placement's
hard constraints and the scorer's features with each missing requirement added
(``matcher.rank.raise_match``). The active scorer prices the gain; a list ranked by an older scorer is
priced by the current one, which is the one that will rank the person next.
"""

from collections.abc import Sequence

from pydantic import BaseModel, Field
from sqlmodel import Session, select

from matcher import SeekerProfile, VacancyProfile, default_taxonomy
from matcher.rank.raise_match import Gain, costliest_gap, gains_by_seeker
from models import EmploymentRequirement, JobSeeker, Vacancy
from service.engine.ranking import active_scorer
from service.engine.translate import to_seeker_profile, to_vacancy_profile


class MatchGap(BaseModel):
    """The one addition that would raise this match the most."""

    kind: str = Field(
        description="required_skill, desired_skill, licence, swedish (a level), language (another one, "
        "with its level) or commute (the distance beyond the person's wanted commute)"
    )
    code: str = Field(description="skill concept id or label, licence code, CEFR level, language code or km")
    level: str | None = Field(default=None, description="the level asked for of another language")
    label_sv: str
    label_en: str
    gain: float = Field(description="how much the score (logit) would rise with it, the rest unchanged")
    unblocks: list[str] = Field(
        default_factory=list,
        description="hard constraints it lifts (e.g. licence_missing): without it the person cannot be "
        "proposed by the engine",
    )


def as_gap(gain: Gain) -> MatchGap:
    a = gain.addition
    return MatchGap(
        kind=str(a.kind),
        code=a.code,
        level=a.level,
        label_sv=a.label_sv,
        label_en=a.label_en,
        gain=round(gain.gain, 4),
        unblocks=list(gain.unblocks),
    )


def vacancy_profile(session: Session, vacancy: Vacancy) -> VacancyProfile:
    requirement = session.exec(
        select(EmploymentRequirement).where(EmploymentRequirement.contract_id == vacancy.contract_id)
    ).first()
    return to_vacancy_profile(vacancy, requirement)


def entry_gaps(
    session: Session, vacancy: Vacancy, seekers: Sequence[JobSeeker]
) -> dict[int, MatchGap | None]:
    """Per seeker id, the costliest missing requirement for this placement; None where nothing costs."""
    if not seekers:
        return {}
    # Eligibility is left out: no addition changes it, and the gains do not depend on it.
    profiles: list[SeekerProfile] = [to_seeker_profile(s, []) for s in seekers]
    found = gains_by_seeker(
        vacancy_profile(session, vacancy), profiles, active_scorer(session), default_taxonomy()
    )
    out: dict[int, MatchGap | None] = {}
    for profile in profiles:
        gap = costliest_gap(found[profile.id])
        out[int(profile.id)] = as_gap(gap) if gap is not None else None
    return out
